// One rule session per scheduler tick: two due queries feed one Python scheduled rule whose module
// state counts the rows it has seen, so the count going on from the first query's rows to the
// second's shows one engine loaded once. Their aggregate rows land in the scheduled tables, which
// DuckDB reads (also through all_rule_matches) with the row kept as JSON. The query uses a Panther
// macro (p_occurs_after), expanded by the engine.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { ScheduledQueryItem, ScheduledRuleItem } from '../../../detections/analysis/spec.js';
import { runScheduledRules } from '../../../detections/scheduled/run.js';
import { CloudTrail } from '../../../parsers/aws/cloudtrail.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { processFiles } from '../../../processing/process-files.js';
import { DuckDbQueryEngine } from '../../../query/duckdb-engine.js';

const SAMPLES = new URL('../../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url).pathname;

function detectionsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scheduled-session-'));
  const files: Record<string, string> = {
    'a_query.yml': `AnalysisType: scheduled_query
QueryName: Top Events
Enabled: true
Query: |
  SELECT eventname AS name, count(*) AS n, max(p_event_time) AS p_event_time
  FROM panther_logs.aws_cloudtrail WHERE p_occurs_after('2000-01-01') GROUP BY eventname ORDER BY eventname LIMIT 2
Schedule:
  RateMinutes: 60
  TimeoutMinutes: 5
`,
    'b_query.yml': `AnalysisType: scheduled_query
QueryName: Constant
Enabled: true
Query: SELECT 'constant' AS name, 7 AS n
Schedule:
  RateMinutes: 60
  TimeoutMinutes: 5
`,
    'loads.yml': 'AnalysisType: global\nFilename: loads.py\nGlobalID: loads\n',
    // Runs once per engine start.
    'loads.py': 'LOADS = [0]\nLOADS[0] += 1\n',
    'count.yml': `AnalysisType: scheduled_rule
Filename: count.py
RuleID: Test.Scheduled.Count
Enabled: true
Severity: Low
ScheduledQueries: [Top Events, Constant]
`,
    'count.py': [
      'from loads import LOADS',
      'SEEN = [0]',
      '',
      'def rule(event):',
      '    SEEN[0] += 1',
      '    return True',
      '',
      'def title(event):',
      "    return 'seen ' + str(event.get('name'))",
      '',
      'def alert_context(event):',
      "    return {'seen': SEEN[0], 'loads': LOADS[0]}",
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

t.test('a tick: one session for its due queries, rows in the scheduled tables', async (t) => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'scheduled-session-lake-'));
  const lake = new DirObjectStore(lakeDir);
  await processFiles([SAMPLES], { lake, logTypes: [CloudTrail], source: { sourceId: 'samples', sourceLabel: 'samples' } });
  const loaded = await loadAnalysisDir(detectionsDir());
  t.same(loaded.errors, []);
  const engine = await DuckDbQueryEngine.open({ lakeDir, logTypes: builtinLogTypes, threads: 1 });
  t.teardown(() => engine.close());
  const now = new Date('2024-05-01T10:00:00Z');
  const report = await runScheduledRules({
    engine,
    queries: loaded.items.filter((i): i is ScheduledQueryItem => i.type === 'scheduled_query'),
    rules: loaded.items.filter((i): i is ScheduledRuleItem => i.type === 'scheduled_rule'),
    helpers: loaded.items,
    alertStore: new EmbeddedAlertStore(),
    now,
    lake,
  });
  t.same(
    report.queries.map((q) => [q.queryName, q.status, q.rows, q.matches]),
    [
      ['Top Events', 'succeeded', 2, 2],
      ['Constant', 'succeeded', 1, 1],
    ],
  );
  t.same(report.loadErrors, []);
  t.ok(report.keys.length > 0 && report.keys.every((k) => k.startsWith('rules/scheduled/year=')), 'every match is written under rules/scheduled/');

  const rows = await engine.run(
    `SELECT p_query_name, json_extract_string(p_query_row, '$.name') AS name, CAST(json_extract(p_query_row, '$.n') AS INTEGER) AS n,
            p_rule_id, p_log_type, p_rule_severity, p_alert_context, p_alert_id IS NOT NULL AS has_alert
     FROM panther_rule_matches.scheduled ORDER BY p_query_name, name`,
  );
  const seen = rows.rows.map((r) => JSON.parse(String(r.p_alert_context)) as { seen: number; loads: number });
  // Seen counts go on across the two queries: one engine, its modules loaded once.
  t.same(seen.map((s) => s.seen).sort(), [1, 2, 3]);
  t.same(seen.map((s) => s.loads), [1, 1, 1]);
  const first = await engine.run(`SELECT eventname FROM panther_logs.aws_cloudtrail GROUP BY eventname ORDER BY eventname LIMIT 2`);
  t.same(
    rows.rows.map((r) => [r.p_query_name, r.name, r.p_rule_id, r.p_log_type, r.p_rule_severity, r.has_alert]),
    [
      ['Constant', 'constant', 'Test.Scheduled.Count', 'ScheduledQuery', 'LOW', true],
      ...first.rows.map((r) => ['Top Events', r.eventname, 'Test.Scheduled.Count', 'ScheduledQuery', 'LOW', true]),
    ],
  );
  t.equal(rows.rows[0]?.n, 7, 'the row is kept whole: its other columns read back from the JSON');
  const viaView = await engine.run(
    `SELECT count(*) AS n, count(p_event_time) AS timed FROM panther_views.all_rule_matches WHERE p_log_type = 'ScheduledQuery' AND p_rule_id = 'Test.Scheduled.Count'`,
  );
  // The aggregate rows carry a time (max(p_event_time)), the constant row does not.
  t.same(viaView.rows, [{ n: 3, timed: 2 }]);
  const errors = await engine.run('SELECT count(*) AS n FROM panther_rule_errors.scheduled');
  t.same(errors.rows, [{ n: 0 }]);
});

t.test('a tick whose queries return no rows never opens a session (no rule runs, nothing written)', async (t) => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'scheduled-session-empty-'));
  const dir = detectionsDir();
  const loaded = await loadAnalysisDir(dir);
  const engine = await DuckDbQueryEngine.open({ lakeDir, logTypes: builtinLogTypes, threads: 1 });
  t.teardown(() => engine.close());
  const top = loaded.items.filter((i): i is ScheduledQueryItem => i.type === 'scheduled_query' && i.id === 'Top Events');
  const report = await runScheduledRules({
    engine,
    queries: top,
    rules: loaded.items.filter((i): i is ScheduledRuleItem => i.type === 'scheduled_rule'),
    helpers: loaded.items,
    alertStore: new EmbeddedAlertStore(),
    now: new Date('2024-05-01T10:00:00Z'),
    lake: new DirObjectStore(lakeDir),
  });
  t.same(report.queries.map((q) => [q.queryName, q.status, q.rows, q.matches]), [['Top Events', 'succeeded', 0, 0]]);
  t.same(report.keys, []);
});
