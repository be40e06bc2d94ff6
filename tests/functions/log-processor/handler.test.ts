import t from 'tap';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { lambdaContext, sqsEventsFrom } from '../../helpers/lambda-events.js';

const s3 = mockClient(S3Client);
process.env.LAKE_BUCKET = 'acme-lake';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIATEST';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
process.env.SOURCES = JSON.stringify([
  { id: 'ct', label: 'org-trail', bucket: 'acme-trail', prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail'] }] },
  { id: 'app', label: 'app-logs', bucket: 'acme-app', prefixes: [{ prefix: '', logTypes: ['Custom.AppLog'] }] },
]);
process.env.SCHEMAS_DIR = new URL('../../../schemas/examples', import.meta.url).pathname;
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { handler } = await import('../../../functions/log-processor/handler.js');

const record = (name: string) => ({
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice' },
  eventTime: '2024-05-06T07:08:09Z',
  eventSource: 'iam.amazonaws.com',
  eventName: name,
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.30',
  requestParameters: { userName: 'bob' },
  responseElements: null,
  requestID: 'f2a1b0c4-1111-2222-3333-444455556666',
  eventID: 'e1b2c3d4-1111-2222-3333-444455556666',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '123456789012',
  eventCategory: 'Management',
});
const trailFile = gzipSync(JSON.stringify({ Records: [record('CreateUser'), record('DeleteUser')] }));

const s3Message = (bucket: string, key: string, versionId = 'v1') =>
  JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, size: 10, eTag: 'abc', versionId } } }] });

const sqs = sqsEventsFrom('arn:aws:sqs:us-east-1:123456789012:input');
const context = lambdaContext('log-processor', 60_000);

t.beforeEach(() => {
  s3.reset();
  s3.on(GetObjectCommand, { Bucket: 'acme-trail', Key: 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/06/file.json.gz' }).callsFake(() => ({
    // Only the Node stream side of the SDK's body type is used by the adapter.
    Body: Readable.from([trailFile]) as never,
    ContentLength: trailFile.length,
    LastModified: new Date('2024-05-06T07:15:00Z'),
    ETag: '"abc"',
    VersionId: 'v1',
  }));
  s3.on(GetObjectCommand, { Key: 'AWSLogs/missing.json.gz' }).rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }));
  s3.on(GetObjectCommand, { Bucket: 'acme-app', Key: 'app.log' }).callsFake(() => ({
    Body: Readable.from([Buffer.from('2024-05-06 07:08:09,123 INFO [auth] user=alice ip=10.0.0.1 action=login result=success took=35\n')]) as never,
    LastModified: new Date('2024-05-06T07:15:00Z'),
    ETag: '"e2"',
  }));
  s3.on(PutObjectCommand).resolves({ ETag: '"out"' });
});

t.test('custom schemas from SCHEMAS_DIR serve sources like built-in log types', async (t) => {
  const res = await handler(sqs(s3Message('acme-app', 'app.log')), context);
  t.same(res.batchItemFailures, []);
  const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
  t.match(put?.Key, /^logs\/custom_applog\/year=2024\/month=05\/day=06\/hour=07\//);
  const row = JSON.parse(gunzipSync(put?.Body as Buffer).toString('utf8')) as Record<string, unknown>;
  t.match(row, { user: 'alice', took: 35, p_log_type: 'Custom.AppLog', p_source_label: 'app-logs' });
});

t.test('good objects are written to the lake; bad messages alone are reported as failures', async (t) => {
  const res = await handler(
    sqs(
      s3Message('acme-trail', 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/06/file.json.gz'),
      s3Message('acme-trail', 'AWSLogs/missing.json.gz'),
      s3Message('unknown-bucket', 'x.log'),
      'not json',
      JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'acme-trail' }),
    ),
    context,
  );
  t.same(res.batchItemFailures, [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
  const puts = s3.commandCalls(PutObjectCommand);
  t.equal(puts.length, 1, 'one lake file: one table, one hour');
  const input = puts[0]?.args[0].input;
  t.equal(input?.Bucket, 'acme-lake');
  t.match(input?.Key, /^logs\/aws_cloudtrail\/year=2024\/month=05\/day=06\/hour=07\/20240506T071500Z-[0-9a-f]{16}\.json\.gz$/);
  const rows = gunzipSync(input?.Body as Buffer).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  t.same(rows.map((r) => r.eventName), ['CreateUser', 'DeleteUser']);
  t.match(rows[0], { p_log_type: 'AWS.CloudTrail', p_source_id: 'ct', p_source_label: 'org-trail', p_event_time: '2024-05-06 07:08:09.000000000', p_any_ip_addresses: ['203.0.113.10'] });
  const get = s3.commandCalls(GetObjectCommand)[0]?.args[0].input;
  t.equal(get?.VersionId, 'v1', 'reads the notified version');
});

t.test('a redelivered notification writes the same key again (idempotent)', async (t) => {
  const msg = s3Message('acme-trail', 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/06/file.json.gz');
  await handler(sqs(msg), context);
  await handler(sqs(msg), context);
  const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
  t.equal(keys.length, 2);
  t.equal(keys[0], keys[1]);
});
