import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PythonEngine } from '../../../detections/python/index.js';

// One engine for the file; this one also mounts a directory of third-party packages.
let engine: PythonEngine;
// A grace period well above the interrupt's latency, so the two stop paths are told apart.
const GRACE_MS = 2000;
const LIMIT_MS = 300;

// A private temp dir: tap's shared .tap/fixtures may be cleaned by concurrent tap runs.
const sitePackages = mkdtempSync(join(tmpdir(), 'p3-site-'));
mkdirSync(join(sitePackages, 'vendored_lib'));
writeFileSync(join(sitePackages, 'vendored_lib', '__init__.py'), 'def classify(ip):\n    return "internal" if ip.startswith("10.") else "external"\n');

t.before(async () => {
  engine = await PythonEngine.start({ graceMs: GRACE_MS, pythonPaths: [sitePackages] });
  await engine.loadGlobals([{ id: 'my_helpers', body: 'def shout(s):\n    return s.upper()\n' }]);
  await engine.loadDetection({
    id: 'Normal',
    kind: 'rule',
    body: 'from my_helpers import shout\n\ndef rule(event):\n    return True\n\ndef title(event):\n    return shout(event["user"])\n',
  });
  await engine.loadDetection({ id: 'Hang', kind: 'rule', body: 'def rule(event):\n    while True:\n        pass\n' });
  // Swallows KeyboardInterrupt and keeps looping: only terminating the worker stops it.
  await engine.loadDetection({
    id: 'Stubborn',
    kind: 'rule',
    body: 'def rule(event):\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n',
  });
  await engine.loadDetection({ id: 'HangInTitle', kind: 'rule', body: 'def rule(event):\n    return True\n\ndef title(event):\n    while True:\n        pass\n' });
  await engine.loadDetection({
    id: 'Vendored',
    kind: 'rule',
    body: 'from vendored_lib import classify\n\ndef rule(event):\n    return classify(event["ip"]) == "external"\n',
  });
});

t.teardown(async () => {
  await engine?.close();
  rmSync(sitePackages, { recursive: true, force: true });
});

t.test('a third-party package directory is importable', async (t) => {
  t.equal((await engine.run('Vendored', { ip: '203.0.113.9' })).matched, true);
  t.equal((await engine.run('Vendored', { ip: '10.1.2.3' })).matched, false);
});

t.test('a hanging rule is interrupted at its time limit and the engine goes on', async (t) => {
  const started = performance.now();
  const out = await engine.run('Hang', {}, { timeLimitMs: LIMIT_MS });
  const elapsed = performance.now() - started;
  t.equal(out.timedOut, true);
  t.equal(out.matched, undefined);
  t.match(out.errors.rule, /^TimeoutError: rule\(\) exceeded the time limit of 300 ms/);
  t.ok(elapsed >= LIMIT_MS && elapsed < LIMIT_MS + GRACE_MS, `stopped by SIGINT after ${elapsed.toFixed(0)} ms`);
  t.equal(engine.restarts, 0, 'the interrupt sufficed: no worker restart');
  const next = await engine.run('Normal', { user: 'ann' });
  t.same(next, { matched: true, aux: { title: 'ANN' }, errors: {} });
});

t.test('a hang in an aux function is a timeout too', async (t) => {
  const out = await engine.run('HangInTitle', {}, { timeLimitMs: LIMIT_MS });
  t.equal(out.timedOut, true);
  t.match(out.errors.rule, /TimeoutError/);
});

t.test('a rule that swallows the interrupt is stopped by replacing the worker', async (t) => {
  const started = performance.now();
  const out = await engine.run('Stubborn', {}, { timeLimitMs: LIMIT_MS });
  const elapsed = performance.now() - started;
  t.equal(out.timedOut, true);
  t.match(out.errors.rule, /TimeoutError/);
  t.ok(elapsed >= LIMIT_MS + GRACE_MS && elapsed < LIMIT_MS + GRACE_MS + 1000, `answered after ${elapsed.toFixed(0)} ms`);
  t.equal(engine.restarts, 1);
  // The new worker has every global, detection and package path loaded again.
  const next = await engine.run('Normal', { user: 'bo' });
  t.same(next, { matched: true, aux: { title: 'BO' }, errors: {} });
  t.equal((await engine.run('Vendored', { ip: '203.0.113.9' })).matched, true);
});
