// The cloud-rescan handler's dispatch, with the deps its environment gives (the documents table in
// dynalite, S3 and SQS mocked with request shapes asserted): an EventBridge event goes to the
// schedule/event path, an SQS batch of lake notifications to the lake path with partial failures.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { DOCUMENTS_TABLE_DEFINITION } from '../../../adapters/aws/dynamodb-document-store.js';
import { depsFromEnv } from '../../../functions/cloud-rescan/config.js';
import { createTable, localDynamo } from '../../helpers/dynalite.js';
import { lambdaContext, sqsEventsFrom } from '../../helpers/lambda-events.js';
import { tempLake } from '../../helpers/lake.js';
import { ACCOUNT, ingest, record, s3Notification } from './fixtures/lake-cloudtrail.js';

// Before the handler module builds its logger.
process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
const { dispatch } = await import('../../../functions/cloud-rescan/handler.js');
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/acme-cloud-scan-units';
const BUCKET = 'acme-lake';
const context = lambdaContext('acme-cloud-rescan', 300_000);
const sqsEvent = sqsEventsFrom('arn:aws:sqs:eu-west-1:999999999999:acme-cloudtrail-rescans');

t.test('EventBridge events and SQS batches each reach their path; one bad message fails alone', async (t) => {
  const dynamo = await localDynamo(t);
  const table = await createTable(dynamo.client, 'acme-documents', DOCUMENTS_TABLE_DEFINITION);
  const s3 = mockClient(S3Client);
  const sqs = mockClient(SQSClient);
  t.teardown(() => {
    s3.restore();
    sqs.restore();
  });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

  const lake = tempLake();
  // A call a minute ago: the function uses the real clock, and older events rescan nothing.
  const call = record('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: 'logs' }, { eventTime: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z') });
  const [key] = await ingest(lake, [call]);
  const bytes = readFileSync(join(lake.root, ...key!.split('/')));
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).callsFake(() => ({ Body: Readable.from([bytes]) as never, ContentLength: bytes.length, ETag: '"e"' }));

  const deps = depsFromEnv(
    { CLOUD_ACCOUNTS: JSON.stringify([{ accountId: ACCOUNT, regions: ['eu-west-1'] }]), DOCUMENTS_TABLE: table, UNIT_QUEUE_URL: QUEUE, LAKE_BUCKET: BUCKET, RESCAN_DELAY_SECONDS: '30' },
    { dynamodb: dynamo.client, sqs: new SQSClient({ region: 'eu-west-1' }), organizations: new OrganizationsClient({ region: 'us-east-1' }), s3: new S3Client({ region: 'eu-west-1' }) },
  );
  t.equal(deps.lakeBucket, BUCKET);

  // An SQS batch: the lake object's call queued; a body that is no notification fails alone.
  const res = await dispatch(sqsEvent(s3Notification(BUCKET, key!), 'not json'), context, deps);
  t.same(res, { batchItemFailures: [{ itemIdentifier: 'm1' }] });
  t.same(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input), [{ Bucket: BUCKET, Key: key }], 'the current version, by s3:GetObject');
  const first = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
  t.same(first, [{ QueueUrl: QUEUE, Entries: [{ Id: '0', MessageBody: JSON.stringify({ v: 1, accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['logs'], reason: 'event' }), DelaySeconds: 30 }] }]);

  // The same call forwarded by EventBridge: the debouncer (the documents table) joins it.
  const bridged = { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: ACCOUNT, region: 'eu-west-1', detail: call };
  t.same(await dispatch(bridged, context, deps), { kind: 'event', targets: 1, queued: 0, joined: 1 });
  t.equal(sqs.commandCalls(SendMessageBatchCommand).length, 1, 'nothing more sent');
  t.same(await dispatch({ 'detail-type': 'Object Created', source: 'aws.s3', detail: {} }, context, deps), { kind: 'ignored', reason: 'detail-type "Object Created"' });
});

t.test('an SQS batch without LAKE_BUCKET is a deployment error', async (t) => {
  const deps = depsFromEnv(
    { DOCUMENTS_TABLE: 'acme-documents', UNIT_QUEUE_URL: QUEUE },
    { dynamodb: new DynamoDBClient({ region: 'eu-west-1' }), sqs: new SQSClient({ region: 'eu-west-1' }), organizations: new OrganizationsClient({ region: 'us-east-1' }) },
  );
  t.equal(deps.lake, undefined);
  await t.rejects(dispatch(sqsEvent('{}'), context, deps), /LAKE_BUCKET is not set/);
});
