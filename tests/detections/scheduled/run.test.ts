// Scheduled rules end to end: the CloudTrail samples go through the real log processor into a
// local lake, scheduled queries run in DuckDB over it, and their rows feed TypeScript and Python
// scheduled rules that open SCHEDULED_RULE alerts; failing queries are reported, never lost.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { ScheduledQueryItem, ScheduledRuleItem } from '../../../detections/analysis/spec.js';
import { runScheduledRules, prepareRow, SCHEDULED_LOG_TYPE } from '../../../detections/scheduled/run.js';
import { RunStateStore } from '../../../detections/scheduled/state.js';
import { CloudTrail } from '../../../parsers/aws/cloudtrail.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { processFiles } from '../../../processing/process-files.js';
import { DuckDbQueryEngine } from '../../../query/duckdb-engine.js';
import { QueryError, type QueryEngine, type QueryResult } from '../../../query/types.js';
import { lakeRows } from '../../helpers/lake.js';

const SAMPLES = new URL('../../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url).pathname;

/** A Panther-format directory: two queries with their rules, a broken query and a Snowflake-only one. */
function detectionsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scheduled-rules-'));
  const files: Record<string, string> = {
    'package.json': '{ "type": "module" }\n',
    'failures_query.yml': `AnalysisType: scheduled_query
QueryName: Failed Console Logins By IP
Enabled: true
Query: |
  SELECT sourceipaddress AS source_ip, count(*) AS failures, min(p_event_time) AS first_seen
  FROM panther_logs.aws_cloudtrail
  WHERE eventname = 'ConsoleLogin' AND errormessage = 'Failed authentication'
  GROUP BY sourceipaddress
Schedule:
  RateMinutes: 60
  TimeoutMinutes: 5
`,
    'failures.yml': `AnalysisType: scheduled_rule
Filename: failures.ts
RuleID: Test.Scheduled.Failures
Enabled: true
Severity: High
ScheduledQueries: [Failed Console Logins By IP]
`,
    'failures.ts': [
      "export const rule = (e: { get(k: string): unknown }): boolean => Number(e.get('failures')) >= 1;",
      "export const title = (e: { get(k: string): unknown }): string => `${String(e.get('failures'))} failed console login(s) from ${String(e.get('source_ip'))}`;",
      "export const alertContext = (e: { get(k: string): unknown }): Record<string, unknown> => ({ ip: e.get('source_ip') });",
      '',
    ].join('\n'),
    'stops_query.yml': `AnalysisType: scheduled_query
QueryName: Stopped Instances
Enabled: true
AthenaQuery: SELECT * FROM panther_logs.aws_cloudtrail WHERE eventname = 'StopInstances'
Schedule:
  CronExpression: "0 * * * *"
  TimeoutMinutes: 5
`,
    'stops.yml': `AnalysisType: scheduled_rule
Filename: stops.py
RuleID: Test.Scheduled.Stops
Enabled: true
Severity: Medium
ScheduledQueries: [Stopped Instances]
`,
    // Column names come back lower-cased from the lake: Panther's event lookup is case-insensitive.
    'stops.py': 'def rule(event):\n    return event.get("eventName") == "StopInstances"\n\ndef title(event):\n    return "instances stopped by " + event.deep_get("userIdentity", "userName", default="?")\n',
    'broken_query.yml': `AnalysisType: scheduled_query
QueryName: Broken
Enabled: true
Query: SELECT nope FROM panther_logs.aws_cloudtrail
Schedule:
  RateMinutes: 60
  TimeoutMinutes: 5
`,
    'snowflake_query.yml': `AnalysisType: scheduled_query
QueryName: Snowflake Only
Enabled: true
SnowflakeQuery: SELECT 1
Schedule:
  RateMinutes: 60
  TimeoutMinutes: 5
`,
    'uses_broken.yml': `AnalysisType: scheduled_rule
Filename: failures.ts
RuleID: Test.Scheduled.UsesBroken
Enabled: true
Severity: Low
ScheduledQueries: [Broken, Snowflake Only]
`,
    'unused_query.yml': `AnalysisType: scheduled_query
QueryName: Unused
Enabled: true
Query: SELECT 1 AS one
Schedule:
  RateMinutes: 60
  TimeoutMinutes: 5
`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function setup(t: { teardown(fn: () => unknown): void }) {
  const lakeDir = mkdtempSync(join(tmpdir(), 'scheduled-lake-'));
  const lake = new DirObjectStore(lakeDir);
  await processFiles([SAMPLES], { lake, logTypes: [CloudTrail], source: { sourceId: 'samples', sourceLabel: 'samples' } });
  const loaded = await loadAnalysisDir(detectionsDir());
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map((e) => e.text).join('\n'));
  const engine = await DuckDbQueryEngine.open({ lakeDir, logTypes: builtinLogTypes, threads: 1 });
  t.teardown(() => engine.close());
  return {
    lakeDir,
    lake,
    engine,
    items: loaded.items,
    queries: loaded.items.filter((i): i is ScheduledQueryItem => i.type === 'scheduled_query'),
    rules: loaded.items.filter((i): i is ScheduledRuleItem => i.type === 'scheduled_rule'),
    alertStore: new EmbeddedAlertStore({ dir: join(lakeDir, 'state') }),
    runs: new RunStateStore(new DirDocumentStore(join(lakeDir, 'state'))),
  };
}

t.test('due queries run in DuckDB, their rows open SCHEDULED_RULE alerts, failures are reported', async (t) => {
  const s = await setup(t);
  const now = new Date('2024-03-04T12:00:20Z');
  const report = await runScheduledRules({ engine: s.engine, queries: s.queries, rules: s.rules, helpers: s.items, alertStore: s.alertStore, now, lake: s.lake, runs: s.runs });

  t.same(report.loadErrors, []);
  const byName = Object.fromEntries(report.queries.map((q) => [q.queryName, q]));
  // The cron query (hourly at :00) is due at 12:00; every rate query is due on its first tick.
  t.same(report.queries.map((q) => `${q.queryName}: ${q.status}`), [
    'Broken: failed',
    'Failed Console Logins By IP: succeeded',
    'Snowflake Only: failed',
    'Stopped Instances: succeeded',
  ]);
  t.same(report.unused, ['Unused'], 'a query no rule names is not run');
  t.match(byName.Broken?.error, /nope/, "the engine's message names the bad column");
  t.same(byName.Broken?.rules, ['Test.Scheduled.UsesBroken']);
  t.equal(byName['Snowflake Only']?.error, 'the spec has only a SnowflakeQuery: no SQL for this engine (add Query or AthenaQuery)');
  t.match(byName['Failed Console Logins By IP'], { rows: 1, matches: 1, ruleErrors: 0, alertsOpened: 1, truncated: false });
  t.match(byName['Stopped Instances'], { rows: 1, matches: 1, ruleErrors: 0, alertsOpened: 1 });
  t.same(report.matches, { 'Test.Scheduled.Failures': 1, 'Test.Scheduled.Stops': 1 });
  t.equal(report.alertsOpened, 2);

  const alerts = await s.alertStore.list();
  t.same(
    alerts.map((a) => [a.type, a.ruleId, a.title, a.severity, a.eventCount, [...a.logTypes]]).sort(),
    [
      ['SCHEDULED_RULE', 'Test.Scheduled.Failures', '1 failed console login(s) from 203.0.113.77', 'HIGH', 1, [SCHEDULED_LOG_TYPE]],
      ['SCHEDULED_RULE', 'Test.Scheduled.Stops', 'instances stopped by Mateo', 'MEDIUM', 1, ['AWS.CloudTrail']],
    ],
  );
  t.same(alerts.find((a) => a.ruleId === 'Test.Scheduled.Failures')?.alertContext, { ip: '203.0.113.77' });

  // Matches in the lake: aggregate rows under rules/scheduled/, whole CloudTrail rows under the CloudTrail table.
  const scheduled = await lakeRows(s.lake, 'rules/scheduled/');
  t.equal(scheduled.length, 1);
  t.match(scheduled[0], { source_ip: '203.0.113.77', failures: 1, first_seen: '2023-07-21T13:47:09.000Z', p_log_type: SCHEDULED_LOG_TYPE, p_rule_id: 'Test.Scheduled.Failures', p_rule_severity: 'HIGH' });
  t.equal(scheduled[0]?.p_alert_id, alerts.find((a) => a.ruleId === 'Test.Scheduled.Failures')?.alertId);
  const ct = await lakeRows(s.lake, 'rules/aws_cloudtrail/');
  t.equal(ct.length, 1);
  t.match(ct[0], { eventname: 'StopInstances', p_log_type: 'AWS.CloudTrail', p_rule_id: 'Test.Scheduled.Stops', p_alert_id: alerts.find((a) => a.ruleId === 'Test.Scheduled.Stops')?.alertId });
  t.same(report.keys.filter((k) => k.startsWith('rules/aws_cloudtrail/')), ['rules/aws_cloudtrail/year=2023/month=07/day=21/hour=16/20240304T120020Z-Stopped_Instances-' + report.keys.find((k) => k.startsWith('rules/aws_cloudtrail/'))?.split('-').pop()]);
  t.match(report.keys.find((k) => k.startsWith('rules/aws_cloudtrail/')), /^rules\/aws_cloudtrail\/year=2023\/month=07\/day=21\/hour=16\/20240304T120020Z-Stopped_Instances-[0-9a-f]{16}\.json\.gz$/, 'partitioned by the row p_event_time, named after the run and the query');

  // The run state keeps each outcome, failures with their reason.
  const state = await s.runs.load();
  t.match(state.get('Broken'), { lastStatus: 'failed', lastRun: '2024-03-04T12:00:00.000Z', lastCheck: now.toISOString() });
  t.match(state.get('Broken')?.lastError, /nope/);
  t.match(state.get('Failed Console Logins By IP'), { lastStatus: 'succeeded', lastRows: 1, lastRun: '2024-03-04T12:00:00.000Z' });
  t.equal(state.get('Failed Console Logins By IP')?.lastError, undefined);

  // Ten minutes later nothing is due: rates of 60 minutes, the cron fires at the hour.
  const later = await runScheduledRules({ engine: s.engine, queries: s.queries, rules: s.rules, helpers: s.items, alertStore: s.alertStore, now: new Date('2024-03-04T12:10:00Z'), lake: s.lake, runs: s.runs });
  t.same(later.queries, []);
  t.equal((await s.runs.load()).get('Stopped Instances')?.lastCheck, '2024-03-04T12:10:00.000Z', 'the look is remembered');

  // At 13:00 the rates are due again (the Python rule is left out here: one Pyodide start per file
  // is enough); the same window counts the new match.
  const tsOnly = s.rules.filter((r) => r.body.language === 'typescript');
  const next = await runScheduledRules({ engine: s.engine, queries: s.queries, rules: tsOnly, helpers: s.items, alertStore: s.alertStore, now: new Date('2024-03-04T13:00:05Z'), lake: s.lake, runs: s.runs });
  t.same(next.queries.map((q) => `${q.queryName}: ${q.status}`), ['Broken: failed', 'Failed Console Logins By IP: succeeded', 'Snowflake Only: failed']);
  t.equal(next.alertsOpened, 0, 'within the dedup period: no new alert');
  const failures = (await s.alertStore.list()).find((a) => a.ruleId === 'Test.Scheduled.Failures');
  t.equal(failures?.eventCount, 2);
});

t.test('all: every enabled query runs now; without run state every query is due', async (t) => {
  const s = await setup(t);
  const rules = s.rules.filter((r) => r.body.language === 'typescript');
  const queries = s.queries.filter((q) => q.id === 'Failed Console Logins By IP');
  const run = (now: string, more: { all?: boolean } = {}) => runScheduledRules({ engine: s.engine, queries, rules, alertStore: s.alertStore, now: new Date(now), lake: s.lake, runs: s.runs, ...more });
  t.equal((await run('2024-03-04T12:00:00Z')).queries.length, 1);
  t.same((await run('2024-03-04T12:10:00Z')).queries, [], 'not due ten minutes later');
  t.same((await run('2024-03-04T12:10:00Z', { all: true })).queries.map((q) => q.status), ['succeeded'], 'all: runs anyway');
  t.equal((await s.runs.load()).get('Failed Console Logins By IP')?.lastRun, '2024-03-04T12:10:00.000Z', 'and counts as a run');
  const noState = await runScheduledRules({ engine: s.engine, queries, rules, alertStore: s.alertStore, now: new Date('2024-03-04T12:11:00Z') });
  t.same(noState.queries.map((q) => q.status), ['succeeded'], 'no run state: due');
  t.same(noState.keys, [], 'no lake: matches are counted, not written');
  t.same(noState.matches, { 'Test.Scheduled.Failures': 1 });
});

/** An engine whose queries hang until aborted, as a slow Athena query would. */
class HangingEngine implements QueryEngine {
  readonly kind = 'fake';
  signals: AbortSignal[] = [];
  run(_sql: string, opts?: { signal?: AbortSignal }): Promise<QueryResult> {
    const signal = opts?.signal;
    if (signal !== undefined) this.signals.push(signal);
    return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new QueryError('query cancelled', 'CANCELLED'))));
  }
  async tables() {
    return [];
  }
  async close() {}
}

t.test('a query past its timeout is cancelled through its signal and reported', async (t) => {
  const s = await setup(t);
  const engine = new HangingEngine();
  const queries = s.queries.filter((q) => q.id === 'Failed Console Logins By IP');
  const report = await runScheduledRules({ engine, queries, rules: s.rules, helpers: s.items, alertStore: s.alertStore, now: new Date('2024-03-04T12:00:00Z'), runs: s.runs, maxQueryTimeMs: 50 });
  t.equal(engine.signals.length, 1);
  t.equal(engine.signals[0]?.aborted, true, 'the engine was told to stop');
  t.same(report.queries.map((q) => [q.queryName, q.status, q.error]), [['Failed Console Logins By IP', 'failed', 'timed out after 0 s (TimeoutMinutes 5): query cancelled']]);
  t.equal((await s.runs.load()).get('Failed Console Logins By IP')?.lastStatus, 'failed');
});

t.test('a run claimed by another invocation is skipped, not run twice', async (t) => {
  const s = await setup(t);
  const now = new Date('2024-03-04T12:00:00Z');
  const queries = s.queries.filter((q) => q.id === 'Failed Console Logins By IP');
  // Another scheduler wrote the state after this one read it: simulate by claiming between load and run.
  const runs = s.runs;
  const racing = Object.create(runs) as RunStateStore;
  racing.load = async () => {
    const state = await runs.load();
    await runs.put('Failed Console Logins By IP', { queryName: 'Failed Console Logins By IP', lastRun: now.toISOString(), lastStatus: 'running' });
    return state;
  };
  const report = await runScheduledRules({ engine: s.engine, queries, rules: s.rules, helpers: s.items, alertStore: s.alertStore, now, runs: racing });
  t.same(report.queries.map((q) => [q.status, q.error]), [['skipped', 'another scheduler invocation claimed this run']]);
  t.same(await s.alertStore.list(), []);
});

t.test('rows: p_event_time kept only as canonical UTC, p_log_type picks a table only when well formed', async (t) => {
  t.same(prepareRow({ a: 1, p_event_time: '2024-03-04 10:15:30.000' }), { event: { a: 1, p_event_time: '2024-03-04T10:15:30.000Z', p_log_type: SCHEDULED_LOG_TYPE }, logType: SCHEDULED_LOG_TYPE, table: 'scheduled' });
  t.same(prepareRow({ p_event_time: '../../etc', p_log_type: 'AWS.CloudTrail' }), { event: { p_log_type: 'AWS.CloudTrail' }, logType: 'AWS.CloudTrail', table: 'aws_cloudtrail' });
  t.same(prepareRow({ p_log_type: '../x/y' }).table, 'scheduled');
  t.same(prepareRow({ p_event_time: '2024-03-04T10:15:30Z' }).event.p_event_time, '2024-03-04T10:15:30Z');
  t.same(prepareRow({ p_event_time: '2024-03-04T12:15:30+02:00' }).event.p_event_time, '2024-03-04T10:15:30.000Z', 'zoned times become UTC');
  t.same(prepareRow({ p_event_time: 1709547330000 }).event.p_event_time, '2024-03-04T10:15:30.000Z', 'epoch milliseconds');
  t.notOk('p_event_time' in prepareRow({ p_event_time: 1e300 }).event, 'out of range: dropped, not a crash');
  t.notOk('p_event_time' in prepareRow({ p_event_time: { a: 1 } }).event);
});
