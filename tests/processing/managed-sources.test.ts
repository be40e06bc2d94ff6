import t from 'tap';
import type { StoredDocument } from '../../adapters/document-store.js';
import { cachedSources, fixedSources, mergeSources, sourceFromDocument } from '../../processing/managed-sources.js';
import type { SourceConfig } from '../../processing/sources.js';
import { TestJson, TestText } from '../helpers/logtypes.js';

const resolve = (names: string[]) =>
  names.map((n) => {
    const lt = [TestJson, TestText].find((l) => l.name === n);
    if (lt === undefined) throw new Error(`unknown log type "${n}"`);
    return lt;
  });
const doc = (id: string, value: unknown): StoredDocument<unknown> => ({ id, value, version: 1, updatedAt: '2026-03-01T00:00:00.000Z' });
const fixed: SourceConfig[] = [{ id: 'env-1', label: 'from env', bucket: 'env-bucket', prefixes: [{ prefix: '', logTypes: ['Test.Json'] }] }];

t.test('a stored source (the API document) becomes the processor shape', async (t) => {
  const s = sourceFromDocument(
    doc('0b6e0c1e-1111-4222-8333-444455556666', {
      label: 'Org trail',
      bucket: 'org-trail',
      prefixes: [{ prefix: 'AWSLogs/', logTypes: ['Test.Json', 'Test.Text'] }],
      roleArn: 'arn:aws:iam::111111111111:role/PantherLogSource',
      externalId: 'panther-7f3a',
      kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/abc',
    }),
    resolve,
  );
  t.same(s, {
    id: '0b6e0c1e-1111-4222-8333-444455556666',
    label: 'Org trail',
    bucket: 'org-trail',
    prefixes: [{ prefix: 'AWSLogs/', logTypes: ['Test.Json', 'Test.Text'] }],
    roleArn: 'arn:aws:iam::111111111111:role/PantherLogSource',
    externalId: 'panther-7f3a',
  });
  t.throws(() => sourceFromDocument(doc('a', 'text'), resolve), /not an object/);
  t.throws(() => sourceFromDocument(doc('a', { label: 'x', bucket: 'bkt', prefixes: [] }), resolve), /^prefixes: Too small/);
});

t.test('merged: the deployment sources first, then the valid stored ones; each skipped one named', async (t) => {
  const warnings: string[] = [];
  const merged = mergeSources(
    fixed,
    [
      doc('good', { label: 'Good', bucket: 'good-bucket', prefixes: [{ prefix: 'x/', logTypes: ['Test.Text'] }] }),
      doc('broken', { label: 'Broken one', bucket: 'bad-bucket', prefixes: [{ prefix: '', logTypes: ['Nope.Nope'] }] }),
      doc('env-1', { label: 'Shadow', bucket: 'env-bucket', prefixes: [{ prefix: '', logTypes: ['Test.Json'] }] }),
      doc('nolabel', { bucket: 'b' }),
    ],
    resolve,
    (m) => warnings.push(m),
  );
  t.same(merged.map((s) => s.id), ['env-1', 'good']);
  t.equal(merged[0]?.label, 'from env', 'the deployment wins an id clash');
  t.same(warnings, [
    'log source "Broken one" (broken) skipped: prefixes.0.logTypes: unknown log type "Nope.Nope"',
    'log source "Shadow" (env-1) skipped: the deployment\'s SOURCES already define the id',
    'log source nolabel skipped: label: Invalid input: expected string, received undefined',
  ]);
});

t.test('the cache loads once per TTL, shares a load in flight, and keeps the last list when a reload fails', async (t) => {
  let clock = 1_000_000;
  let loads = 0;
  let fail: Error | undefined;
  let list: SourceConfig[] = fixed;
  const stale: string[] = [];
  const sources = cachedSources(
    async () => {
      loads++;
      if (fail !== undefined) throw fail;
      return list;
    },
    { ttlMs: 60_000, now: () => clock, onStale: (e) => stale.push(e.message) },
  );
  const [a, b] = await Promise.all([sources(), sources()]);
  t.equal(loads, 1, 'concurrent first calls share one load');
  t.equal(a, b);
  list = [...fixed, { id: 'new', label: 'new', bucket: 'nb', prefixes: [{ prefix: '', logTypes: ['Test.Json'] }] }];
  clock += 59_999;
  t.same((await sources()).map((s) => s.id), ['env-1'], 'within the TTL: the cached list');
  t.equal(loads, 1);
  clock += 1;
  t.same((await sources()).map((s) => s.id), ['env-1', 'new'], 'after the TTL: reloaded');
  t.equal(loads, 2);
  fail = new Error('ThrottlingException');
  clock += 60_000;
  t.same((await sources()).map((s) => s.id), ['env-1', 'new'], 'a failed reload serves the previous list');
  t.same(stale, ['ThrottlingException']);
  t.equal(loads, 3);
  t.same((await sources()).map((s) => s.id), ['env-1', 'new'], 'and waits a TTL before trying again');
  t.equal(loads, 3);

  const never = cachedSources(async () => Promise.reject(new Error('AccessDenied')), { ttlMs: 60_000 });
  await t.rejects(never(), /AccessDenied/, 'no list yet: the failure fails the object (retried)');
  t.same(await fixedSources(fixed)(), fixed);
});
