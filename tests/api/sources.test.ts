import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { sourcesRoutes } from '../../api/routes/sources.js';
import { recordSourceObject, STATS_COLLECTION, type SourceStats } from '../../api/services/sources-health.js';
import { SourcesService } from '../../api/services/sources.js';
import { call, mountApp } from './fixtures/app.js';

let now = new Date('2026-03-02T12:30:00.000Z');
function setup() {
  const documents = new DirDocumentStore(mkdtempSync(join(tmpdir(), 'sources-')));
  return { documents, app: mountApp(sourcesRoutes({ documents, now: () => now })) };
}

const cloudtrail = {
  label: 'Org CloudTrail',
  bucket: 'org-trail-123456789012',
  prefixes: [{ prefix: 'AWSLogs/', logTypes: ['aws.cloudtrail', 'AWS.CloudTrailDigest'] }],
  roleArn: 'arn:aws:iam::123456789012:role/panther-log-processing',
  externalId: 'panther-ext-1',
  kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

t.test('requests without a valid bearer token are 401 problems', async (t) => {
  const { app } = setup();
  for (const token of [null, 'wrong-token-0123456789']) {
    const r = await call(app, 'GET', '/api/sources', undefined, { token });
    t.equal(r.status, 401);
    t.match(r.type, 'application/problem+json');
    t.equal(r.body.status, 401);
  }
  t.equal((await call(app, 'POST', '/api/sources', cloudtrail, { token: null })).status, 401);
});

t.test('create, read, list, replace and delete a source', async (t) => {
  const { app } = setup();
  t.same((await call(app, 'GET', '/api/sources')).body, { items: [] });
  const created = await call(app, 'POST', '/api/sources', cloudtrail);
  t.equal(created.status, 201);
  t.match(created.body.id, /^[0-9a-f-]{36}$/);
  t.same(created.body.prefixes, [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail', 'AWS.CloudTrailDigest'] }], 'log types stored under their canonical names');
  t.equal(created.body.label, 'Org CloudTrail');
  t.equal(created.body.roleArn, cloudtrail.roleArn);
  t.equal(created.body.kmsKeyArn, cloudtrail.kmsKeyArn);
  t.type(created.body.updatedAt, 'string');
  const id = created.body.id as string;

  const got = await call(app, 'GET', `/api/sources/${id}`);
  t.same(got.body, created.body);
  const list = await call(app, 'GET', '/api/sources');
  t.same(list.body.items.map((s: { id: string }) => s.id), [id]);

  const replaced = await call(app, 'PUT', `/api/sources/${id}`, { label: 'Trail', bucket: 'org-trail-123456789012', prefixes: [{ prefix: 'o-abc/', logTypes: ['Okta.SystemLog'] }] });
  t.equal(replaced.status, 200);
  t.same(
    { ...replaced.body, updatedAt: undefined },
    { id, label: 'Trail', bucket: 'org-trail-123456789012', prefixes: [{ prefix: 'o-abc/', logTypes: ['Okta.SystemLog'] }], updatedAt: undefined },
    'a replace drops the optional keys it omits',
  );

  const del = await call(app, 'DELETE', `/api/sources/${id}`);
  t.equal(del.status, 204);
  t.equal(del.body, '');
  const gone = await call(app, 'GET', `/api/sources/${id}`);
  t.equal(gone.status, 404);
  t.equal(gone.body.detail, `log source ${id} not found`);
  t.equal((await call(app, 'DELETE', `/api/sources/${id}`)).status, 404);
  t.equal((await call(app, 'PUT', `/api/sources/nope`, cloudtrail)).status, 404);
  t.equal((await call(app, 'GET', `/api/sources/..%2F..%2Fetc`)).status, 404);
});

t.test('invalid bodies are 400 problems naming the field', async (t) => {
  const { app } = setup();
  const cases: Array<[string, unknown, string]> = [
    ['unknown key', { ...cloudtrail, colour: 'blue' }, 'body'],
    ['bucket', { ...cloudtrail, bucket: 'Not_A_Bucket' }, 'body.bucket'],
    ['no prefixes', { ...cloudtrail, prefixes: [] }, 'body.prefixes'],
    ['no log types', { ...cloudtrail, prefixes: [{ prefix: 'a/', logTypes: [] }] }, 'body.prefixes.0.logTypes'],
    ['role ARN', { ...cloudtrail, roleArn: 'arn:aws:iam::12345:role/x' }, 'body.roleArn'],
    ['externalId without role', { ...cloudtrail, roleArn: undefined }, 'body.externalId'],
    ['KMS key ARN', { ...cloudtrail, kmsKeyArn: 'alias/foo' }, 'body.kmsKeyArn'],
    ['duplicate prefix', { ...cloudtrail, prefixes: [{ prefix: 'a/', logTypes: ['Okta.SystemLog'] }, { prefix: 'a/', logTypes: ['AWS.CloudTrail'] }] }, 'body.prefixes.1.prefix'],
    ['label', { ...cloudtrail, label: '' }, 'body.label'],
  ];
  for (const [name, body, path] of cases) {
    const r = await call(app, 'POST', '/api/sources', body);
    t.equal(r.status, 400, name);
    t.match(r.type, 'application/problem+json', name);
    t.ok(r.body.errors.some((e: { path: string }) => e.path === path), `${name}: names ${path} (got ${JSON.stringify(r.body.errors)})`);
  }
  const unknownKey = await call(app, 'POST', '/api/sources', { ...cloudtrail, colour: 'blue' });
  t.match(unknownKey.body.detail, /colour/);
  const unknownType = await call(app, 'POST', '/api/sources', { ...cloudtrail, prefixes: [{ prefix: 'a/', logTypes: ['AWS.CloudTrail', 'Nope.Logs'] }] });
  t.equal(unknownType.status, 400);
  t.same(unknownType.body.errors, [{ path: 'body.prefixes.0.logTypes.1', message: 'unknown log type "Nope.Logs"' }]);
  const notJson = await call(app, 'POST', '/api/sources', undefined, { raw: '{ nope' });
  t.equal(notJson.status, 400);
  t.same((await call(app, 'GET', '/api/sources')).body.items, [], 'nothing was stored');
});

t.test('a bucket prefix already read by another source is a 409', async (t) => {
  const { app } = setup();
  const first = await call(app, 'POST', '/api/sources', cloudtrail);
  const clash = await call(app, 'POST', '/api/sources', { label: 'other', bucket: cloudtrail.bucket, prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.S3ServerAccess'] }] });
  t.equal(clash.status, 409);
  t.match(clash.body.detail, `already read by log source "Org CloudTrail" (${first.body.id})`);
  const elsewhere = await call(app, 'POST', '/api/sources', { label: 'other', bucket: 'another-bucket', prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.S3ServerAccess'] }] });
  t.equal(elsewhere.status, 201, 'the same prefix in another bucket is fine');
  const self = await call(app, 'PUT', `/api/sources/${first.body.id}`, cloudtrail);
  t.equal(self.status, 200, 'a source does not clash with itself');
});

t.test('health comes from the per-source stats the processor records', async (t) => {
  const { app, documents } = setup();
  now = new Date('2026-03-02T12:30:00.000Z');
  const id = (await call(app, 'POST', '/api/sources', cloudtrail)).body.id as string;
  t.same((await call(app, 'GET', `/api/sources/${id}/health`)).body, { objects24h: 0, unclassified24h: 0, healthy: false, reason: 'no data yet' });
  t.equal((await call(app, 'GET', `/api/sources/missing/health`)).status, 404);

  const stats = documents.collection<SourceStats>(STATS_COLLECTION);
  // Two days ago (outside the window), then three objects in the last day.
  await recordSourceObject(stats, id, { processedAt: new Date('2026-02-28T09:00:00Z'), events: 50, unclassified: 9 });
  await recordSourceObject(stats, id, { processedAt: new Date('2026-03-01T13:10:00Z'), events: 10, unclassified: 1, lastEventTime: '2026-03-01T13:05:00.000Z' });
  await recordSourceObject(stats, id, { processedAt: new Date('2026-03-02T12:00:00Z'), events: 20, unclassified: 2, lastEventTime: '2026-03-02T11:59:00.000Z' });
  await recordSourceObject(stats, id, { processedAt: new Date('2026-03-02T12:05:00Z'), events: 0, unclassified: 0, lastEventTime: '2026-03-02T11:00:00.000Z' });
  const healthy = await call(app, 'GET', `/api/sources/${id}/health`);
  t.same(healthy.body, {
    lastObjectTime: '2026-03-02T12:05:00.000Z',
    lastEventTime: '2026-03-02T11:59:00.000Z',
    objects24h: 3,
    unclassified24h: 3,
    healthy: true,
  });
  t.same(Object.keys((await stats.get(id))!.value.hours), ['2026-03-01T13', '2026-03-02T12'], 'hours older than 48 h are pruned');

  // The window is the current hour and the 23 before: at 11:30 the next day, yesterday's 12:00 hour counts, 13:00's does not.
  now = new Date('2026-03-03T11:30:00.000Z');
  const later = await call(app, 'GET', `/api/sources/${id}/health`);
  t.same([later.body.objects24h, later.body.unclassified24h, later.body.healthy, later.body.reason], [2, 2, true, undefined]);
  now = new Date('2026-03-03T15:00:00.000Z');
  const old = await call(app, 'GET', `/api/sources/${id}/health`);
  t.same([old.body.objects24h, old.body.healthy, old.body.reason], [0, false, 'no objects in the last 24 hours']);

  await recordSourceObject(stats, id, { processedAt: new Date('2026-03-03T14:00:00Z'), events: 0, unclassified: 40 });
  const unclassified = await call(app, 'GET', `/api/sources/${id}/health`);
  t.same([unclassified.body.objects24h, unclassified.body.unclassified24h, unclassified.body.healthy], [1, 40, false]);
  t.match(unclassified.body.reason, /no line was classified/);

  await call(app, 'DELETE', `/api/sources/${id}`);
  t.equal(await stats.get(id), undefined, 'deleting a source deletes its stats');
});

t.test('concurrent stats writers do not lose counts; the processor config has the SourceConfig shape', async (t) => {
  const { app, documents } = setup();
  const id = (await call(app, 'POST', '/api/sources', cloudtrail)).body.id as string;
  const stats = documents.collection<SourceStats>(STATS_COLLECTION);
  const at = new Date('2026-03-02T12:00:00Z');
  await Promise.all(Array.from({ length: 5 }, () => recordSourceObject(stats, id, { processedAt: at, events: 1, unclassified: 0 })));
  t.same((await stats.get(id))?.value.hours['2026-03-02T12'], { objects: 5, events: 5, unclassified: 0 });
  const config = await new SourcesService({ documents }).processorConfig();
  t.same(config, [{ id, label: 'Org CloudTrail', bucket: cloudtrail.bucket, prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail', 'AWS.CloudTrailDigest'] }], roleArn: cloudtrail.roleArn, externalId: 'panther-ext-1' }]);
});
