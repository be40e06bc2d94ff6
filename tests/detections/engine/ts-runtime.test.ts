import t from 'tap';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { PantherEvent } from '../../../detections/engine/event.js';
import { normalizePolicy, normalizeRule } from '../../../detections/engine/normalize.js';
import { findFunction, formatError, loadTsDetection, runTsPolicy, runTsRule } from '../../../detections/engine/ts-runtime.js';
import type { DetectionSettings } from '../../../detections/types.js';
import type { EventFor } from '../../../detections/engine/event.js';
import type { CloudTrail } from '../../../parsers/aws/cloudtrail.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const settings: DetectionSettings = { id: 'Fixture.Rule', severity: 'LOW', dedupPeriodMinutes: 60, threshold: 1 };

const failedLogin = {
  eventName: 'ConsoleLogin',
  eventSource: 'signin.amazonaws.com',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice' },
  responseElements: { ConsoleLogin: 'Failure' },
  p_log_type: 'AWS.CloudTrail',
  p_row_id: 'r1',
};

t.test('a typed matching rule runs its Panther-named auxiliary functions', async (t) => {
  const mod = await loadTsDetection(join(fixtures, 'match-cloudtrail.ts'));
  const out = await runTsRule(mod, new PantherEvent(failedLogin));
  // The typed event of a log type exposes its declared fields.
  const typed = new PantherEvent(failedLogin) as unknown as EventFor<typeof CloudTrail>;
  t.equal(typed.get('eventName'), 'ConsoleLogin');
  const region: string | undefined = typed.data.awsRegion;
  t.equal(region, 'us-east-1');
  // @ts-expect-error: not a declared CloudTrail field, so typed access does not compile.
  t.equal(typed.data.notACloudTrailField, undefined);
  t.strictSame(out, {
    matched: true,
    aux: {
      title: 'Console login failure for arn:aws:iam::123456789012:user/alice',
      dedup: '198.51.100.7',
      alert_context: { ip: '198.51.100.7', region: 'us-east-1' },
      severity: 'high',
    },
    errors: {},
  });
  const n = normalizeRule(out, settings, { logType: 'AWS.CloudTrail', eventRowId: 'r1' });
  t.equal(n.kind === 'match' && n.match.severity, 'HIGH');
  t.equal(n.kind === 'match' && n.match.dedup, '198.51.100.7');

  // No match: the auxiliary functions are not run.
  const success = { ...failedLogin, responseElements: { ConsoleLogin: 'Success' } };
  t.strictSame(await runTsRule(mod, new PantherEvent(success)), { matched: false, aux: {}, errors: {} });
  // ...unless a test expects a match.
  const forced = await runTsRule(mod, new PantherEvent(success), { forceAux: true });
  t.equal(forced.matched, false);
  t.equal(forced.aux.dedup, '198.51.100.7');
});

t.test('a throwing rule is an error with its type and message', async (t) => {
  const mod = await loadTsDetection(join(fixtures, 'throws.ts'));
  const out = await runTsRule(mod, new PantherEvent({ a: 1 }));
  t.equal(out.matched, undefined);
  t.match(out.errors.rule, /^TypeError: Cannot read properties of undefined \(reading 'deeper'\)$/);
  const n = normalizeRule(out, settings, { logType: 'X' });
  t.equal(n.kind, 'error');
  t.match(n.kind === 'error' && n.error.error, /^rule: TypeError: Cannot read properties of undefined/);
});

t.test('a rule returning a string is a rule error after normalization', async (t) => {
  const mod = await loadTsDetection(join(fixtures, 'returns-string.ts'));
  const out = await runTsRule(mod, new PantherEvent({}));
  t.strictSame(out, { matched: 'yes', aux: {}, errors: {} }, 'not a match, so no auxiliary function ran');
  const n = normalizeRule(out, settings, { logType: 'X' });
  t.equal(n.kind === 'error' && n.error.error, 'rule: FunctionReturnTypeError: detection [Fixture.Rule] method [rule] returned [str], expected [bool]');
});

t.test('camelCase aliases, async functions, an auxiliary error keeps the match', async (t) => {
  const mod = await loadTsDetection(join(fixtures, 'camel-case.ts'));
  t.equal(typeof findFunction(mod, 'alert_context'), 'function');
  const out = await runTsRule(mod, new PantherEvent({ action: 'delete', user: 'bob' }));
  t.strictSame(out, {
    matched: true,
    aux: { alert_context: { user: 'bob' }, destinations: ['slack-sec', 'pagerduty'] },
    errors: { runbook: 'RangeError: no runbook today' },
  });
  const n = normalizeRule(out, settings, { logType: 'X' });
  t.equal(n.kind, 'match');
  if (n.kind === 'match') {
    t.strictSame(n.match.alertContext, { user: 'bob' });
    t.strictSame(n.match.destinations, ['slack-sec', 'pagerduty']);
    t.strictSame(n.auxErrors, { runbook: 'RangeError: no runbook today' });
  }
  t.strictSame(await runTsRule(mod, new PantherEvent({ action: 'read' })), { matched: false, aux: {}, errors: {} });
});

t.test('a slow async rule hits the time limit', async (t) => {
  const mod = await loadTsDetection(join(fixtures, 'slow.ts'));
  const started = Date.now();
  const out = await runTsRule(mod, new PantherEvent({}), { timeLimitMs: 100 });
  const took = Date.now() - started;
  t.ok(took >= 90 && took < 2000, `stopped near the limit (${took} ms)`);
  t.strictSame(out, { matched: undefined, aux: {}, errors: { rule: 'TimeoutError: rule() exceeded the time limit of 100 ms' }, timedOut: true });
  const n = normalizeRule(out, settings, { logType: 'X' });
  t.equal(n.kind === 'error' && n.error.error, 'rule: TimeoutError: rule() exceeded the time limit of 100 ms');
  // A synchronous rule cannot be interrupted in-process, but running past the budget still counts.
  const busy = await loadTsDetection(join(fixtures, 'busy-sync.ts'));
  t.strictSame(await runTsRule(busy, new PantherEvent({}), { timeLimitMs: 50 }), {
    matched: undefined,
    aux: {},
    errors: { rule: 'TimeoutError: rule() exceeded the time limit of 50 ms' },
    timedOut: true,
  });
  t.strictSame(await runTsRule(busy, new PantherEvent({}), { timeLimitMs: 5000 }), { matched: true, aux: {}, errors: {} });
});

t.test('policies, default exports and modules without the matcher', async (t) => {
  const pol = await loadTsDetection(join(fixtures, 'policy-bucket.ts'));
  const ok = await runTsPolicy(pol, new PantherEvent({ Name: 'b1', Encryption: { Enabled: true } }));
  t.strictSame(ok, { matched: true, aux: {}, errors: {} });
  t.equal(normalizePolicy(ok, settings, { logType: 'AWS.S3.Bucket' }).kind, 'nomatch');
  const bad = await runTsPolicy(pol, new PantherEvent({ Name: 'b2', Encryption: { Enabled: false } }));
  t.strictSame(bad, { matched: false, aux: { title: 'Bucket b2 is not encrypted' }, errors: {} });
  const n = normalizePolicy(bad, settings, { logType: 'AWS.S3.Bucket' });
  t.equal(n.kind === 'match' && n.match.title, 'Bucket b2 is not encrypted');

  const def = await loadTsDetection(join(fixtures, 'default-export.ts'));
  t.strictSame(await runTsRule(def, new PantherEvent({})), { matched: true, aux: { title: 'from default export' }, errors: {} });

  t.strictSame(await runTsRule(pol, new PantherEvent({})), {
    matched: undefined,
    aux: {},
    errors: { rule: "AssertionError: detection needs to have a method named 'rule'" },
  });
  t.equal(formatError('plain'), 'Error: plain');
  t.equal(formatError(new SyntaxError('bad')), 'SyntaxError: bad');
});
