import t from 'tap';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { S3ObjectStore } from '../../../adapters/aws/s3-object-store.js';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' } });
const store = new S3ObjectStore(client, 'acme-lake');

t.beforeEach(() => s3.reset());

t.test('list follows continuation tokens and strips ETag quotes', async (t) => {
  s3.on(ListObjectsV2Command, { Bucket: 'acme-lake', Prefix: 'logs/', ContinuationToken: undefined }).resolves({
    IsTruncated: true,
    NextContinuationToken: 'page-2',
    Contents: [{ Key: 'logs/a.json.gz', Size: 10, LastModified: new Date('2024-01-01T00:00:00Z'), ETag: '"e1"' }],
  });
  s3.on(ListObjectsV2Command, { Bucket: 'acme-lake', Prefix: 'logs/', ContinuationToken: 'page-2' }).resolves({
    IsTruncated: false,
    Contents: [{ Key: 'logs/b.json.gz', Size: 20, LastModified: new Date('2024-01-02T00:00:00Z') }],
  });
  const got = [];
  for await (const o of store.list('logs/')) got.push(o);
  t.same(got, [
    { key: 'logs/a.json.gz', size: 10, lastModified: new Date('2024-01-01T00:00:00Z'), etag: 'e1' },
    { key: 'logs/b.json.gz', size: 20, lastModified: new Date('2024-01-02T00:00:00Z') },
  ]);
  t.equal(s3.commandCalls(ListObjectsV2Command).length, 2);
  t.equal(store.location, 's3://acme-lake');
});

t.test('get passes the version and returns the object metadata; a missing body is an error', async (t) => {
  s3.on(GetObjectCommand, { Key: 'k', VersionId: 'v7' }).resolves({
    Body: Readable.from([Buffer.from('x')]) as never,
    ContentLength: 1,
    LastModified: new Date('2024-01-01T00:00:00Z'),
    ETag: '"etag"',
    VersionId: 'v7',
  });
  const o = await store.get('k', 'v7');
  t.same(o.meta, { key: 'k', size: 1, lastModified: new Date('2024-01-01T00:00:00Z'), etag: 'etag', versionId: 'v7' });
  s3.on(GetObjectCommand, { Key: 'empty' }).resolves({});
  await t.rejects(store.get('empty'), /s3:\/\/acme-lake\/empty: GetObject returned no body/);
});
