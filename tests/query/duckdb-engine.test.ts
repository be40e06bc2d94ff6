// The DuckDB engine over a lake the real processor and detections wrote.
import t from 'tap';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { glueColumns } from '../../parsers/core/glue.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { DuckDbQueryEngine } from '../../query/duckdb-engine.js';
import { lakeColumnName } from '../../query/lake-schema.js';
import { LAKE_DATABASES, QueryError } from '../../query/types.js';
import { buildSampleLake } from './fixtures/sample-lake.js';

const lake = await buildSampleLake();
const engine = await DuckDbQueryEngine.open({ lakeDir: lake.dir, logTypes: builtinLogTypes });
t.teardown(() => engine.close());

t.test('log type tables: declared columns, typed values, integer partitions', async (t) => {
  const r = await engine.run(
    `SELECT eventname, eventtime, p_event_time, useridentity.username AS who, p_any_ip_addresses, requestparameters, readonly, year, month, day, hour
     FROM aws_cloudtrail WHERE eventname = 'CreateUser'`,
  );
  t.same(r.rows, [
    {
      eventname: 'CreateUser',
      eventtime: '2023-07-19T22:01:05.000Z',
      p_event_time: '2023-07-19T22:01:05.000Z',
      who: 'Mary_Major',
      p_any_ip_addresses: ['198.51.100.178'],
      requestparameters: '{"userName":"Jane_Roe","tags":[{"key":"Department","value":"Engineering"}]}',
      readonly: false,
      year: 2023,
      month: 7,
      day: 19,
      hour: 22,
    },
  ]);
  t.same(
    r.columns.map((c) => [c.name, c.type]),
    [
      ['eventname', 'VARCHAR'],
      ['eventtime', 'TIMESTAMP'],
      ['p_event_time', 'TIMESTAMP'],
      ['who', 'VARCHAR'],
      ['p_any_ip_addresses', 'VARCHAR[]'],
      ['requestparameters', 'VARCHAR'],
      ['readonly', 'BOOLEAN'],
      ['year', 'INTEGER'],
      ['month', 'INTEGER'],
      ['day', 'INTEGER'],
      ['hour', 'INTEGER'],
    ],
  );
  t.equal(r.truncated, false);
  t.equal(r.stats.bytesScanned, undefined);
  // bigint columns become numbers when exact.
  const flows = await engine.run(`SELECT bytes, packets FROM panther_logs.aws_vpcflow WHERE srcaddr = '185.220.101.45'`);
  t.same(flows.rows, [{ bytes: 180, packets: 3 }]);
});

t.test('every log type table exists with the columns of its declaration, even without files', async (t) => {
  const tables = await engine.tables();
  const okta = tables.find((x) => x.database === LAKE_DATABASES.logs && x.name === 'okta_systemlog');
  const decl = builtinLogTypes.find((l) => l.name === 'Okta.SystemLog');
  t.ok(okta && decl);
  t.same(okta?.columns.map((c) => c.name), [...glueColumns(decl!).map((c) => lakeColumnName(c.name)), 'year', 'month', 'day', 'hour']);
  t.equal(tables.filter((x) => x.database === LAKE_DATABASES.logs).length, builtinLogTypes.length + 3, 'one per log type, unclassified, compliance and resource history');
  t.equal(tables.filter((x) => x.database === LAKE_DATABASES.ruleMatches).length, builtinLogTypes.length + 1, 'one per log type plus scheduled');
  t.equal(tables.filter((x) => x.database === LAKE_DATABASES.ruleErrors).length, builtinLogTypes.length + 1, 'one per log type plus scheduled');
  t.same(tables.filter((x) => x.database === LAKE_DATABASES.views).map((x) => x.name), ['all_logs', 'all_rule_errors', 'all_rule_matches']);
  const empty = await engine.run('SELECT count(*) AS n, max(p_event_time) AS latest FROM okta_systemlog');
  t.same(empty.rows, [{ n: 0, latest: null }]);
  const matches = tables.find((x) => x.database === LAKE_DATABASES.ruleMatches && x.name === 'aws_cloudtrail');
  t.same(matches?.columns.slice(-13).map((c) => `${c.name} ${c.type}`), [
    'p_rule_id VARCHAR',
    'p_alert_id VARCHAR',
    'p_alert_context VARCHAR',
    'p_rule_severity VARCHAR',
    'p_rule_title VARCHAR',
    'p_dedup VARCHAR',
    'p_dedup_period_mins INTEGER',
    'p_rule_tags VARCHAR[]',
    'p_rule_reports MAP(VARCHAR, VARCHAR[])',
    'year INTEGER',
    'month INTEGER',
    'day INTEGER',
    'hour INTEGER',
  ]);
});

t.test('views across tables: all_logs, all_rule_matches, all_rule_errors', async (t) => {
  const counts = await engine.run('SELECT p_log_type, count(*) AS n FROM panther_views.all_logs GROUP BY p_log_type ORDER BY p_log_type');
  t.same(counts.rows, [
    { p_log_type: 'AWS.CloudTrail', n: lake.processed.classified['AWS.CloudTrail'] },
    { p_log_type: 'AWS.VPCFlow', n: lake.processed.classified['AWS.VPCFlow'] },
  ]);
  const root = await engine.run(
    `SELECT p_rule_id, p_log_type, p_rule_severity, p_rule_tags, p_rule_reports, p_dedup_period_mins FROM panther_views.all_rule_matches WHERE p_rule_id = 'AWS.CloudTrail.RootAccountUsed'`,
  );
  t.equal(root.rows.length, 1);
  t.match(root.rows[0], { p_rule_id: 'AWS.CloudTrail.RootAccountUsed', p_log_type: 'AWS.CloudTrail', p_rule_severity: 'HIGH' });
  t.ok(Array.isArray(root.rows[0]?.p_rule_tags), 'lists as arrays');
  t.equal(typeof root.rows[0]?.p_rule_reports, 'object', 'maps as objects');
  const errors = await engine.run('SELECT p_rule_id, p_rule_error, count(*) AS n FROM panther_views.all_rule_errors GROUP BY ALL');
  t.same(errors.rows, [{ p_rule_id: 'Fixture.Bad', p_rule_error: 'rule: TypeError: fixture failure', n: lake.processed.classified['AWS.VPCFlow'] }]);
});

t.test('maxRows truncates; errors are QueryErrors with DuckDB\'s message', async (t) => {
  const r = await engine.run('SELECT p_row_id FROM aws_vpcflow ORDER BY p_row_id', { maxRows: 5 });
  t.equal(r.rows.length, 5);
  t.equal(r.truncated, true);
  const all = await engine.run('SELECT p_row_id FROM aws_vpcflow', { maxRows: 1000 });
  t.equal(all.truncated, false);
  t.equal(all.rows.length, lake.processed.classified['AWS.VPCFlow']);
  await t.rejects(engine.run('SELECT nosuch FROM aws_cloudtrail'), { name: 'QueryError', state: 'FAILED', message: /Referenced column "nosuch" not found/ });
  await t.rejects(engine.run('SELEC 1'), { name: 'QueryError', message: /syntax error at or near "SELEC"/ });
  await t.rejects(engine.run('SELECT 1; SELECT 2'), { message: 'expected one SQL statement, got 2' });
  // Writes are refused even inside the lake directory, the one place a query may read.
  await t.rejects(engine.run(`COPY (SELECT 1) TO '${join(lake.dir, 'x.csv')}'`), { message: /only SELECT queries run on the lake \(got a COPY statement\)/ });
  await t.rejects(engine.run('CREATE TABLE x AS SELECT 1'), { message: /only SELECT queries run on the lake \(got a CREATE statement\)/ });
  // The lake directory is all a query may read.
  await t.rejects(engine.run("SELECT * FROM read_csv('/etc/passwd')"), { name: 'QueryError', message: /Permission Error/ });
  const e = await engine.run('SELECT 12345678901234567 AS big, CAST(7 AS BIGINT) AS small').catch((err: unknown) => err);
  t.same((e as { rows: unknown }).rows, [{ big: '12345678901234567', small: 7 }]);
});

t.test('an abort interrupts the running query', async (t) => {
  const ac = new AbortController();
  const running = engine.run('SELECT count(*) FROM range(100000000000) a', { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  const err = await running.catch((e: unknown) => e);
  t.ok(err instanceof QueryError);
  t.equal((err as QueryError).state, 'CANCELLED');
  const pre = new AbortController();
  pre.abort();
  await t.rejects(engine.run('SELECT 1', { signal: pre.signal }), { name: 'QueryError', state: 'CANCELLED' });
  // The engine keeps working after an interrupt.
  t.same((await engine.run('SELECT 1 AS one')).rows, [{ one: 1 }]);
});

t.test('new lake files are seen: in a table that had files, and in one that had none', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'panther-query-refresh-'));
  const e = await DuckDbQueryEngine.open({ lakeDir: dir, logTypes: builtinLogTypes.filter((l) => l.name === 'AWS.CloudTrail') });
  t.teardown(() => e.close());
  t.same((await e.run('SELECT count(*) AS n FROM aws_cloudtrail')).rows, [{ n: 0 }]);
  const event = (id: string): string =>
    JSON.stringify({ eventName: 'X', eventTime: '2024-05-06 07:08:09.000000000', p_log_type: 'AWS.CloudTrail', p_row_id: id, p_event_time: '2024-05-06 07:08:09.123456789', p_any_ip_addresses: ['192.0.2.1'] });
  const part = join(dir, 'logs', 'aws_cloudtrail', 'year=2024', 'month=05', 'day=06', 'hour=07');
  mkdirSync(part, { recursive: true });
  writeFileSync(join(part, 'a.json.gz'), gzipSync(`${event('a')}\n`));
  t.same((await e.run('SELECT p_row_id, p_event_time, hour FROM aws_cloudtrail')).rows, [{ p_row_id: 'a', p_event_time: '2024-05-06T07:08:09.123456Z', hour: 7 }]);
  writeFileSync(join(part, 'b.json.gz'), gzipSync(`${event('b')}\n`));
  t.same((await e.run('SELECT p_row_id FROM panther_views.all_logs ORDER BY p_row_id')).rows, [{ p_row_id: 'a' }, { p_row_id: 'b' }]);
});
