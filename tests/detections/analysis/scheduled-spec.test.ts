// scheduled_query specs: Panther's keys and rules (one of Query/AthenaQuery/SnowflakeQuery, a
// Schedule with exactly one of CronExpression or RateMinutes), errors naming the file and the key,
// and scheduled rules naming only loaded queries.
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import { querySql, ScheduledQuerySpecSchema, type ScheduledQueryItem } from '../../../detections/analysis/spec.js';

function repo(t: { teardown(fn: () => void): void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scheduled-spec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const QUERY = `AnalysisType: scheduled_query
QueryName: Logins Per Hour
Enabled: true
Query: SELECT count(*) AS logins FROM panther_logs.aws_cloudtrail
Schedule:
  RateMinutes: 60
  TimeoutMinutes: 5
Description: counts
Tags: [AWS]
Lookback: true
LookbackWindowSeconds: 3600
`;
const RULE = `AnalysisType: scheduled_rule
Filename: spike.py
RuleID: Logins.Spike
Enabled: true
ScheduledQueries:
  - Logins Per Hour
Severity: High
`;
const PY = 'def rule(event):\n    return event.get("logins", 0) > 100\n';

const base = { AnalysisType: 'scheduled_query', QueryName: 'Q', Query: 'SELECT 1', Schedule: { RateMinutes: 60, TimeoutMinutes: 5 } };
const issues = (v: unknown): string[] => {
  const r = ScheduledQuerySpecSchema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

t.test('a scheduled query and the scheduled rule naming it load as items', async (t) => {
  const dir = repo(t, { 'queries/logins.yml': QUERY, 'rules/spike.yml': RULE, 'rules/spike.py': PY });
  const { items, errors, skipped } = await loadAnalysisDir(dir);
  t.same(errors, []);
  t.same(skipped, []);
  t.same(items.map((i) => `${i.type} ${i.id} ${i.file}`), ['scheduled_query Logins Per Hour queries/logins.yml', 'scheduled_rule Logins.Spike rules/spike.yml']);
  const q = items[0] as ScheduledQueryItem;
  t.same(q.spec, {
    AnalysisType: 'scheduled_query',
    QueryName: 'Logins Per Hour',
    Enabled: true,
    Query: 'SELECT count(*) AS logins FROM panther_logs.aws_cloudtrail',
    Schedule: { RateMinutes: 60, TimeoutMinutes: 5 },
    Description: 'counts',
    Tags: ['AWS'],
    Lookback: true,
    LookbackWindowSeconds: 3600,
  });
  t.equal(querySql(q.spec), 'SELECT count(*) AS logins FROM panther_logs.aws_cloudtrail');
});

t.test('a scheduled rule naming an unknown query is an error on ScheduledQueries[i], with its line', async (t) => {
  const dir = repo(t, {
    'queries/logins.yml': QUERY,
    'rules/spike.yml': RULE.replace('  - Logins Per Hour\n', '  - Logins Per Hour\n  - Logins Per Day\n'),
    'rules/spike.py': PY,
  });
  const { errors } = await loadAnalysisDir(dir);
  t.same(errors.map((e) => e.text), ['rules/spike.yml:7: ScheduledQueries[1]: unknown scheduled query "Logins Per Day": no scheduled_query spec has this QueryName']);
});

t.test('filters keep the scheduled queries the kept scheduled rules name', async (t) => {
  const other = QUERY.replace('QueryName: Logins Per Hour', 'QueryName: Other');
  const dir = repo(t, { 'queries/logins.yml': QUERY, 'queries/other.yml': other, 'rules/spike.yml': RULE, 'rules/spike.py': PY });
  const ids = async (filter: Record<string, string[]>, exclude: Record<string, string[]> = {}) => (await loadAnalysisDir(dir, { filter, exclude })).items.map((i) => i.id);
  t.same(await ids({ Severity: ['High'] }), ['Logins Per Hour', 'Logins.Spike']);
  t.same(await ids({ Severity: ['Low'] }), [], 'no kept rule names them');
  t.same(await ids({}, { RuleID: ['Logins.Spike'] }), ['Logins Per Hour', 'Other'], 'queries pass an exclude on keys they do not have');
  t.same(await ids({ AnalysisType: ['scheduled_query'] }), ['Logins Per Hour', 'Other']);
});

t.test('invalid scheduled queries: each error names the file, the line and the key', async (t) => {
  const dir = repo(t, {
    'a_missing_schedule.yml': 'AnalysisType: scheduled_query\nQueryName: A\nQuery: SELECT 1\n',
    'b_both.yml': 'AnalysisType: scheduled_query\nQueryName: B\nQuery: SELECT 1\nSchedule:\n  CronExpression: "0 * * * *"\n  RateMinutes: 60\n  TimeoutMinutes: 5\n',
    'c_rate.yml': 'AnalysisType: scheduled_query\nQueryName: C\nQuery: SELECT 1\nSchedule:\n  RateMinutes: 1\n  TimeoutMinutes: 1\n',
    'd_cron.yml': 'AnalysisType: scheduled_query\nQueryName: D\nQuery: SELECT 1\nSchedule:\n  CronExpression: "61 * * * *"\n  TimeoutMinutes: 5\n',
    'e_no_sql.yml': 'AnalysisType: scheduled_query\nQueryName: E\nSchedule:\n  RateMinutes: 60\n  TimeoutMinutes: 5\n',
    'f_unknown.yml': 'AnalysisType: scheduled_query\nQueryName: F\nQuery: SELECT 1\nQuerry: SELECT 2\nSchedule:\n  RateMinutes: 60\n  TimeoutMinutes: 5\n  Every: 2\n',
    'g_name.yml': 'AnalysisType: scheduled_query\nQueryName: "a <b>"\nQuery: SELECT 1\nSchedule:\n  RateMinutes: 60\n  TimeoutMinutes: 5\n',
    'h_timeout.yml': 'AnalysisType: scheduled_query\nQueryName: H\nQuery: SELECT 1\nSchedule:\n  RateMinutes: 5\n  TimeoutMinutes: 10\n',
  });
  const { errors, items } = await loadAnalysisDir(dir);
  t.same(items, []);
  t.same(errors.map((e) => e.text), [
    'a_missing_schedule.yml:1: Schedule: required key is missing',
    'b_both.yml:4: Schedule: a schedule needs exactly one of CronExpression or RateMinutes',
    'c_rate.yml:5: Schedule.RateMinutes: must be > 1',
    'd_cron.yml:5: Schedule.CronExpression: invalid cron expression "61 * * * *": minutes: 61 is outside 0-59',
    'e_no_sql.yml:1: Query: one of Query, AthenaQuery or SnowflakeQuery is required',
    'f_unknown.yml:8: Schedule.Every: unknown key',
    'f_unknown.yml:4: Querry: unknown key',
    'g_name.yml:2: QueryName: must not contain <, >, &, " or %',
    'h_timeout.yml:5: Schedule.RateMinutes: must be >= TimeoutMinutes',
  ]);
});

t.test('schedule forms', async (t) => {
  t.same(issues({ ...base, Schedule: { CronExpression: '0 0 29 2 *', TimeoutMinutes: 2 } }), [], 'classic 5-field cron');
  t.same(issues({ ...base, Schedule: { CronExpression: 'cron(0/15 * ? * MON-FRI *)', TimeoutMinutes: 2 } }), [], 'AWS 6-field cron');
  t.same(issues({ ...base, Schedule: { CronExpression: '0 0 29 2 *', RateMinutes: 0, TimeoutMinutes: 2 } }), [], "RateMinutes: 0 beside a cron is Panther's console form");
  t.same(issues({ ...base, Schedule: { TimeoutMinutes: 2 } }), [': a schedule needs exactly one of CronExpression or RateMinutes'].map((s) => `Schedule${s}`));
  t.same(issues({ ...base, Schedule: { CronExpression: '0 0 * * * *', TimeoutMinutes: 2 } }), ['Schedule.CronExpression: invalid cron expression "0 0 * * * *": AWS cron needs `?` in exactly one of day-of-month and day-of-week']);
  t.same(issues({ ...base, Schedule: { RateMinutes: 60.5, TimeoutMinutes: 2 } }), ['Schedule.RateMinutes: must be an integer']);
  t.same(issues({ ...base, Schedule: { RateMinutes: 60, TimeoutMinutes: 0 } }), ['Schedule.TimeoutMinutes: must be >= 1']);
});

t.test('SQL choice: Query, else AthenaQuery; a SnowflakeQuery alone loads but has no SQL here', async (t) => {
  const parse = (v: Record<string, unknown>) => ScheduledQuerySpecSchema.parse({ ...base, Query: undefined, ...v });
  t.equal(querySql(parse({ Query: 'SELECT 1', AthenaQuery: 'SELECT 2' })), 'SELECT 1');
  t.equal(querySql(parse({ AthenaQuery: 'SELECT 2', SnowflakeQuery: 'SELECT 3' })), 'SELECT 2');
  t.equal(querySql(parse({ SnowflakeQuery: 'SELECT 3' })), undefined);
  t.equal(parse({ Query: 'SELECT 1' }).Enabled, true, 'Enabled defaults to true');
});

t.test('query names share the ID namespace: a duplicate is an error naming the other file', async (t) => {
  const dir = repo(t, { 'a.yml': QUERY, 'b.yml': QUERY });
  const { errors } = await loadAnalysisDir(dir);
  t.same(errors.map((e) => e.text), ['b.yml:2: QueryName: duplicate ID "Logins Per Hour": already defined in a.yml']);
});
