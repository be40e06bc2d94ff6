// The detections handler from its environment: S3 mocked (request shapes), DynamoDB in dynalite
// (through the SDK's endpoint variable), the packaged pack as stacks/detections.ts stages it.
import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { BUILTIN_PACK, stagePack } from '../../../stacks/detections.js';
import { tempLake } from '../../helpers/lake.js';
import { lambdaContext, sqsEventsFrom } from '../../helpers/lambda-events.js';
import { ingestCloudTrail, rootLogin } from '../../helpers/cloudtrail.js';
import { s3Notification, startDynamo } from './fixtures/env.js';

const dynamo = await startDynamo();
t.teardown(() => dynamo.close());
const tables = await dynamo.tables();
const staged = stagePack(BUILTIN_PACK, mkdtempSync(join(tmpdir(), 'panther-staged-')));
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
t.teardown(() => {
  s3.restore();
  sqs.restore();
});
Object.assign(process.env, {
  LAKE_BUCKET: 'acme-lake',
  ALERTS_TABLE: tables.alerts,
  CACHE_TABLE: tables.cache,
  ALERT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/acme-alert-delivery',
  PACK_DIR: staged.packDir,
  WORK_DIR: mkdtempSync(join(tmpdir(), 'panther-detections-work-')),
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'CRITICAL',
});
const { handler } = await import('../../../functions/detections/handler.js');

const sqsEvent = sqsEventsFrom('arn:aws:sqs:us-east-1:123456789012:acme-detections');
const context = lambdaContext('acme-detections', 300_000);

t.test('a lake notification: objects read from S3, matches written back, opened alerts queued; bad messages fail alone', async (t) => {
  const lake = tempLake();
  const keys = (await ingestCloudTrail(lake, 'events', [rootLogin])).filter((k) => k.startsWith('logs/aws_cloudtrail/'));
  t.equal(keys.length, 1);
  const bytes = readFileSync(join(lake.root, ...keys[0]!.split('/')));
  s3.on(GetObjectCommand, { Bucket: 'acme-lake', Key: keys[0] }).callsFake(() => ({ Body: Readable.from([bytes]) as never, ContentLength: bytes.length, ETag: '"e"' }));
  s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
  s3.on(PutObjectCommand).resolves({ ETag: '"x"' });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: '' }] });

  const res = await handler(sqsEvent(s3Notification('acme-lake', keys[0]!), 'not json', s3Notification('acme-lake', 'logs/unclassified/year=2024/month=03/day=04/hour=10/x.json.gz')), context);
  t.same(res, { batchItemFailures: [{ itemIdentifier: 'm1' }] });
  t.same(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input, { Bucket: 'acme-lake', Prefix: 'detections/', ContinuationToken: undefined });
  const written = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
  t.ok(written.length > 0 && written.every((k) => typeof k === 'string' && k.startsWith('rules/aws_cloudtrail/year=2024/month=03/day=04/hour=10/')), 'matches under rules/');
  const queued = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}') as { alertId: string });
  t.ok(queued.length >= 1, 'the opened alert is queued');
  t.ok(queued.every((m) => typeof m.alertId === 'string' && m.alertId.length > 0));
});
