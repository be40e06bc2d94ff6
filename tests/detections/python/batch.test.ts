import t from 'tap';
import { PythonEngine } from '../../../detections/python/index.js';

// runBatch(): one worker message for many events; outputs must equal run() event by event.
let engine: PythonEngine;
const LIMIT_MS = 300;

const EVENTS: Record<string, unknown>[] = [
  { eventName: 'ConsoleLogin', user: 'ann', n: 1 },
  { eventName: 'GetObject', user: 'bo', n: 2 },
  { eventName: 'ConsoleLogin', user: 'cy', n: 0 },
  { eventName: 'ConsoleLogin', n: 3 },
  { p_log_type: 'AWS.CloudTrail', eventName: 'ConsoleLogin', user: 'di', n: 4 },
];

t.before(async () => {
  engine = await PythonEngine.start({ graceMs: 2000 });
  // rule() divides by n (ZeroDivisionError on n == 0); title() needs "user" (KeyError on event 3).
  await engine.loadDetection({
    id: 'Login',
    kind: 'rule',
    body: 'def rule(event):\n    return event.get("eventName") == "ConsoleLogin" and 10 / event.get("n") > 0\n\ndef title(event):\n    return "login by " + event["user"]\n\ndef dedup(event):\n    return event.get("user", "none")\n',
  });
  await engine.loadDetection({
    id: 'HangOnTwo',
    kind: 'rule',
    body: 'def rule(event):\n    while event.get("n") == 2:\n        pass\n    return True\n',
  });
});

t.teardown(async () => {
  await engine?.close();
});

t.test('outputs equal run() on the same events, in order', async (t) => {
  const batch = await engine.runBatch('Login', EVENTS);
  const single = [];
  for (const e of EVENTS) single.push(await engine.run('Login', e));
  t.equal(batch.length, EVENTS.length);
  t.same(batch, single);
  // The values themselves, so a batch and run() broken the same way still fail.
  t.same(batch[0], { matched: true, aux: { title: 'login by ann', dedup: 'ann' }, errors: {} });
  t.same(batch[1], { matched: false, aux: {}, errors: {} });
});

t.test('an error in one event does not affect the others', async (t) => {
  const batch = await engine.runBatch('Login', EVENTS);
  t.equal(batch[2]?.matched, undefined);
  t.match(batch[2]?.errors.rule, /^ZeroDivisionError/);
  t.match(batch[3]?.errors.title, /^KeyError/);
  t.equal(batch[3]?.matched, true);
  t.same(batch[4], { matched: true, aux: { title: 'login by di', dedup: 'di' }, errors: {} });
});

t.test('options (mocks, expectMatch) apply to every event', async (t) => {
  const batch = await engine.runBatch('Login', [EVENTS[1] as Record<string, unknown>, EVENTS[4] as Record<string, unknown>], { expectMatch: true });
  t.same(batch[0], { matched: false, aux: { title: 'login by bo', dedup: 'bo' }, errors: {} });
  t.same(batch[1]?.aux, { title: 'login by di', dedup: 'di' });
});

t.test('an empty batch and an unknown detection', async (t) => {
  t.same(await engine.runBatch('Login', []), []);
  await t.rejects(engine.runBatch('Nope', [{}]), /not loaded: Nope/);
});

t.test('a hang mid-batch times out that event and the later ones only, within a per-event limit', async (t) => {
  const events = [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }];
  const started = performance.now();
  const batch = await engine.runBatch('HangOnTwo', events, { timeLimitMs: LIMIT_MS });
  const elapsed = performance.now() - started;
  t.same(batch[0], { matched: true, aux: {}, errors: {} });
  t.same(batch[1], { matched: true, aux: {}, errors: {} });
  for (const i of [2, 3]) {
    t.equal(batch[i]?.timedOut, true, `event ${i} timed out`);
    t.equal(batch[i]?.matched, undefined);
    t.equal(batch[i]?.errors.rule, `TimeoutError: rule() exceeded the time limit of ${LIMIT_MS} ms`);
  }
  // Per event, not limit x events (1200 ms): interrupted between 1 and 1.25 limits (plus latency).
  t.ok(elapsed >= LIMIT_MS && elapsed < LIMIT_MS * 2.5, `interrupted after ${elapsed.toFixed(0)} ms`);
  t.equal(engine.restarts, 0, 'the interrupt sufficed');
  // The engine goes on, and a batch of events that each take time under the limit is not cut.
  t.same(await engine.runBatch('HangOnTwo', [{ n: 5 }]), [{ matched: true, aux: {}, errors: {} }]);
});

t.test('many slow-ish events within their own limit pass even when the batch exceeds it', async (t) => {
  await engine.loadDetection({ id: 'Slow', kind: 'rule', body: 'import time\n\ndef rule(event):\n    end = time.time() + 0.1\n    while time.time() < end:\n        pass\n    return True\n' });
  const batch = await engine.runBatch('Slow', Array.from({ length: 6 }, (_, n) => ({ n })), { timeLimitMs: 250 });
  t.same(
    batch.map((o) => o.matched),
    [true, true, true, true, true, true],
  );
});

t.test('a rule swallowing the interrupt mid-batch: the worker is replaced, every event times out', async (t) => {
  await engine.loadDetection({
    id: 'StubbornOnOne',
    kind: 'rule',
    body: 'def rule(event):\n    while event.get("n") == 1:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n    return True\n',
  });
  const before = engine.restarts;
  const batch = await engine.runBatch('StubbornOnOne', [{ n: 0 }, { n: 1 }, { n: 2 }], { timeLimitMs: LIMIT_MS });
  // The done event's output was inside the terminated worker: documented as lost.
  t.same(
    batch.map((o) => o.errors.rule),
    [0, 1, 2].map(() => `TimeoutError: rule() exceeded the time limit of ${LIMIT_MS} ms`),
  );
  t.equal(engine.restarts, before + 1);
  // Detections are loaded again into the new worker.
  t.same(await engine.runBatch('Login', [EVENTS[0] as Record<string, unknown>]), [{ matched: true, aux: { title: 'login by ann', dedup: 'ann' }, errors: {} }]);
});
