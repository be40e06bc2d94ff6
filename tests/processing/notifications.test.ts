import t from 'tap';
import { objectsFromMessage } from '../../processing/notifications.js';

const s3Event = {
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2024-05-06T07:08:09.000Z',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'logs-bucket', arn: 'arn:aws:s3:::logs-bucket' },
        object: { key: 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/06/file+name%3D1.json.gz', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: 'v1', sequencer: '0A1B2C3D4E5F678901' },
      },
    },
    { eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'logs-bucket' }, object: { key: 'gone' } } },
  ],
};

t.test('direct S3 notification: created objects only, keys URL-decoded', async (t) => {
  t.same(objectsFromMessage(JSON.stringify(s3Event)), [
    { bucket: 'logs-bucket', key: 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/06/file name=1.json.gz', versionId: 'v1', etag: 'd41d8cd98f00b204e9800998ecf8427e', size: 1024 },
  ]);
});

t.test('SNS-wrapped and raw SNS delivery', async (t) => {
  const sns = { Type: 'Notification', MessageId: 'm', TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: JSON.stringify(s3Event) };
  t.equal(objectsFromMessage(JSON.stringify(sns))[0]?.bucket, 'logs-bucket');
  t.same(objectsFromMessage(JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'x', SubscribeURL: 'https://example.com' })), []);
});

t.test('EventBridge Object Created events', async (t) => {
  const eb = {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2021-11-12T00:00:00Z',
    region: 'ca-central-1',
    resources: ['arn:aws:s3:::example-bucket'],
    detail: { version: '0', bucket: { name: 'example-bucket' }, object: { key: 'a b/example-key', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', 'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', sequencer: '617f08299329d189' }, 'request-id': 'N4N7GDK58NMKJ12R', requester: '123456789012', reason: 'PutObject' },
  };
  t.same(objectsFromMessage(JSON.stringify(eb)), [{ bucket: 'example-bucket', key: 'a b/example-key', versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', etag: 'b1946ac92492d2347c6235b4d2611184', size: 5 }]);
  t.same(objectsFromMessage(JSON.stringify({ ...eb, 'detail-type': 'Object Deleted' })), []);
});

t.test('S3 test events are ignored; garbage is a clear error', async (t) => {
  t.same(objectsFromMessage(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2024-05-06T07:08:09.000Z', Bucket: 'logs-bucket', RequestId: 'X', HostId: 'Y' })), []);
  t.throws(() => objectsFromMessage('not json'), { name: 'NotificationError', message: /^message body is not JSON/ });
  t.throws(() => objectsFromMessage('{"hello": 1}'), /unrecognised notification \(keys: hello\)/);
  t.throws(() => objectsFromMessage('{"Records": [{"eventName": "ObjectCreated:Put", "s3": {}}]}'), /Records\[0\]: s3.bucket.name or s3.object.key missing/);
  t.throws(() => objectsFromMessage('{"Type": "Notification", "Message": "{"}'), /SNS Message is not JSON/);
});
