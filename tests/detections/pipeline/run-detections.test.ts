// The local rules engine over a real lake: CloudTrail lines go through the log processor, then the
// built-in pack and fixture rules run on what it wrote.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { alertIdFor } from '../../../detections/alerting/window.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { AnalysisItem } from '../../../detections/analysis/spec.js';
import { TsWorkerPool } from '../../../detections/engine/ts-worker-pool.js';
import { BUILTIN_PACK_DIR } from '../../../detections/pipeline/local.js';
import { outputKey, runDetections, tableOfKey } from '../../../detections/pipeline/run-detections.js';
import { lakeKeys, lakeRows, tempLake } from '../../helpers/lake.js';
import { cloudTrailLine as ct, ingestCloudTrail as ingest, rootLogin } from '../../helpers/cloudtrail.js';

/** A fixture directory: a rule that throws on console logins, a threshold rule on DescribeInstances. */
function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'panther-fixture-rules-'));
  // ESM, as in a detections repository of this project (tsx reads .ts as CommonJS otherwise).
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'throws.yml'),
    'AnalysisType: rule\nFilename: throws.ts\nRuleID: Test.Throws\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n',
  );
  writeFileSync(
    join(dir, 'throws.ts'),
    "export function rule(event: { get(k: string): unknown }): boolean {\n  if (event.get('eventName') === 'ConsoleLogin') throw new Error('boom on ' + String(event.get('eventName')));\n  return false;\n}\n",
  );
  writeFileSync(
    join(dir, 'describe.yml'),
    'AnalysisType: rule\nFilename: describe.ts\nRuleID: Test.Describe\nEnabled: true\nSeverity: Medium\nThreshold: 3\nDedupPeriodMinutes: 60\nLogTypes: [AWS.CloudTrail]\n',
  );
  writeFileSync(
    join(dir, 'describe.ts'),
    [
      "export const rule = (e: { get(k: string): unknown }): boolean => e.get('eventName') === 'DescribeInstances';",
      "export const title = (e: { get(k: string): unknown }): string => `describe by ${String(e.get('sourceIPAddress'))}`;",
      "export const alertContext = (e: { get(k: string): unknown }): Record<string, unknown> => ({ ip: e.get('sourceIPAddress') });",
      '',
    ].join('\n'),
  );
  // Disabled: must not run.
  writeFileSync(join(dir, 'off.yml'), 'AnalysisType: rule\nFilename: describe.ts\nRuleID: Test.Off\nEnabled: false\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n');
  return dir;
}

async function detections(): Promise<AnalysisItem[]> {
  const pack = await loadAnalysisDir(BUILTIN_PACK_DIR);
  const extra = await loadAnalysisDir(fixtureDir());
  if (pack.errors.length + extra.errors.length > 0) throw new Error([...pack.errors, ...extra.errors].map((e) => e.text).join('\n'));
  return [...pack.items, ...extra.items];
}

t.test('key helpers', async (t) => {
  t.equal(tableOfKey('logs/aws_cloudtrail/year=2024/month=03/day=04/hour=10/x.json.gz'), 'aws_cloudtrail');
  t.equal(tableOfKey('logs/unclassified/year=2024/month=03/day=04/hour=10/x.json.gz'), undefined);
  t.equal(tableOfKey('logs/compliance_history/year=2024/month=03/day=04/hour=10/x.json.gz'), undefined, 'scan history rows are not log events');
  t.equal(tableOfKey('logs/resource_history/year=2024/month=03/day=04/hour=10/x.json.gz'), undefined);
  t.equal(tableOfKey('rules/aws_cloudtrail/year=2024/x.json.gz'), undefined);
  t.equal(outputKey('rules', 'aws_cloudtrail', '2024-03-04 10:15:30.000000000', 'logs/aws_cloudtrail/a/b/f.json.gz'), 'rules/aws_cloudtrail/year=2024/month=03/day=04/hour=10/f.json.gz');
});

t.test('a root console login matches, ordinary events do not, a throwing rule yields rule errors only', async (t) => {
  const lake = tempLake();
  const keys = await ingest(lake, 'first', [rootLogin, ct('DescribeInstances'), ct('ListBuckets', { eventSource: 's3.amazonaws.com' }), 'junk line']);
  t.ok(keys.some((k) => k.startsWith('logs/unclassified/')), 'the junk line is unclassified (and skipped by detections)');
  const store = new EmbeddedAlertStore();
  const now = new Date('2024-03-04T12:00:00Z');
  const stats = await runDetections({ lake, keys, detections: await detections(), alertStore: store, now });

  t.equal(stats.events, 3, 'three CloudTrail events read');
  t.same(stats.loadErrors, []);
  t.equal(stats.matches['AWS.CloudTrail.RootAccountUsed'], 1, 'root login matches the root rule');
  t.equal(stats.matches['Test.Describe'], 1, 'the fixture rule matched DescribeInstances');
  t.notOk('Test.Off' in stats.matches, 'disabled rule did not run');
  t.same(stats.errors, { 'Test.Throws': 1 }, 'only the throwing rule errs, once (on the console login)');
  // Threshold 3 of Test.Describe: only the root rule's alert opens (plus any other pack rule matching the root login).
  const alerts = await store.list();
  t.ok(alerts.some((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed' && a.severity === 'HIGH' && a.eventCount === 1 && a.status === 'OPEN'));
  t.notOk(alerts.some((a) => a.ruleId === 'Test.Describe'), 'no alert below the threshold');
  t.equal(stats.alertsOpened, alerts.length);
  t.same(stats.openedAlertIds.sort(), alerts.map((a) => a.alertId).sort());

  const matches = await lakeRows(lake, 'rules/');
  const root = matches.find((r) => r.p_rule_id === 'AWS.CloudTrail.RootAccountUsed');
  t.ok(root, 'the root match is in rules/');
  const rootAlert = alerts.find((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed');
  t.match(root, { eventName: 'ConsoleLogin', p_log_type: 'AWS.CloudTrail', p_rule_severity: 'HIGH', p_alert_id: rootAlert?.alertId, p_dedup: rootAlert?.dedup, p_rule_title: rootAlert?.title });
  t.ok(typeof root?.p_row_id === 'string', 'event fields kept');
  const describe = matches.find((r) => r.p_rule_id === 'Test.Describe');
  t.match(describe, { p_rule_title: 'describe by 203.0.113.10', p_alert_context: { ip: '203.0.113.10' }, p_rule_severity: 'MEDIUM' });
  // Below the threshold the row carries the id the window's alert will get.
  t.equal(describe?.p_alert_id, alertIdFor('Test.Describe', 'describe by 203.0.113.10', now.toISOString()));
  t.notOk(matches.some((r) => r.eventName === 'ListBuckets'), 'the ordinary event matched nothing');

  const errors = await lakeRows(lake, 'rule_errors/');
  t.equal(errors.length, 1);
  t.match(errors[0], { p_rule_id: 'Test.Throws', eventName: 'ConsoleLogin', p_rule_error: 'rule: Error: boom on ConsoleLogin', p_rule_severity: 'LOW' });
  // The rule error opened a RULE_ERROR alert: the rule's severity, the error kind as dedup, the short message as title.
  const errorAlerts = await store.list({ type: 'RULE_ERROR' });
  t.equal(errorAlerts.length, 1);
  t.match(errorAlerts[0], { ruleId: 'Test.Throws', type: 'RULE_ERROR', severity: 'LOW', dedup: 'Error', title: 'Error: boom on ConsoleLogin', eventCount: 1, status: 'OPEN' });
  t.same(errorAlerts[0]?.alertContext, { error: 'rule: Error: boom on ConsoleLogin' });
  t.equal(errorAlerts[0]?.alertId, alertIdFor('Test.Throws', 'Error', now.toISOString(), 'RULE_ERROR'));
  t.ok(stats.openedAlertIds.includes(errorAlerts[0]!.alertId), 'opened in this run, so delivery sends it');
  t.equal(errors[0]?.p_alert_id, errorAlerts[0]?.alertId, 'the error row links to its alert');
  const outKeys = [...(await lakeKeys(lake, 'rules/')), ...(await lakeKeys(lake, 'rule_errors/'))];
  t.same(outKeys.sort(), [...stats.keys].sort(), 'stats name the written keys');
  t.ok(outKeys.every((k) => /^(rules|rule_errors)\/aws_cloudtrail\/year=2024\/month=03\/day=04\/hour=10\//.test(k)), 'partitioned by p_event_time');
});

t.test('threshold across two runs: the third match opens the alert with the id the earlier rows carry', async (t) => {
  const lake = tempLake();
  const dir = mkdtempSync(join(tmpdir(), 'panther-alerts-'));
  const items = await detections();
  const now1 = new Date('2024-03-04T12:00:00Z');
  const keys1 = await ingest(lake, 'run1', [ct('DescribeInstances'), ct('DescribeInstances')]);
  const s1 = await runDetections({ lake, keys: keys1, detections: items, alertStore: new EmbeddedAlertStore({ dir }), now: now1 });
  t.equal(s1.matches['Test.Describe'], 2);
  t.equal(s1.alertsOpened, 0, 'two matches: below the threshold of 3');

  // A new process with the persisted store, 10 minutes later: inside the 60-minute window.
  const keys2 = await ingest(lake, 'run2', [ct('DescribeInstances')]);
  const store2 = new EmbeddedAlertStore({ dir });
  const s2 = await runDetections({ lake, keys: keys2, detections: items, alertStore: store2, now: new Date('2024-03-04T12:10:00Z') });
  t.equal(s2.alertsOpened, 1);
  const [alert] = await store2.list({ ruleId: 'Test.Describe' });
  t.match(alert, { eventCount: 3, severity: 'MEDIUM', title: 'describe by 203.0.113.10', alertId: alertIdFor('Test.Describe', 'describe by 203.0.113.10', now1.toISOString()) });
  const rows = (await lakeRows(lake, 'rules/')).filter((r) => r.p_rule_id === 'Test.Describe');
  t.equal(rows.length, 3);
  t.same(new Set(rows.map((r) => r.p_alert_id)), new Set([alert?.alertId]), 'every row of the window links to the alert');

  // After the window: a new window, below the threshold again.
  const keys3 = await ingest(lake, 'run3', [ct('DescribeInstances')]);
  const s3 = await runDetections({ lake, keys: keys3, detections: items, alertStore: new EmbeddedAlertStore({ dir }), now: new Date('2024-03-04T13:30:00Z') });
  t.equal(s3.alertsOpened, 0);
  t.equal((await new EmbeddedAlertStore({ dir }).list({ ruleId: 'Test.Describe' }))[0]?.eventCount, 3, 'the old alert is unchanged');
});

t.test('p_alert_id below the threshold when an earlier run started the window', async (t) => {
  const lake = tempLake();
  const dir = mkdtempSync(join(tmpdir(), 'panther-alerts-'));
  const items = (await loadAnalysisDir(fixtureDir())).items;
  const now1 = new Date('2024-03-04T12:00:00Z');
  const expected = alertIdFor('Test.Describe', 'describe by 203.0.113.10', now1.toISOString());
  const s1 = await runDetections({ lake, keys: await ingest(lake, 'one', [ct('DescribeInstances')]), detections: items, alertStore: new EmbeddedAlertStore({ dir }), now: now1 });
  t.equal(s1.alertsOpened, 0);
  // A second process 5 minutes later: count 2 of 3, still no alert, and this run saw no window start.
  const s2 = await runDetections({
    lake,
    keys: await ingest(lake, 'two', [ct('DescribeInstances')]),
    detections: items,
    alertStore: new EmbeddedAlertStore({ dir }),
    now: new Date('2024-03-04T12:05:00Z'),
  });
  t.equal(s2.alertsOpened, 0);
  const rows = (await lakeRows(lake, 'rules/')).filter((r) => r.p_rule_id === 'Test.Describe');
  t.equal(rows.length, 2);
  t.same(
    rows.map((r) => r.p_alert_id),
    [expected, expected],
    'both rows carry the id of the window the first run started',
  );
  const s3 = await runDetections({
    lake,
    keys: await ingest(lake, 'three', [ct('DescribeInstances')]),
    detections: items,
    alertStore: new EmbeddedAlertStore({ dir }),
    now: new Date('2024-03-04T12:10:00Z'),
  });
  t.same(s3.openedAlertIds, [expected], 'the third match opens the alert those rows named');
});

t.test('rule errors: one RULE_ERROR alert per rule and error kind within the dedup period', async (t) => {
  const lake = tempLake();
  const dir = fixtureDir();
  writeFileSync(
    join(dir, 'flaky.yml'),
    'AnalysisType: rule\nFilename: flaky.ts\nRuleID: Test.Flaky\nEnabled: true\nSeverity: Critical\nDedupPeriodMinutes: 30\nOutputIds: [pager]\nLogTypes: [AWS.CloudTrail]\n',
  );
  writeFileSync(
    join(dir, 'flaky.ts'),
    [
      'export function rule(e: { get(k: string): unknown }): boolean {',
      "  if (e.get('eventName') === 'RunInstances') throw new TypeError('bad ' + String(e.get('eventID')));",
      "  if (e.get('eventName') === 'StopInstances') throw new RangeError('out of range');",
      "  return e.get('eventName') === 'DescribeInstances' ? ('yes' as unknown as boolean) : false;",
      '}',
      '',
    ].join('\n'),
  );
  const items = (await loadAnalysisDir(dir)).items;
  const store = new EmbeddedAlertStore();
  const now = new Date('2024-03-04T12:00:00Z');
  const lines = [ct('RunInstances', { eventID: 'run-1' }), ct('RunInstances', { eventID: 'run-2' }), ct('StopInstances'), ct('DescribeInstances')];
  const s1 = await runDetections({ lake, keys: await ingest(lake, 'errs', lines), detections: items, alertStore: store, now });
  t.same(s1.errors, { 'Test.Flaky': 4 });
  const alerts = (await store.list({ ruleId: 'Test.Flaky' })).sort((a, b) => (a.dedup < b.dedup ? -1 : 1));
  t.same(
    alerts.map((a) => [a.type, a.dedup, a.eventCount, a.severity]),
    [
      ['RULE_ERROR', 'FunctionReturnTypeError', 1, 'CRITICAL'],
      ['RULE_ERROR', 'RangeError', 1, 'CRITICAL'],
      ['RULE_ERROR', 'TypeError', 2, 'CRITICAL'],
    ],
    'two TypeErrors share one alert; each kind has its own',
  );
  t.same(alerts.map((a) => a.destinations), [['pager'], ['pager'], ['pager']], "the rule's OutputIds");
  t.equal(alerts.find((a) => a.dedup === 'TypeError')?.title, 'TypeError: bad run-1', 'the first error of the window titles it');
  t.equal(s1.alertsOpened, 3);
  const rows = await lakeRows(lake, 'rule_errors/');
  const byKind = new Map(alerts.map((a) => [a.dedup, a.alertId]));
  t.same(
    rows.map((r) => r.p_alert_id).sort(),
    [byKind.get('FunctionReturnTypeError'), byKind.get('RangeError'), byKind.get('TypeError'), byKind.get('TypeError')].sort(),
    'every error row links to its alert',
  );
  // Within the dedup period a later run counts into the same alert; after it, a new one opens.
  const s2 = await runDetections({ lake, keys: await ingest(lake, 'errs2', [ct('RunInstances')]), detections: items, alertStore: store, now: new Date('2024-03-04T12:20:00Z') });
  t.equal(s2.alertsOpened, 0);
  t.equal((await store.get(byKind.get('TypeError')!))?.eventCount, 3);
  const s3 = await runDetections({ lake, keys: await ingest(lake, 'errs3', [ct('RunInstances')]), detections: items, alertStore: store, now: new Date('2024-03-04T12:31:00Z') });
  t.equal(s3.alertsOpened, 1);
  t.not(s3.openedAlertIds[0], byKind.get('TypeError'));
});

t.test('alertType: matches open alerts of the given type, rule errors stay RULE_ERROR', async (t) => {
  const lake = tempLake();
  const store = new EmbeddedAlertStore();
  const now = new Date('2024-03-04T12:00:00Z');
  const items = (await loadAnalysisDir(fixtureDir())).items.map((i) => (i.type === 'rule' && i.id === 'Test.Describe' ? { ...i, spec: { ...i.spec, Threshold: 1 } } : i));
  const stats = await runDetections({ lake, keys: await ingest(lake, 'sched', [ct('DescribeInstances'), rootLogin]), detections: items, alertStore: store, now, alertType: 'SCHEDULED_RULE' });
  t.equal(stats.alertsOpened, 2);
  t.same((await store.list()).map((a) => [a.ruleId, a.type]).sort(), [
    ['Test.Describe', 'SCHEDULED_RULE'],
    ['Test.Throws', 'RULE_ERROR'],
  ]);
  const row = (await lakeRows(lake, 'rules/'))[0];
  t.equal(row?.p_alert_id, alertIdFor('Test.Describe', 'describe by 203.0.113.10', now.toISOString(), 'SCHEDULED_RULE'));
});

t.test('the worker pool runtime: a hanging rule is a timeout error, the others still match', async (t) => {
  const lake = tempLake();
  const dir = fixtureDir();
  writeFileSync(join(dir, 'hang.yml'), 'AnalysisType: rule\nFilename: hang.ts\nRuleID: Test.Hang\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n');
  writeFileSync(join(dir, 'hang.ts'), 'export function rule(): boolean {\n  for (;;) {}\n}\n');
  const loaded = await loadAnalysisDir(dir);
  const keys = await ingest(lake, 'pool', [ct('DescribeInstances')]);
  const pool = new TsWorkerPool({ size: 1, graceMs: 100 });
  t.teardown(() => pool.close());
  const stats = await runDetections({ lake, keys, detections: loaded.items, alertStore: new EmbeddedAlertStore(), now: new Date(), pool, timeLimitMs: 300 });
  // Test.Throws does not throw on DescribeInstances: only the hang errs.
  t.same(stats.errors, { 'Test.Hang': 1 });
  t.equal(stats.matches['Test.Describe'], 1);
  const errors = await lakeRows(lake, 'rule_errors/');
  t.match(errors[0], { p_rule_id: 'Test.Hang', p_rule_error: /TimeoutError/ });
});

t.test('Python rules run unchanged in the same pipeline (global helpers, errors as rule errors)', async (t) => {
  const lake = tempLake();
  const dir = mkdtempSync(join(tmpdir(), 'panther-py-rules-'));
  writeFileSync(join(dir, 'helpers.yml'), 'AnalysisType: global\nFilename: my_helpers.py\nGlobalID: my_helpers\n');
  writeFileSync(join(dir, 'my_helpers.py'), "def is_describe(event):\n    return event.get('eventName', '').startswith('Describe')\n");
  writeFileSync(
    join(dir, 'py_rule.yml'),
    'AnalysisType: rule\nFilename: py_rule.py\nRuleID: Py.Describe\nEnabled: true\nSeverity: Info\nLogTypes: [AWS.CloudTrail]\n',
  );
  writeFileSync(
    join(dir, 'py_rule.py'),
    "from my_helpers import is_describe\n\ndef rule(event):\n    return is_describe(event)\n\ndef title(event):\n    return f\"{event.deep_get('userIdentity', 'userName')} described\"\n",
  );
  writeFileSync(join(dir, 'py_bad.yml'), 'AnalysisType: rule\nFilename: py_bad.py\nRuleID: Py.Bad\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n');
  writeFileSync(join(dir, 'py_bad.py'), "def rule(event):\n    return event['noSuchField'] == 1\n");
  const loaded = await loadAnalysisDir(dir);
  t.same(loaded.errors, []);
  const keys = await ingest(lake, 'python', [ct('DescribeInstances'), ct('RunInstances')]);
  const store = new EmbeddedAlertStore();
  const stats = await runDetections({ lake, keys, detections: loaded.items, alertStore: store, now: new Date('2024-03-04T12:00:00Z') });
  t.same(stats.loadErrors, []);
  t.same(stats.matches, { 'Py.Describe': 1 });
  t.same(stats.errors, { 'Py.Bad': 2 });
  t.match(await store.list(), [{ ruleId: 'Py.Describe', title: 'alice described', severity: 'INFO' }]);
  const errors = await lakeRows(lake, 'rule_errors/');
  t.equal(errors.length, 2);
  t.match(errors[0], { p_rule_id: 'Py.Bad', p_rule_error: /^rule: KeyError: .*noSuchField/ });
});

t.test('many matches of one window in one run: one alert, opened once, counting all of them', async (t) => {
  const lake = tempLake();
  const keys = await ingest(lake, 'burst', Array.from({ length: 300 }, () => ct('DescribeInstances')));
  const store = new EmbeddedAlertStore({ dir: mkdtempSync(join(tmpdir(), 'panther-alerts-')) });
  const stats = await runDetections({ lake, keys, detections: (await loadAnalysisDir(fixtureDir())).items, alertStore: store, now: new Date('2024-03-04T12:00:00Z') });
  t.equal(stats.matches['Test.Describe'], 300);
  t.equal(stats.alertsOpened, 1);
  const alerts = await store.list();
  t.match(alerts, [{ ruleId: 'Test.Describe', eventCount: 300 }]);
  t.equal(alerts.length, 1);
  const ids = new Set((await lakeRows(lake, 'rules/')).map((r) => r.p_alert_id));
  t.same([...ids], [alerts[0]?.alertId], 'all 300 rows link to the alert');
});
