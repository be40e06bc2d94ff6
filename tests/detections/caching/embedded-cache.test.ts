import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_CACHE_FILE, EmbeddedCacheStore } from '../../../detections/caching/embedded-cache.js';
import { cacheStoreContract, TestClock } from './fixtures/cache-contract.js';

t.test('in memory', async (t) => {
  cacheStoreContract(t, async (clock) => new EmbeddedCacheStore({ now: clock.now }));
});

t.test('persisted to a directory', async (t) => {
  cacheStoreContract(t, async (clock) => new EmbeddedCacheStore({ dir: mkdtempSync(join(tmpdir(), 'cache-')), now: clock.now }));
});

t.test('state survives a restart; expired keys are dropped from the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-'));
  const clock = new TestClock();
  const first = new EmbeddedCacheStore({ dir, now: clock.now });
  await first.incrementCounter('__proto__', 2);
  await first.addToStringSet('users', ['alice', 'bob'], clock.seconds + 600);
  await first.incrementCounter('short', 1, clock.seconds + 5);
  t.same(readdirSync(dir), [EMBEDDED_CACHE_FILE], 'no temporary file left behind');
  clock.advance(10);
  const second = new EmbeddedCacheStore({ dir, now: clock.now });
  t.equal(await second.getCounter('__proto__'), 2, 'any key, even one named like a prototype');
  t.same(await second.getStringSet('users'), ['alice', 'bob']);
  t.equal(await second.getCounter('short'), 0);
  await second.incrementCounter('another', 1);
  const onDisk = JSON.parse(readFileSync(join(dir, EMBEDDED_CACHE_FILE), 'utf8')) as { entries: [string, unknown][] };
  t.same(onDisk.entries.map(([k]) => k).sort(), ['__proto__', 'another', 'users'], 'the expired key is not written back');
});

t.test('a file that is not a cache is an error on first use', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-'));
  writeFileSync(join(dir, EMBEDDED_CACHE_FILE), '{"version":1,"entries":{}}');
  await t.rejects(new EmbeddedCacheStore({ dir }).getCounter('x'), /not a cache file/);
});
