import t from 'tap';
import { EmbeddedCacheStore } from '../../../detections/caching/embedded-cache.js';
import { DEFAULT_TTL_SECONDS, resolveEpochSeconds } from '../../../detections/caching/entry.js';
import * as cache from '../../../detections/caching/rule-cache.js';
import { TestClock } from './fixtures/cache-contract.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const nowS = NOW / 1000;

t.test("Panther's epoch_seconds convention", async (t) => {
  t.equal(resolveEpochSeconds(undefined, NOW), nowS + DEFAULT_TTL_SECONDS, 'absent: 90 days');
  t.equal(resolveEpochSeconds(null, NOW), nowS + 90 * 86400);
  t.equal(resolveEpochSeconds(60, NOW), nowS + 60, 'small: seconds from now');
  t.equal(resolveEpochSeconds(604_800, NOW), nowS + 604_800, 'seven days is still relative');
  t.equal(resolveEpochSeconds(604_801, NOW), 604_801, 'above: an epoch time');
  t.equal(resolveEpochSeconds(1_900_000_000.9, NOW), 1_900_000_000, 'floats are truncated');
  t.equal(resolveEpochSeconds('120', NOW), nowS + 120, 'numeric strings count');
  t.equal(resolveEpochSeconds('soon', NOW), nowS + DEFAULT_TTL_SECONDS, 'garbage: the default');
});

t.test('the helpers TypeScript rules import, over the store the engine set', async (t) => {
  const clock = new TestClock(NOW);
  const store = new EmbeddedCacheStore({ now: clock.now });
  const previous = cache.useCacheStore(store, clock.now);
  t.teardown(() => {
    cache.useCacheStore(previous);
  });
  t.equal(await cache.incrementCounter('c'), 1);
  t.equal(await cache.incrementCounter('c', 4, 60), 5);
  t.equal(await cache.getCounter('c'), 5);
  clock.advance(61);
  t.equal(await cache.getCounter('c'), 0, 'epochSeconds 60 expired a minute later');
  await cache.incrementCounter('d', 2);
  clock.advance(89 * 86400);
  t.equal(await cache.getCounter('d'), 2, 'the default expiry is 90 days');
  clock.advance(2 * 86400);
  t.equal(await cache.getCounter('d'), 0);

  t.same(await cache.addToStringSet('s', 'a'), new Set(['a']), 'a single string is one member');
  t.same(await cache.addToStringSet('s', ['b', 'c']), new Set(['a', 'b', 'c']));
  t.same(await cache.removeFromStringSet('s', 'a'), new Set(['b', 'c']));
  t.same(await cache.addToStringSet('s', []), new Set(['b', 'c']), 'nothing to add: the set as it is');
  await cache.putStringSet('s', new Set(['z']));
  t.same(await cache.getStringSet('s'), new Set(['z']));
  await cache.resetStringSet('s');
  t.same(await cache.getStringSet('s'), new Set());
  t.same(await store.getStringSet('s'), [], 'the store is the one set');

  await cache.putDictionary('d1', { user: 'alice', n: 1 });
  t.same(await cache.getDictionary('d1'), { user: 'alice', n: 1 });
  t.same(await cache.getDictionary('none'), {});
  await t.rejects(cache.putDictionary('d1', [] as never), /not a dictionary/);

  await cache.resetCounter('c');
  await cache.setKeyExpiration('k', 30);
  t.equal((await store.getCounter('k')), 0);

  t.same(
    [await cache.evaluateThreshold('t', 3, 600), await cache.evaluateThreshold('t', 3, 600), await cache.evaluateThreshold('t', 3, 600), await cache.evaluateThreshold('t', 3, 600)],
    [false, false, true, false],
    'true at the third occurrence, then counting again',
  );
  clock.advance(601);
  t.equal(await cache.getCounter('t'), 0, 'the threshold window expired');
});
