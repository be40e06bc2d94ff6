import t from 'tap';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { TsWorkerPool } from '../../../detections/engine/ts-worker-pool.js';
import { normalizeRule } from '../../../detections/engine/normalize.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

t.test('the worker pool runs rules and stops a synchronous infinite loop', async (t) => {
  const pool = new TsWorkerPool({ size: 1, timeLimitMs: 300, graceMs: 100 });
  t.teardown(() => pool.close());
  const login = {
    eventName: 'ConsoleLogin',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.9',
    userIdentity: { arn: 'arn:aws:iam::1:user/bob' },
    responseElements: { ConsoleLogin: 'Failure' },
  };
  const out = await pool.run(join(fixtures, 'match-cloudtrail.ts'), login);
  t.strictSame(out, {
    matched: true,
    aux: {
      title: 'Console login failure for arn:aws:iam::1:user/bob',
      dedup: '203.0.113.9',
      alert_context: { ip: '203.0.113.9', region: 'eu-west-1' },
      severity: 'high',
    },
    errors: {},
  });

  const started = Date.now();
  const looped = await pool.run(join(fixtures, 'infinite-loop.ts'), {});
  const took = Date.now() - started;
  t.strictSame(looped, { matched: undefined, aux: {}, errors: { rule: 'TimeoutError: rule() exceeded the time limit of 300 ms' }, timedOut: true });
  t.ok(took >= 300 && took < 5000, `terminated near the limit (${took} ms)`);
  const n = normalizeRule(looped, { id: 'Loop', severity: 'LOW', dedupPeriodMinutes: 60, threshold: 1 }, { logType: 'X' });
  t.equal(n.kind === 'error' && n.error.error, 'rule: TimeoutError: rule() exceeded the time limit of 300 ms');

  // The pool replaced the terminated worker and goes on.
  const slow = await pool.run(join(fixtures, 'slow.ts'), {}, { timeLimitMs: 100 });
  t.strictSame(slow.errors, { rule: 'TimeoutError: rule() exceeded the time limit of 100 ms' }, 'async limits are reported by the worker itself');
  const again = await pool.run(join(fixtures, 'returns-string.ts'), {});
  t.strictSame(again, { matched: 'yes', aux: {}, errors: {} });
  const missing = await pool.run(join(fixtures, 'does-not-exist.ts'), {});
  t.match(missing.errors.rule, /Cannot find module|ERR_MODULE_NOT_FOUND|does-not-exist/);
});

t.test('data models cross threads by Path and by Method name', async (t) => {
  const pool = new TsWorkerPool({ size: 2, timeLimitMs: 2000 });
  t.teardown(() => pool.close());
  const dataModel = {
    id: 'Test.DM',
    logTypes: ['Test.Log'],
    mappings: [
      { name: 'actor', path: '$.user.name' },
      { name: 'kind', method: 'get_kind' },
    ],
    moduleFile: join(fixtures, 'udm-methods.ts'),
  };
  const out = await pool.run(join(fixtures, 'udm-rule.ts'), { user: { name: 'alice' }, action: 'login' }, { dataModel });
  t.equal(out.matched, true);
  t.strictSame(out.aux.alert_context, { kind: 'kind:login', path: 'user.name', user: { name: 'alice' } });
  t.equal(out.errors.title, 'TypeError: Object of type function is not JSON serializable');
  const results = await Promise.all(['alice', 'bob', 'alice'].map((name) => pool.run(join(fixtures, 'udm-rule.ts'), { user: { name } }, { dataModel })));
  t.strictSame(results.map((r) => r.matched), [true, false, true]);
});

t.test('a closed pool refuses work and rejects what was queued or running', async (t) => {
  const pool = new TsWorkerPool({ size: 1, timeLimitMs: 2000 });
  const first = t.rejects(pool.run(join(fixtures, 'slow.ts'), {}), /closed/);
  const queued = t.rejects(pool.run(join(fixtures, 'returns-string.ts'), {}), /closed/);
  await pool.close();
  await first;
  await queued;
  await t.rejects(pool.run(join(fixtures, 'returns-string.ts'), {}), /closed/);
});

t.test('a rule that exits its worker is an error of that rule only', async (t) => {
  const pool = new TsWorkerPool({ size: 1, timeLimitMs: 2000 });
  t.teardown(() => pool.close());
  const out = await pool.run(join(fixtures, 'exits.ts'), {});
  t.strictSame(out, { matched: undefined, aux: {}, errors: { rule: "SystemExit: the detection's worker exited with code 3" } });
  t.strictSame(await pool.run(join(fixtures, 'returns-string.ts'), {}), { matched: 'yes', aux: {}, errors: {} });
});
