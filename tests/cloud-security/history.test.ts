// Compliance and resource history in the lake: a fixture scan with the built-in pack writes one
// row per evaluation and per snapshot, in the hour partition of the scan, readable by DuckDB.
import t from 'tap';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import { loadPolicies } from '../../cloud-security/evaluate.js';
import { loadFixture } from '../../cloud-security/fixture.js';
import { COMPLIANCE_HISTORY_COLUMNS, RESOURCE_HISTORY_COLUMNS, writeHistory } from '../../cloud-security/history.js';
import { scanAndEvaluate } from '../../cloud-security/pipeline.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { DuckDbQueryEngine } from '../../query/duckdb-engine.js';
import { lakeKeys, lakeRows, tempLake } from '../helpers/lake.js';

const NOW = new Date('2026-03-01T10:20:00.000Z');
const { policies } = await loadPolicies();
const snapshots = await loadFixture(NOW);

t.test('a fixture scan into a lake: DuckDB counts equal the scan counts', async (t) => {
  const lake = tempLake();
  const r = await scanAndEvaluate({ snapshots, policies, compliance: new EmbeddedComplianceStore(), now: NOW, lake });
  t.equal(r.counts.suppressed, 0, 'the built-in pack suppresses nothing in the fixture');
  t.ok(r.counts.fail > 0 && r.counts.pass > 0);
  t.same(r.historyKeys.map((k) => k.split('/').slice(0, 6).join('/')).sort(), [
    'logs/compliance_history/year=2026/month=03/day=01/hour=10',
    'logs/resource_history/year=2026/month=03/day=01/hour=10',
  ]);

  const engine = await DuckDbQueryEngine.open({ lakeDir: lake.root, logTypes: builtinLogTypes });
  t.teardown(() => engine.close());
  const byStatus = await engine.run('select status, count(*) as n from compliance_history group by 1 order by 1');
  t.same(
    byStatus.rows.map((x) => [x.status, Number(x.n)]),
    [['FAIL', r.counts.fail], ['PASS', r.counts.pass], ...(r.counts.error > 0 ? [['ERROR', r.counts.error]] : [])].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
  const total = await engine.run(
    `select count(*) as n, count(distinct p_row_id) as ids, min(p_event_time) as first, max(p_event_time) as last, min(year * 1000000 + month * 10000 + day * 100 + hour) as part,
       count(*) filter (where p_log_type = 'Compliance.History') as typed from compliance_history`,
  );
  t.match(total.rows[0], { first: '2026-03-01T10:20:00.000Z', last: '2026-03-01T10:20:00.000Z' });
  t.same([Number(total.rows[0]?.n), Number(total.rows[0]?.ids), Number(total.rows[0]?.typed), Number(total.rows[0]?.part)], [r.evaluations, r.evaluations, r.evaluations, 2026030110]);

  const failing = await engine.run(
    `select policyid, resourceid, resourcetype, accountid, region, severity, suppressed from compliance_history where status = 'FAIL' and policyid = 'AWS.IAM.RootUser.NoAccessKeys'`,
  );
  t.equal(failing.rows.length, 1);
  t.match(failing.rows[0], { policyid: 'AWS.IAM.RootUser.NoAccessKeys', resourcetype: 'AWS.IAM.RootUser', suppressed: false });
  t.match(failing.rows[0]?.accountid, /^\d{12}$/);

  const resources = await engine.run(
    `select count(*) as n, count(*) filter (where json_extract_string(resource, '$.ResourceId') = resourceid) as whole,
       count(*) filter (where p_log_type = 'Resource.History') as typed from resource_history`,
  );
  t.same([Number(resources.rows[0]?.n), Number(resources.rows[0]?.whole), Number(resources.rows[0]?.typed)], [snapshots.length, snapshots.length, snapshots.length]);
  const byType = await engine.run('select resourcetype, count(*) as n from resource_history group by 1');
  t.same(Object.fromEntries(byType.rows.map((x) => [x.resourcetype, Number(x.n)])), r.resourcesByType);
});

t.test('each scan appends; without a lake nothing is written', async (t) => {
  const lake = tempLake();
  const compliance = new EmbeddedComplianceStore();
  const small = snapshots.slice(0, 5);
  const first = await scanAndEvaluate({ snapshots: small, policies, compliance, now: NOW, lake });
  const second = await scanAndEvaluate({ snapshots: small, policies, compliance, now: new Date(NOW.getTime() + 60_000), lake });
  t.equal((await lakeKeys(lake)).length, 4, 'two runs, two objects each: the second does not replace the first');
  const rows = await lakeRows(lake, 'logs/resource_history/');
  t.equal(rows.length, 10);
  t.equal(new Set(rows.map((x) => x.p_row_id)).size, 10, 'row ids unique across runs');
  t.same(JSON.parse(String(rows[0]?.resource)), JSON.parse(JSON.stringify(small.find((s) => s.ResourceId === rows[0]?.ResourceId))));
  t.equal((await lakeRows(lake, 'logs/compliance_history/')).length, first.evaluations + second.evaluations);

  const none = await scanAndEvaluate({ snapshots: small, policies, compliance: new EmbeddedComplianceStore(), now: NOW });
  t.same(none.historyKeys, []);
});

t.test('rows hold exactly the declared columns; an error entry keeps its message', async (t) => {
  const lake = tempLake();
  const entry = { policyId: 'P', resourceId: 'r', resourceType: 'AWS.S3.Bucket', accountId: '123456789012', region: 'us-east-1', status: 'ERROR' as const, severity: 'HIGH' as const, errorMessage: "P: KeyError: 'x'", suppressed: false, lastUpdated: '2026-03-01T23:59:59.500Z' };
  const snap = { ResourceId: 'r', ResourceType: 'AWS.S3.Bucket', AccountId: '123456789012', Region: 'us-east-1', Name: 'r', ARN: null, Tags: { a: 'b' }, TimeCreated: null, Extra: { deep: [1] } };
  const res = await writeHistory(lake, [entry], [snap], new Date('2026-03-02T00:00:01.000Z'));
  t.same([res.complianceRows, res.resourceRows], [1, 1]);
  const [c] = await lakeRows(lake, 'logs/compliance_history/year=2026/month=03/day=01/hour=23/');
  t.same(Object.keys(c ?? {}).sort(), COMPLIANCE_HISTORY_COLUMNS.map((x) => x.name).sort());
  t.match(c, { status: 'ERROR', errorMessage: "P: KeyError: 'x'", p_event_time: '2026-03-01 23:59:59.500000000', p_parse_time: '2026-03-02 00:00:01.000000000' });
  const [s] = await lakeRows(lake, 'logs/resource_history/year=2026/month=03/day=02/hour=00/');
  t.same(Object.keys(s ?? {}).sort(), RESOURCE_HISTORY_COLUMNS.map((x) => x.name).sort());
  t.same(JSON.parse(String(s?.resource)), snap);
});
