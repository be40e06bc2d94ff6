// Debounced rescans over the document store port: events within the window join the pending
// rescan; the scan takes it once with the union of resources; after that a new window opens.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { RESCANS_COLLECTION, RescanDebouncer } from '../../../cloud-security/realtime/debounce.js';
import type { ScanUnit } from '../../../cloud-security/units/unit.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const sec = (s: number) => new Date(T0.getTime() + s * 1000);
const unit = (resources?: string[], type = 'AWS.S3.Bucket'): ScanUnit => ({ accountId: '111111111111', region: 'eu-west-1', resourceType: type, partition: 'aws', ...(resources !== undefined ? { resources } : {}) });

function setup(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'panther-debounce-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new DirDocumentStore(dir);
  return { store, d: new RescanDebouncer(store, 60_000) };
}

t.test('a burst on one unit sends once; the scan takes the union', async (t) => {
  const { store, d } = setup(t);
  t.same(await d.admit([unit(['a']), unit(['b'], 'AWS.EC2.VPC')], T0), [unit(['a']), unit(['b'], 'AWS.EC2.VPC')], 'first events: both sent');
  t.same(await d.admit([unit(['c'])], sec(10)), [], 'joined the pending rescan');
  t.same(await d.admit([unit(['a', 'd'])], sec(50)), []);
  t.same(await d.take(unit(['a'])), unit(['a', 'c', 'd']));
  t.same(await d.take(unit(['a'])), unit(['a']), 'taken once: a redelivered message rescans only its own');
  t.same(await d.admit([unit(['e'])], sec(55)), [unit(['e'])], 'after the take, a new rescan is sent');
  t.same((await store.collection(RESCANS_COLLECTION).list()).map((x) => x.id).sort(), ['111111111111.eu-west-1.AWS.EC2.VPC', '111111111111.eu-west-1.AWS.S3.Bucket']);
});

t.test('a whole-type event widens the pending rescan; an expired window opens a new one', async (t) => {
  const { d } = setup(t);
  await d.admit([unit(['a'])], T0);
  t.same(await d.admit([unit()], sec(5)), []);
  t.same(await d.take(unit(['a'])), unit(), 'the whole type');
  await d.admit([unit(['x'])], sec(100));
  t.same(await d.admit([unit(['y'])], sec(161)), [unit(['y'])], 'the window of x ended: y is sent on its own');
});

t.test('a unit without a marker is taken as it is', async (t) => {
  const { d } = setup(t);
  t.same(await d.take(unit(['q'])), unit(['q']));
});
