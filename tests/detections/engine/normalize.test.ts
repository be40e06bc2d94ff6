import t from 'tap';
import {
  ALERT_CONTEXT_ERROR_KEY,
  MAX_ALERT_CONTEXT_SIZE,
  normalizePolicy,
  normalizeRule,
  pythonJsonDumps,
  truncate,
  type NormalizeResult,
} from '../../../detections/engine/normalize.js';
import type { DetectionSettings, RawDetectionOutput, RuleMatch } from '../../../detections/types.js';

const settings: DetectionSettings = {
  id: 'Test.Rule',
  severity: 'MEDIUM',
  dedupPeriodMinutes: 60,
  threshold: 1,
  displayName: 'Test Rule',
  description: 'spec description',
  reference: 'https://spec.example/ref',
  runbook: 'spec runbook',
  outputIds: ['spec-dest'],
};
const ctx = { logType: 'AWS.CloudTrail', eventRowId: 'row-1', eventTime: '2024-01-01 00:00:00.000000000' };

function raw(over: Partial<RawDetectionOutput> = {}): RawDetectionOutput {
  return { matched: true, aux: {}, errors: {}, ...over };
}

function match(r: NormalizeResult): RuleMatch {
  if (r.kind !== 'match') throw new Error(`expected a match, got ${JSON.stringify(r)}`);
  return r.match;
}

function auxErrors(r: NormalizeResult): Record<string, string> {
  if (r.kind !== 'match') throw new Error('expected a match');
  return r.auxErrors as Record<string, string>;
}

t.test('rule() outcomes', async (t) => {
  t.strictSame(normalizeRule(raw({ matched: false }), settings, ctx), { kind: 'nomatch' });
  t.strictSame(normalizeRule(raw({ matched: undefined, errors: { rule: "KeyError: 'eventName'" } }), settings, ctx), {
    kind: 'error',
    error: { ruleId: 'Test.Rule', logType: 'AWS.CloudTrail', error: "rule: KeyError: 'eventName'", severity: 'MEDIUM', eventRowId: 'row-1' },
  });
  const nonBool = normalizeRule(raw({ matched: 'yes' }), settings, ctx);
  t.strictSame(nonBool, {
    kind: 'error',
    error: {
      ruleId: 'Test.Rule',
      logType: 'AWS.CloudTrail',
      error: 'rule: FunctionReturnTypeError: detection [Test.Rule] method [rule] returned [str], expected [bool]',
      severity: 'MEDIUM',
      eventRowId: 'row-1',
    },
  });
  // Truthy non-bools are errors too, as in Panther (1 is not True).
  const one = normalizeRule(raw({ matched: 1 }), settings, ctx);
  t.equal(one.kind === 'error' && one.error.error, 'rule: FunctionReturnTypeError: detection [Test.Rule] method [rule] returned [int], expected [bool]');
  const none = normalizeRule(raw({ matched: null }), settings, { logType: 'X' });
  t.equal(none.kind === 'error' && none.error.error, 'rule: FunctionReturnTypeError: detection [Test.Rule] method [rule] returned [NoneType], expected [bool]');
  t.notOk(none.kind === 'error' && 'eventRowId' in none.error);
  const timeout = normalizeRule(raw({ matched: undefined, timedOut: true, errors: { rule: 'TimeoutError: rule() exceeded the time limit of 100 ms' } }), settings, ctx);
  t.equal(timeout.kind === 'error' && timeout.error.error, 'rule: TimeoutError: rule() exceeded the time limit of 100 ms');
});

t.test('a plain match uses the spec defaults', async (t) => {
  const r = normalizeRule(raw(), settings, ctx);
  t.strictSame(match(r), {
    ruleId: 'Test.Rule',
    logType: 'AWS.CloudTrail',
    title: 'Test Rule',
    dedup: 'Test Rule',
    severity: 'MEDIUM',
    alertContext: null,
    description: 'spec description',
    reference: 'https://spec.example/ref',
    runbook: 'spec runbook',
    destinations: ['spec-dest'],
    dedupPeriodMinutes: 60,
    threshold: 1,
    eventRowId: 'row-1',
    eventTime: '2024-01-01 00:00:00.000000000',
  });
  t.strictSame(auxErrors(r), {});
  // Without a DisplayName the title is the RuleID.
  const bare: DetectionSettings = { id: 'Bare', severity: 'LOW', dedupPeriodMinutes: 30, threshold: 5 };
  const m = match(normalizeRule(raw(), bare, { logType: 'L' }));
  t.equal(m.title, 'Bare');
  t.equal(m.dedup, 'Bare');
  t.notOk('destinations' in m);
  t.notOk('description' in m);
  t.equal(m.threshold, 5);
});

t.test('title and dedup: values, fallbacks and the 1,000 character limit', async (t) => {
  const m = match(normalizeRule(raw({ aux: { title: 'T', dedup: 'D' } }), settings, ctx));
  t.equal(m.title, 'T');
  t.equal(m.dedup, 'D');
  // dedup falls back to the title.
  t.equal(match(normalizeRule(raw({ aux: { title: 'Only title' } }), settings, ctx)).dedup, 'Only title');
  t.equal(match(normalizeRule(raw({ aux: { title: 'Tt', dedup: '' } }), settings, ctx)).dedup, 'Tt');
  // An empty title(): dedup goes to defaultDedupString (Panther), the alert shows the default title.
  const empty = match(normalizeRule(raw({ aux: { title: '' } }), settings, ctx));
  t.equal(empty.dedup, 'defaultDedupString:Test.Rule');
  t.equal(empty.title, 'Test Rule');
  // title() raising: DisplayName, error recorded; dedup() raising: the title.
  const failing = normalizeRule(raw({ aux: { title: undefined, dedup: undefined }, errors: { title: 'ValueError: x', dedup: 'KeyError: y' } }), settings, ctx);
  t.equal(match(failing).title, 'Test Rule');
  t.equal(match(failing).dedup, 'Test Rule');
  t.strictSame(auxErrors(failing), { title: 'ValueError: x', dedup: 'KeyError: y' });
  // Non-string results are errors of that function.
  const nonStr = normalizeRule(raw({ aux: { title: 42, dedup: ['a'] } }), settings, ctx);
  t.equal(match(nonStr).title, 'Test Rule');
  t.strictSame(auxErrors(nonStr), {
    title: 'FunctionReturnTypeError: detection [Test.Rule] method [title] returned [int], expected [str]',
    dedup: 'FunctionReturnTypeError: detection [Test.Rule] method [dedup] returned [list], expected [str]',
  });

  const exactly = 'x'.repeat(1000);
  const over = 'y'.repeat(1001);
  const atLimit = match(normalizeRule(raw({ aux: { title: exactly, dedup: exactly } }), settings, ctx));
  t.equal(atLimit.title, exactly);
  t.equal(atLimit.dedup, exactly);
  const cut = match(normalizeRule(raw({ aux: { title: over, dedup: over } }), settings, ctx));
  const expected = 'y'.repeat(1000 - '... (truncated)'.length) + '... (truncated)';
  t.equal(cut.title, expected);
  t.equal(cut.title.length, 1000);
  t.equal(cut.dedup, expected);
  // The title used as dedup is truncated too.
  t.equal(match(normalizeRule(raw({ aux: { title: over } }), settings, ctx)).dedup, expected);
  t.equal(truncate('abc', 3), 'abc');
});

t.test('description, reference, runbook: function value over the spec, truncated', async (t) => {
  const m = match(normalizeRule(raw({ aux: { description: 'dyn d', reference: 'dyn r', runbook: 'dyn rb' } }), settings, ctx));
  t.equal(m.description, 'dyn d');
  t.equal(m.reference, 'dyn r');
  t.equal(m.runbook, 'dyn rb');
  const long = match(normalizeRule(raw({ aux: { description: 'z'.repeat(1001) } }), settings, ctx));
  t.equal(long.description?.length, 1000);
  t.ok(long.description?.endsWith('... (truncated)'));
  const failed = normalizeRule(raw({ errors: { runbook: 'RangeError: no' } }), settings, ctx);
  t.equal(match(failed).runbook, 'spec runbook');
  t.strictSame(auxErrors(failed), { runbook: 'RangeError: no' });
});

t.test('severity: levels in any case, DEFAULT, errors keep the spec severity', async (t) => {
  t.equal(match(normalizeRule(raw({ aux: { severity: 'critical' } }), settings, ctx)).severity, 'CRITICAL');
  t.equal(match(normalizeRule(raw({ aux: { severity: 'Info' } }), settings, ctx)).severity, 'INFO');
  const def = normalizeRule(raw({ aux: { severity: 'default' } }), settings, ctx);
  t.equal(match(def).severity, 'MEDIUM');
  t.strictSame(auxErrors(def), {});
  const bad = normalizeRule(raw({ aux: { severity: 'SEVERE' } }), settings, ctx);
  t.equal(match(bad).severity, 'MEDIUM');
  t.strictSame(auxErrors(bad), {
    severity: "AssertionError: Expected severity to be any of the following: [['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']], got [SEVERE] instead.",
  });
  const nonStr = normalizeRule(raw({ aux: { severity: 3 } }), settings, ctx);
  t.equal(match(nonStr).severity, 'MEDIUM');
  t.match(auxErrors(nonStr).severity, /returned \[int\], expected \[str\]/);
});

t.test('alert_context: objects, the 200 KB limit, errors in place', async (t) => {
  t.strictSame(match(normalizeRule(raw({ aux: { alert_context: { a: 1, b: [true, null] } } }), settings, ctx)).alertContext, { a: 1, b: [true, null] });
  // Python's json.dumps of {"k": "<n chars>"} is n + 9 characters: {"k": ""} .
  const atLimit = { k: 'a'.repeat(MAX_ALERT_CONTEXT_SIZE - 9) };
  t.equal(pythonJsonDumps(atLimit).length, MAX_ALERT_CONTEXT_SIZE);
  t.strictSame(match(normalizeRule(raw({ aux: { alert_context: atLimit } }), settings, ctx)).alertContext, atLimit);
  const over = { k: 'a'.repeat(MAX_ALERT_CONTEXT_SIZE - 8) };
  const r = normalizeRule(raw({ aux: { alert_context: over } }), settings, ctx);
  t.strictSame(match(r).alertContext, {
    [ALERT_CONTEXT_ERROR_KEY]: `alert_context size is [${MAX_ALERT_CONTEXT_SIZE + 1}] characters, bigger than maximum of [204800] characters`,
  });
  t.strictSame(auxErrors(r), {}, 'oversize is not a function error (Panther)');
  // Non-ASCII counts as \\uXXXX escapes, as Python measures it.
  t.equal(pythonJsonDumps({ k: 'é' }), '{"k": "\\u00e9"}');
  t.equal(pythonJsonDumps([1, 'a', { x: null }]), '[1, "a", {"x": null}]');

  const nonObject = normalizeRule(raw({ aux: { alert_context: ['a'] } }), settings, ctx);
  const msg = 'FunctionReturnTypeError: detection [Test.Rule] method [alert_context] returned [list], expected [Mapping]';
  t.strictSame(match(nonObject).alertContext, { _error: msg });
  t.strictSame(auxErrors(nonObject), { alert_context: msg });
  const withFn = normalizeRule(raw({ aux: { alert_context: { f: () => 1 } } }), settings, ctx);
  t.strictSame(match(withFn).alertContext, { _error: 'TypeError: Object of type function is not JSON serializable' });
  const withSet = normalizeRule(raw({ aux: { alert_context: { s: new Set([1]) } } }), settings, ctx);
  t.strictSame(match(withSet).alertContext, { _error: 'TypeError: Object of type set is not JSON serializable' });
  const withNaN = normalizeRule(raw({ aux: { alert_context: { n: NaN } } }), settings, ctx);
  t.strictSame(match(withNaN).alertContext, { _error: 'ValueError: Out of range float values are not JSON compliant: NaN' });
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  t.strictSame(match(normalizeRule(raw({ aux: { alert_context: cyclic } }), settings, ctx)).alertContext, { _error: 'ValueError: Circular reference detected' });
  const raised = normalizeRule(raw({ errors: { alert_context: "KeyError: 'x'" } }), settings, ctx);
  t.strictSame(match(raised).alertContext, { _error: "KeyError: 'x'" });
  t.strictSame(auxErrors(raised), { alert_context: "KeyError: 'x'" });
  // Dates serialize through toJSON; the stored context is a copy.
  const ctxObj = { when: new Date('2024-01-02T03:04:05Z'), list: [1] };
  const stored = match(normalizeRule(raw({ aux: { alert_context: ctxObj } }), settings, ctx)).alertContext;
  ctxObj.list.push(2);
  t.strictSame(stored, { when: '2024-01-02T03:04:05.000Z', list: [1] });
});

t.test('destinations: at most 10, deduplicated, [] suppresses, errors fall back', async (t) => {
  const ten = Array.from({ length: 10 }, (_, i) => `d${i}`);
  t.strictSame(match(normalizeRule(raw({ aux: { destinations: ten } }), settings, ctx)).destinations, ten);
  t.strictSame(match(normalizeRule(raw({ aux: { destinations: [...ten, 'd10'] } }), settings, ctx)).destinations, ten);
  t.strictSame(match(normalizeRule(raw({ aux: { destinations: ['a', 'b', 'a'] } }), settings, ctx)).destinations, ['a', 'b']);
  t.strictSame(match(normalizeRule(raw({ aux: { destinations: [] } }), settings, ctx)).destinations, ['SKIP']);
  t.strictSame(match(normalizeRule(raw({ aux: { destinations: null } }), settings, ctx)).destinations, ['spec-dest']);
  const bad = normalizeRule(raw({ aux: { destinations: 'slack' } }), settings, ctx);
  t.strictSame(match(bad).destinations, ['spec-dest']);
  t.strictSame(auxErrors(bad), { destinations: 'FunctionReturnTypeError: detection [Test.Rule] method [destinations] returned [str], expected a list' });
});

t.test('auxiliary errors never drop the match', async (t) => {
  const r = normalizeRule(
    raw({ errors: { title: 'E1: a', dedup: 'E2: b', alert_context: 'E3: c', severity: 'E4: d', description: 'E5: e', reference: 'E6: f', runbook: 'E7: g', destinations: 'E8: h' } }),
    settings,
    ctx,
  );
  t.equal(r.kind, 'match');
  t.equal(Object.keys(auxErrors(r)).length, 8);
  t.equal(match(r).severity, 'MEDIUM');
});

t.test('policies: true is compliant, false is a finding', async (t) => {
  const pctx = { logType: 'AWS.S3.Bucket' };
  t.strictSame(normalizePolicy(raw({ matched: true }), settings, pctx), { kind: 'nomatch' });
  const f = normalizePolicy(raw({ matched: false, aux: { title: 'Bucket open' } }), settings, pctx);
  t.equal(match(f).title, 'Bucket open');
  t.equal(match(f).logType, 'AWS.S3.Bucket');
  const e = normalizePolicy(raw({ matched: undefined, errors: { policy: 'ZeroDivisionError: division by zero' } }), settings, pctx);
  t.equal(e.kind === 'error' && e.error.error, 'policy: ZeroDivisionError: division by zero');
  const s = normalizePolicy(raw({ matched: 'no' }), settings, pctx);
  t.equal(s.kind === 'error' && s.error.error, 'policy: FunctionReturnTypeError: detection [Test.Rule] method [policy] returned [str], expected [bool]');
});
