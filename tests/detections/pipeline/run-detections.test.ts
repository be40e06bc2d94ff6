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
import { CloudTrail } from '../../../parsers/aws/cloudtrail.js';
import { processObject } from '../../../processing/process-object.js';
import { chunks, lakeKeys, lakeRows, tempLake } from '../../helpers/lake.js';
import type { DirObjectStore } from '../../../adapters/local/dir-object-store.js';

function ct(eventName: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
    eventTime: '2024-03-04T10:15:30Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    requestID: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    eventID: `id-${eventName}-${Math.random()}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    ...extra,
  });
}

const rootLogin = ct('ConsoleLogin', {
  userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
  eventSource: 'signin.amazonaws.com',
  eventType: 'AwsConsoleSignIn',
  readOnly: false,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MFAUsed: 'Yes' },
});

/** Writes one source object of CloudTrail lines into the lake; returns the keys the processor wrote. */
async function ingest(lake: DirObjectStore, id: string, lines: string[]): Promise<string[]> {
  const stats = await processObject(chunks(lines.join('\n')), {
    logTypes: [CloudTrail],
    source: { sourceId: 's', sourceLabel: 'test' },
    objectKey: `in/${id}.jsonl`,
    objectId: id.padEnd(16, '0'),
    objectTime: new Date('2024-03-04T11:00:00Z'),
    lake,
  });
  return stats.keys;
}

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
