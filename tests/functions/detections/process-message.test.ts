// The detections function's message handling over real adapters: a lake directory, DynamoDB tables
// in dynalite, user detections copied from the lake, the delivery queue mocked (request shapes).
import t from 'tap';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoAlertStore } from '../../../detections/alerting/dynamodb-store.js';
import { DynamoCacheStore } from '../../../detections/caching/dynamodb-cache.js';
import { BUILTIN_PACK_DIR } from '../../../detections/pipeline/local.js';
import type { DetectionDeps } from '../../../functions/detections/config.js';
import { sqsAlertQueue } from '../../../detections/delivery/queue-message.js';
import { DetectionSource, relativePathOf } from '../../../functions/detections/detection-source.js';
import { detectionKeys, processMessage } from '../../../functions/detections/process-message.js';
import { lakeKeys, tempLake } from '../../helpers/lake.js';
import { cloudTrailLine, ingestCloudTrail, rootLogin } from '../../helpers/cloudtrail.js';
import { s3Notification, startDynamo, USER_DETECTIONS } from './fixtures/env.js';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const logger = new Logger({ serviceName: 'detections-test', logLevel: 'CRITICAL' });
const metrics = new Metrics({ namespace: 'Test' });
const dynamo = await startDynamo();
t.teardown(() => dynamo.close());
const sqs = mockClient(SQSClient);
t.teardown(() => sqs.restore());
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/acme-alert-delivery';

t.test('keys: normalized logs of the lake bucket only', async (t) => {
  const body = s3Notification('acme-lake', 'logs/aws_cloudtrail/year=2024/month=03/day=04/hour=10/a.json.gz', 'logs/unclassified/year=2024/month=03/day=04/hour=10/a.json.gz', 'rules/aws_cloudtrail/year=2024/x.json.gz');
  t.same(detectionKeys(body, 'acme-lake'), ['logs/aws_cloudtrail/year=2024/month=03/day=04/hour=10/a.json.gz']);
  t.same(detectionKeys(body, 'other-bucket'), []);
  t.same(detectionKeys(JSON.stringify({ Event: 's3:TestEvent' }), 'acme-lake'), []);
  t.throws(() => detectionKeys('not json', 'acme-lake'), /not JSON/);
});

t.test('user detection paths cannot leave their directory', async (t) => {
  t.equal(relativePathOf('detections/rules/a.yml', 'detections/'), 'rules/a.yml');
  for (const bad of ['detections/../x.yml', 'detections//a.yml', 'detections/a/./b.yml', 'other/a.yml', 'detections/']) t.equal(relativePathOf(bad, 'detections/'), undefined, bad);
});

t.test('new events run through the pack and the user detections; opened alerts are queued for delivery', async (t) => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  const lake = tempLake();
  const keys = await ingestCloudTrail(lake, 'events', [rootLogin, cloudTrailLine('DescribeInstances'), 'junk line']);
  for (const [key, text] of Object.entries(USER_DETECTIONS)) {
    const up = lake.upload(key, 'text/plain');
    up.stream.end(text);
    await up.done;
  }
  const tables = await dynamo.tables();
  const alertStore = new DynamoAlertStore({ client: dynamo.client, tableName: tables.alerts });
  const workDir = mkdtempSync(join(tmpdir(), 'panther-detections-work-'));
  const source = new DetectionSource({ packDir: BUILTIN_PACK_DIR, lake, workDir, python: false });
  const deps: DetectionDeps = {
    lakeBucket: 'acme-lake',
    lake,
    alertStore,
    cache: new DynamoCacheStore({ client: dynamo.client, tableName: tables.cache }),
    detections: () => source.current(),
    enqueue: sqsAlertQueue(new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), QUEUE),
    now: () => new Date('2024-03-04T12:00:00Z'),
  };
  const loaded = await source.current();
  t.same(loaded.skipped, ['User.Python: Python detections need the Python runtime in the function package']);
  t.ok(loaded.items.some((i) => i.id === 'User.Describe'));
  t.same(readdirSync(join(workDir, 'user-1')).sort(), ['package.json', 'rules'], 'only specs and bodies are copied');

  await processMessage(s3Notification('acme-lake', ...keys), deps, logger, metrics);
  const alerts = await alertStore.list();
  const ruleIds = alerts.map((a) => a.ruleId);
  t.ok(ruleIds.includes('AWS.CloudTrail.RootAccountUsed'), 'the pack rule opened its alert');
  t.ok(ruleIds.includes('User.Describe'), 'the user rule opened its alert');
  const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []);
  t.same(sent.map((e) => JSON.parse(e.MessageBody ?? '{}').alertId).sort(), alerts.map((a) => a.alertId).sort());
  t.equal(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.QueueUrl, QUEUE);
  t.ok((await lakeKeys(lake, 'rules/')).length > 0, 'matches written under rules/');

  // Same events again within the windows: counted, but no alert opens twice, nothing more is queued.
  const before = sqs.commandCalls(SendMessageBatchCommand).length;
  await processMessage(s3Notification('acme-lake', ...keys), deps, logger, metrics);
  t.equal(sqs.commandCalls(SendMessageBatchCommand).length, before);
});

t.test('a delivery queue refusing entries fails the message (it is retried)', async (t) => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', Code: 'KMS.AccessDenied', SenderFault: true }] });
  const enqueue = sqsAlertQueue(new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), QUEUE);
  await t.rejects(enqueue(['a1']), /could not queue 1 alert\(s\) for delivery: KMS.AccessDenied \(sender\)/);
  // Batches of ten.
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({});
  await enqueue(Array.from({ length: 23 }, (_, i) => `a${i}`));
  t.same(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length), [10, 10, 3]);
});

t.test('user detections are reloaded when the listing changes, not before the refresh interval', async (t) => {
  const lake = tempLake();
  let now = 0;
  const source = new DetectionSource({ packDir: BUILTIN_PACK_DIR, lake, workDir: mkdtempSync(join(tmpdir(), 'panther-detections-work-')), python: true, refreshMs: 1000, clock: () => now });
  t.notOk((await source.current()).items.some((i) => i.id === 'User.Describe'));
  for (const key of ['detections/rules/describe.yml', 'detections/rules/describe.ts']) {
    const up = lake.upload(key, 'text/plain');
    up.stream.end(USER_DETECTIONS[key]);
    await up.done;
  }
  now = 500;
  const first = await source.current();
  t.notOk(first.items.some((i) => i.id === 'User.Describe'), 'not yet checked again');
  t.equal(await source.current(), first, 'unchanged detections are the same object (their errors are logged once)');
  now = 1500;
  t.ok((await source.current()).items.some((i) => i.id === 'User.Describe'), 'picked up');
  const spec = 'AnalysisType: rule\nFilename: describe.ts\nRuleID: AWS.CloudTrail.RootAccountUsed\nEnabled: false\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n';
  const up = lake.upload('detections/rules/override.yml', 'text/plain');
  up.stream.end(spec);
  await up.done;
  now = 3000;
  const r = await source.current();
  const root = r.items.filter((i) => i.id === 'AWS.CloudTrail.RootAccountUsed');
  t.equal(root.length, 1);
  t.equal(root[0]?.type === 'rule' && root[0].spec.Enabled, false, 'a user detection replaces the pack one with its ID');
});
