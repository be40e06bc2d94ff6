// Rule sessions: rules, globals and Python loaded once for many runs, with the same results as
// runDetections. A Python rule counts, in module state, the events it has seen: the count going on
// from run to run shows one engine and one load serving them all (a restart would start it over).
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { AnalysisItem } from '../../../detections/analysis/spec.js';
import { openRuleSession, runDetections, type DetectionStats } from '../../../detections/pipeline/run-detections.js';
import { lakeRows, tempLake } from '../../helpers/lake.js';
import { cloudTrailLine as ct, ingestCloudTrail as ingest } from '../../helpers/cloudtrail.js';

async function items(): Promise<AnalysisItem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'panther-session-rules-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'helpers.yml'), 'AnalysisType: global\nFilename: loads.py\nGlobalID: loads\n');
  // Runs once per engine start: LOADS[0] is the number of times the globals were loaded.
  writeFileSync(join(dir, 'loads.py'), 'LOADS = [0]\nLOADS[0] += 1\n');
  writeFileSync(join(dir, 'count.yml'), 'AnalysisType: rule\nFilename: count.py\nRuleID: Py.Count\nEnabled: true\nSeverity: Info\nLogTypes: [AWS.CloudTrail]\n');
  writeFileSync(
    join(dir, 'count.py'),
    [
      'from loads import LOADS',
      'SEEN = [0]',
      '',
      'def rule(event):',
      '    SEEN[0] += 1',
      "    return event.get('eventName') == 'DescribeInstances'",
      '',
      'def alert_context(event):',
      "    return {'seen': SEEN[0], 'loads': LOADS[0]}",
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'ts.yml'), 'AnalysisType: rule\nFilename: ts.ts\nRuleID: Ts.Run\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n');
  writeFileSync(join(dir, 'ts.ts'), "export const rule = (e: { get(k: string): unknown }): boolean => e.get('eventName') === 'RunInstances';\n");
  const loaded = await loadAnalysisDir(dir);
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map((e) => e.text).join('\n'));
  return loaded.items;
}

/** Stats without the run-specific output keys. */
function comparable(s: DetectionStats): Omit<DetectionStats, 'keys' | 'openedAlertIds'> {
  const { keys: _k, openedAlertIds: _o, ...rest } = s;
  return rest;
}

const detections = await items();
const now = new Date('2024-03-04T12:00:00Z');

t.test('one session, three runs: the Python engine loads once and its state carries over', async (t) => {
  const lake = tempLake();
  const batches = [
    await ingest(lake, 'one', [ct('DescribeInstances'), ct('RunInstances')]),
    await ingest(lake, 'two', [ct('DescribeInstances')]),
    await ingest(lake, 'three', [ct('ListBuckets'), ct('DescribeInstances'), ct('RunInstances')]),
  ];
  const store = new EmbeddedAlertStore();
  const session = await openRuleSession({ lake, detections, alertStore: store, now });
  t.teardown(() => session.close());
  const stats: DetectionStats[] = [];
  for (const keys of batches) stats.push(await session.run(keys));
  t.same(stats.map((s) => s.events), [2, 1, 3]);
  t.same(stats.map((s) => s.matches), [{ 'Py.Count': 1, 'Ts.Run': 1 }, { 'Py.Count': 1 }, { 'Py.Count': 1, 'Ts.Run': 1 }]);
  const rows = (await lakeRows(lake, 'rules/')).filter((r) => r.p_rule_id === 'Py.Count');
  // Events seen so far when each DescribeInstances matched: 1 (run 1), 3 (run 2), 5 (run 3); one load.
  t.same(
    rows.map((r) => r.p_alert_context).sort((a, b) => Number((a as { seen: number }).seen) - Number((b as { seen: number }).seen)),
    [
      { seen: 1, loads: 1 },
      { seen: 3, loads: 1 },
      { seen: 5, loads: 1 },
    ],
  );
  await session.close();
  await t.rejects(session.run(batches[0] ?? []), /the rule session is closed/);
});

t.test('runDetections is one session and one run: the same stats and rows as a session run', async (t) => {
  const lines = [ct('DescribeInstances'), ct('RunInstances'), ct('DescribeInstances')];
  const a = tempLake();
  const b = tempLake();
  const keysA = await ingest(a, 'same', lines);
  const keysB = await ingest(b, 'same', lines);
  const viaRun = await runDetections({ lake: a, keys: keysA, detections, alertStore: new EmbeddedAlertStore(), now });
  const session = await openRuleSession({ detections, alertStore: new EmbeddedAlertStore(), now });
  t.teardown(() => session.close());
  const viaSession = await session.run({ keys: keysB, lake: b });
  t.same(comparable(viaSession), comparable(viaRun));
  t.same(viaRun.matches, { 'Py.Count': 2, 'Ts.Run': 1 });
  const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ p_row_id: _r, p_parse_time: _p, p_alert_id: _a, ...rest }) => rest);
  t.same(strip(await lakeRows(b, 'rules/')), strip(await lakeRows(a, 'rules/')));
  t.equal((await lakeRows(a, 'rules/')).length, 3);
});

t.test('a run can pick rules, route them to other log types and add output columns', async (t) => {
  const lake = tempLake();
  const keys = await ingest(lake, 'pick', [ct('RunInstances'), ct('DescribeInstances')]);
  const session = await openRuleSession({ lake, detections, alertStore: new EmbeddedAlertStore(), now });
  t.teardown(() => session.close());
  const onlyTs = await session.run({ keys, ruleIds: ['Ts.Run'], outputColumns: (e, table) => ({ p_extra: `${table}:${String(e.eventName)}` }) });
  t.same(onlyTs.matches, { 'Ts.Run': 1 });
  t.equal(onlyTs.evaluations, 2);
  t.match(await lakeRows(lake, 'rules/'), [{ p_rule_id: 'Ts.Run', p_extra: 'aws_cloudtrail:RunInstances' }]);
  // Routed to another log type, nothing of AWS.CloudTrail reaches the rules.
  const elsewhere = await session.run({ keys, logTypes: ['Okta.SystemLog'] });
  t.equal(elsewhere.evaluations, 0);
  t.same(elsewhere.matches, {});
});

t.test('a session without a lake needs one per run', async (t) => {
  const session = await openRuleSession({ detections: detections.filter((d) => d.id === 'Ts.Run'), alertStore: new EmbeddedAlertStore(), now });
  t.teardown(() => session.close());
  await t.rejects(session.run(['logs/aws_cloudtrail/year=2024/month=03/day=04/hour=10/x.json.gz']), /no lake/);
});
