// panther_detection_helpers.caching bridged to a CacheStore: Python's synchronous calls block the
// worker while the engine performs them on the store.
import t from 'tap';
import { EmbeddedCacheStore } from '../../../detections/caching/embedded-cache.js';
import { serveCacheCall } from '../../../detections/caching/remote.js';
import { PythonEngine } from '../../../detections/python/index.js';
import type { CacheStore } from '../../../detections/types.js';
import { TestClock } from '../caching/fixtures/cache-contract.js';

const COUNTING_RULE = `
from panther_detection_helpers.caching import increment_counter, get_counter, add_to_string_set, get_string_set, put_dictionary, get_dictionary

def rule(event):
    seen = increment_counter("logins:" + event["user"])
    add_to_string_set("ips:" + event["user"], event["ip"])
    return seen >= 3

def alert_context(event):
    put_dictionary("last:" + event["user"], {"ip": event["ip"]})
    return {
        "count": get_counter("logins:" + event["user"]),
        "ips": sorted(get_string_set("ips:" + event["user"])),
        "last": get_dictionary("last:" + event["user"]),
    }
`;

const TTL_RULE = `
from panther_detection_helpers.caching import increment_counter, get_counter

def rule(event):
    if event.get("write"):
        increment_counter("short", 1, epoch_seconds=60)
    return True

def alert_context(event):
    return {"short": get_counter("short")}
`;

const BAD_KEY_RULE = `
from panther_detection_helpers.caching import get_counter

def rule(event):
    return get_counter("") == 0
`;

const SLOW_RULE = `
from panther_detection_helpers.caching import get_counter

def rule(event):
    return get_counter("slow") == 0
`;

const clock = new TestClock(Date.now());
const store = new EmbeddedCacheStore({ now: clock.now });
const engine = await PythonEngine.start({ cache: store, timeLimitMs: 2000 });
t.teardown(() => engine.close());
for (const [id, body] of [
  ['Count', COUNTING_RULE],
  ['TTL', TTL_RULE],
  ['BadKey', BAD_KEY_RULE],
] as const) {
  await engine.loadDetection({ id, body, kind: 'rule' });
}

t.test('a counting rule sees its counts persisted in the store across batches and engines', async (t) => {
  const batch1 = await engine.runBatch('Count', [
    { user: 'alice', ip: '192.0.2.1' },
    { user: 'alice', ip: '192.0.2.2' },
    { user: 'bob', ip: '192.0.2.9' },
  ]);
  t.same(batch1.map((o) => o.matched), [false, false, false]);
  t.same(batch1.map((o) => o.errors), [{}, {}, {}]);
  t.equal(await store.getCounter('logins:alice'), 2, 'the counter is in the store, not in the worker');
  t.same(await store.getStringSet('ips:alice'), ['192.0.2.1', '192.0.2.2']);

  const batch2 = await engine.runBatch('Count', [{ user: 'alice', ip: '192.0.2.3' }]);
  t.equal(batch2[0]?.matched, true, 'the third login across batches matches');
  t.same(batch2[0]?.aux.alert_context, { count: 3, ips: ['192.0.2.1', '192.0.2.2', '192.0.2.3'], last: { ip: '192.0.2.3' } });
  t.equal(await store.getDictionary('last:alice'), '{"ip": "192.0.2.3"}');

  await engine.resetCache();
  t.equal(await store.getCounter('logins:alice'), 3, 'resetCache leaves a given store alone');

  // A second engine (another worker, as another invocation would be) on the same store.
  const other = await PythonEngine.start({ cache: store });
  t.teardown(() => other.close());
  await other.loadDetection({ id: 'Count', body: COUNTING_RULE, kind: 'rule' });
  const fourth = await other.run('Count', { user: 'alice', ip: '192.0.2.1' });
  t.same(fourth.aux.alert_context, { count: 4, ips: ['192.0.2.1', '192.0.2.2', '192.0.2.3'], last: { ip: '192.0.2.1' } });
  t.equal(await store.getCounter('logins:bob'), 1);
});

t.test('a counter with a TTL expires in the store', async (t) => {
  // Python reads the real clock to turn epoch_seconds=60 into an expiry; the store's clock starts there.
  clock.ms = Date.now();
  const written = await engine.run('TTL', { write: true });
  t.same(written.aux.alert_context, { short: 1 });
  clock.advance(30);
  t.same((await engine.run('TTL', {})).aux.alert_context, { short: 1 }, 'live 30 s later');
  t.equal(await store.getCounter('short'), 1);
  clock.advance(33);
  t.same((await engine.run('TTL', {})).aux.alert_context, { short: 0 }, 'expired after 60 s (epoch_seconds below 7 days is relative)');
});

t.test('a store error is a Python exception of the rule: a rule error, the engine goes on', async (t) => {
  const out = await engine.run('BadKey', {});
  t.equal(out.matched, undefined);
  t.match(out.errors.rule, /^RuntimeError: panther_detection_helpers.caching: Error: invalid cache key/);
  t.same((await engine.run('TTL', {})).errors, {}, 'the next run is fine');
});

t.test('a store that does not answer: the rule times out, a late reply is ignored', async (t) => {
  let release: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => {
    release = resolve;
  });
  const slowStore: CacheStore = {
    ...bindAll(new EmbeddedCacheStore()),
    getCounter: async () => {
      await hanging;
      return 41;
    },
  };
  const slow = await PythonEngine.start({ cache: slowStore, timeLimitMs: 300 });
  t.teardown(() => slow.close());
  await slow.loadDetection({ id: 'Slow', body: SLOW_RULE, kind: 'rule' });
  const out = await slow.run('Slow', {});
  t.equal(out.timedOut, true);
  t.match(out.errors.rule, /TimeoutError/);
  release();
  await new Promise((r) => setTimeout(r, 50));
  // The late reply (41) must not answer the next call.
  const after = await slow.run('Slow', {});
  t.equal(after.matched, false, 'the next call got its own reply (41), not a stale one');
  t.equal(slow.restarts, 0, 'interrupted, not terminated');
});

t.test('serveCacheCall: unknown operations and bad arguments are error replies', async (t) => {
  const s = new EmbeddedCacheStore();
  t.same(JSON.parse(await serveCacheCall(s, 'incrementCounter', '["k", 2, null]')), { value: 2 });
  t.same(JSON.parse(await serveCacheCall(s, 'resetCounter', '["k"]')), {});
  t.match(JSON.parse(await serveCacheCall(s, 'constructor', '[]')), { error: /unknown cache operation/ });
  t.match(JSON.parse(await serveCacheCall(s, 'getCounter', '{}')), { error: /expected a JSON array/ });
  t.match(JSON.parse(await serveCacheCall(s, 'addToStringSet', '["k", [1]]')), { error: /invalid string set/ });
  t.match(JSON.parse(await serveCacheCall(s, 'incrementCounter', '["k", "5"]')), { error: /invalid increment/ });
});

function bindAll(s: EmbeddedCacheStore): CacheStore {
  const names = ['getCounter', 'incrementCounter', 'resetCounter', 'getStringSet', 'putStringSet', 'addToStringSet', 'removeFromStringSet', 'resetStringSet', 'getDictionary', 'putDictionary', 'setKeyExpiration'] as const;
  return Object.fromEntries(names.map((n) => [n, (s[n] as (...a: unknown[]) => unknown).bind(s)])) as unknown as CacheStore;
}
