// The processor on AWS with DOCUMENTS_TABLE: sources created through the API reach it (within the
// TTL) and what it processes shows in the API's source health. Real SDK calls to dynalite on
// loopback for the table; S3 through aws-sdk-client-mock.
import t from 'tap';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { mockClient } from 'aws-sdk-client-mock';
import { DOCUMENTS_TABLE_DEFINITION, DynamoDocumentStore } from '../../../adapters/aws/dynamodb-document-store.js';
import type { DocumentCollection } from '../../../adapters/document-store.js';
import { depsFromEnv, SOURCES_TTL_MS } from '../../../functions/log-processor/config.js';
import { processMessage } from '../../../functions/log-processor/process-record.js';
import { SOURCES_COLLECTION, SourcesService } from '../../../api/services/sources.js';
import type { SourceStats } from '../../../processing/source-stats.js';
import { createTable, localDynamo } from '../../helpers/dynalite.js';

const s3 = mockClient(S3Client);

const trailLine = (eventTime: string) =>
  JSON.stringify({
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', accountId: '123456789012', userName: 'alice' },
    eventTime,
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    eventID: `id-${eventTime}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '123456789012',
  });
const body = [trailLine('2026-03-02T11:58:00Z'), trailLine('2026-03-02T11:59:30.250Z'), 'not a log line'].join('\n');
const message = (bucket: string, key: string) =>
  JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, size: 10, eTag: 'abc', versionId: 'v1' } } }] });

function fakeLogger(): { logger: Logger; warnings: Array<[string, unknown]> } {
  const warnings: Array<[string, unknown]> = [];
  const logger = { info: () => undefined, warn: (m: string, extra?: unknown) => warnings.push([m, extra]) } as unknown as Logger;
  return { logger, warnings };
}
const metrics = { addMetric: () => undefined } as unknown as Metrics;

t.test('console-managed sources on the Lambda', async (t) => {
  const { client } = await localDynamo(t);
  const documents = new DynamoDocumentStore({ client, tableName: await createTable(client, 'acme-documents', DOCUMENTS_TABLE_DEFINITION) });
  const now = new Date('2026-03-02T12:10:00Z');
  const api = new SourcesService({ documents, now: () => now });
  const created = await api.create({ label: 'Org trail', bucket: 'org-trail', prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail'] }] });
  // A document no longer valid for the processor (written before a log type was removed, say).
  await documents.collection(SOURCES_COLLECTION).put('stale-src', { label: 'Old app', bucket: 'old-app', prefixes: [{ prefix: '', logTypes: ['Gone.Type'] }] });

  let clock = 5_000_000;
  const warnings: string[] = [];
  const tables: string[] = [];
  const deps = await depsFromEnv(
    {
      LAKE_BUCKET: 'acme-lake',
      DOCUMENTS_TABLE: 'acme-documents',
      SOURCES: JSON.stringify([{ id: 'env-src', label: 'deployment', bucket: 'env-bucket', prefixes: [{ prefix: '', logTypes: ['AWS.CloudTrail'] }] }]),
    },
    () => new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    {
      documents: (name) => {
        tables.push(name);
        return documents;
      },
      warn: (m) => warnings.push(m),
      clock: () => clock,
    },
  );
  t.same(tables, ['acme-documents']);

  t.test('the sources are SOURCES and the valid stored ones; a bad document is skipped by name', async (t) => {
    const sources = await deps.sources();
    t.same(sources.map((s) => s.id), ['env-src', created.id]);
    t.same(sources[1], { id: created.id, label: 'Org trail', bucket: 'org-trail', prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail'] }] });
    t.equal(warnings.length, 1);
    t.match(warnings[0], /^log source "Old app" \(stale-src\) skipped: prefixes\.0\.logTypes: unknown log type "Gone\.Type"/);
  });

  t.test('a source created in the console is seen once the TTL has passed', async (t) => {
    const later = await api.create({ label: 'App logs', bucket: 'app-logs', prefixes: [{ prefix: '', logTypes: ['AWS.CloudTrail'] }] });
    t.notOk((await deps.sources()).some((s) => s.id === later.id), 'cached within the TTL');
    clock += SOURCES_TTL_MS;
    t.ok((await deps.sources()).some((s) => s.id === later.id), 'reloaded after it');
    t.equal(SOURCES_TTL_MS, 60_000);
  });

  t.test('an object of a console source is processed and its statistics feed the source health', async (t) => {
    s3.reset();
    s3.on(GetObjectCommand, { Bucket: 'org-trail', Key: 'AWSLogs/1.json' }).callsFake(() => ({
      Body: Readable.from([Buffer.from(body)]) as never,
      LastModified: new Date('2026-03-02T12:00:00Z'),
      ETag: '"e1"',
      VersionId: 'v1',
    }));
    s3.on(PutObjectCommand).resolves({ ETag: '"out"' });
    const { logger, warnings: logged } = fakeLogger();
    await processMessage(message('org-trail', 'AWSLogs/1.json'), deps, logger, metrics);
    t.same(logged, []);
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key ?? '');
    t.equal(keys.filter((k) => k.startsWith('logs/aws_cloudtrail/year=2026/month=03/day=02/hour=11/')).length, 1);
    t.equal(keys.filter((k) => k.startsWith('logs/unclassified/')).length, 1);
    const health = await api.health(created.id);
    t.equal(health.objects24h, 1);
    t.equal(health.unclassified24h, 1);
    t.equal(health.lastEventTime, '2026-03-02T11:59:30.250Z');
    t.equal(health.healthy, true);
    const stored = await documents.collection<SourceStats>('source-stats').get(created.id);
    t.same(Object.values(stored?.value.hours ?? {}), [{ objects: 1, events: 2, unclassified: 1 }]);
  });

  t.test('a failure to record the statistics is logged as a warning; the object is not failed', async (t) => {
    s3.reset();
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(body)]) as never, LastModified: new Date('2026-03-02T12:00:00Z'), ETag: '"e2"' }));
    s3.on(PutObjectCommand).resolves({ ETag: '"out"' });
    const broken: DocumentCollection<SourceStats> = {
      get: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
      put: () => Promise.reject(new Error('unreachable')),
      delete: async () => false,
      list: async () => [],
    };
    const { logger, warnings: logged } = fakeLogger();
    await processMessage(message('env-bucket', 'x.log'), { ...deps, sourceStats: broken }, logger, metrics);
    t.equal(s3.commandCalls(PutObjectCommand).length, 2, 'events and unclassified lines written');
    t.same(logged, [
      ['source statistics not recorded', { bucket: 'env-bucket', key: 'x.log', warning: 'statistics of source "env-src" not recorded: ProvisionedThroughputExceededException' }],
    ]);
  });
});
