import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import { runAnalysisTests, type DetectionTestReport, type TestReport } from '../../../detections/testing/run-tests.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/repo', import.meta.url));

function copyFixture(t: { teardown(fn: () => void): void }, only?: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'panther-analysis-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(FIXTURE, dir, { recursive: true, filter: (src) => only === undefined || src === FIXTURE || only.some((p) => src.startsWith(join(FIXTURE, p)) || join(FIXTURE, p).startsWith(src)) });
  // Outside this project's tree, tsx loads .ts bodies as ES modules only under "type": "module".
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`fixture edit did not apply to ${file}`);
  writeFileSync(file, next);
}

function detection(report: TestReport, id: string): DetectionTestReport {
  const d = report.detections.find((x) => x.id === id);
  if (d === undefined) throw new Error(`no report for ${id}`);
  return d;
}

t.test('the fixture repository passes: Python with globals, a Method data model, mocks and a policy, and a TS rule', async (t) => {
  const report = await runAnalysisTests(await loadAnalysisDir(FIXTURE), { minimumTests: 2 });
  t.same(report.invalid, []);
  t.same(report.totals, { passed: 4, failed: 0, invalid: 0, skipped: 0, testsPassed: 8, testsFailed: 0 });
  const root = detection(report, 'Acme.Root.Activity');
  t.equal(root.language, 'python');
  const hit = root.tests.find((x) => x.name === 'Root console login');
  // title() uses a Method mapping (event_type) and a Path mapping (source_ip) of the data model.
  t.equal(hit?.title, 'Root login from 198.51.100.7');
  t.equal(hit?.dedup, 'arn:aws:iam::123456789012:root');
  t.same(hit?.alertContext, { account: '123456789012', actor: 'arn:aws:iam::123456789012:root', path: 'userIdentity.arn' });
  t.equal(hit?.severity, 'HIGH');
  const miss = root.tests.find((x) => x.name === 'IAM user API call');
  t.equal(miss?.result, false);
  t.equal(miss?.title, undefined, 'no alert fields for a non-matching test');
  // The mocked reputation() decides both tests; unmocked it raises.
  t.same(detection(report, 'Acme.BadIP.Login').tests.map((x) => [x.name, x.result, x.passed]), [
    ['Login from a flagged IP', true, true],
    ['Login from a clean IP', false, true],
  ]);
  const policy = detection(report, 'Acme.S3.Encryption');
  t.same(policy.tests.map((x) => [x.name, x.result]), [['Encrypted bucket', true], ['Unencrypted bucket', false]]);
  t.equal(policy.tests[1]?.title, 'Bucket open-bucket is not encrypted', 'a failing resource carries the alert fields');
  const ts = detection(report, 'Acme.TS.ConsoleLoginFailure');
  t.equal(ts.language, 'typescript');
  // The TS rule resolves a Path mapping of the same data model through event.udm().
  t.equal(ts.tests[0]?.title, 'Console login failure for arn:aws:iam::123456789012:user/carol');
  t.same(ts.tests[0]?.alertContext, { ip: '192.0.2.44', region: 'eu-west-1' });
});

t.test('failures: a flipped ExpectedResult, a raising auxiliary function, a broken Python body, an unmocked call', async (t) => {
  const dir = copyFixture(t);
  edit(join(dir, 'rules/aws_cloudtrail_rules/root_activity.yml'), 'ExpectedResult: false', 'ExpectedResult: true');
  edit(join(dir, 'rules/aws_cloudtrail_rules/bad_ip_login.yml'), /    Mocks:\n      - objectName: reputation\n        returnValue: clean\n/, '');
  edit(join(dir, 'policies/s3_encryption.py'), 'def title(resource):\n    return', 'def title(resource):\n    return resource["NoSuchKey"] +');
  writeFileSync(
    join(dir, 'rules/broken.yml'),
    'AnalysisType: rule\nRuleID: Acme.Broken\nFilename: broken.py\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\nTests:\n  - Name: any\n    ExpectedResult: true\n    Log: {}\n',
  );
  writeFileSync(join(dir, 'rules/broken.py'), 'def rule(event):\n    return (\n');
  const report = await runAnalysisTests(await loadAnalysisDir(dir));

  const root = detection(report, 'Acme.Root.Activity');
  t.equal(root.passed, false);
  const flipped = root.tests.find((x) => x.name === 'IAM user API call');
  t.equal(flipped?.passed, false);
  t.equal(flipped?.reason, 'expected rule() to return True, got False');
  t.equal(root.tests.find((x) => x.name === 'Root console login')?.passed, true, 'the other test still passes');

  const unmocked = detection(report, 'Acme.BadIP.Login').tests.find((x) => x.name === 'Login from a clean IP');
  t.equal(unmocked?.passed, false);
  t.match(unmocked?.reason, /^rule: RuntimeError: no reputation service for 198\.51\.100\.20/);

  // The unencrypted bucket is an expected alert: a title() error fails it, policy() being right.
  const policy = detection(report, 'Acme.S3.Encryption');
  const bad = policy.tests.find((x) => x.name === 'Unencrypted bucket');
  t.equal(bad?.passed, false);
  t.equal(bad?.result, false);
  t.match(bad?.reason, /^title\(\): KeyError: 'NoSuchKey'/);
  t.equal(policy.tests.find((x) => x.name === 'Encrypted bucket')?.passed, true, 'aux errors do not fail tests expecting no alert');

  t.equal(report.detections.find((x) => x.id === 'Acme.Broken'), undefined, 'a body that does not import is invalid, not a test failure');
  t.equal(report.invalid.length, 1);
  t.equal(report.invalid[0]?.file, 'rules/broken.py');
  t.match(report.invalid[0]?.message, /SyntaxError/);
  t.same([report.totals.passed, report.totals.failed, report.totals.invalid], [1, 3, 1]);
});

t.test('TypeScript only (no Python engine): coverage minimum, disabled detections, aux errors, invalid specs', async (t) => {
  const dir = copyFixture(t, ['rules/ts_rules']);
  const spec = join(dir, 'rules/ts_rules/console_login_failure.yml');
  const coverage = await runAnalysisTests(await loadAnalysisDir(dir), { minimumTests: 3 });
  t.same(detection(coverage, 'Acme.TS.ConsoleLoginFailure').failures, ['Insufficient test coverage: 3 tests required but only 2 found']);
  t.equal(coverage.totals.failed, 1);
  t.equal(coverage.totals.testsPassed, 2, 'the tests themselves passed');

  // Only positive tests: with a minimum of 2, Panther also wants a negative one.
  edit(spec, /  - Name: Successful login[\s\S]*$/, '');
  const onlyPositive = await runAnalysisTests(await loadAnalysisDir(dir), { minimumTests: 1 });
  t.equal(onlyPositive.totals.passed, 1);
  const needsBoth = await runAnalysisTests(await loadAnalysisDir(dir), { minimumTests: 2 });
  t.match(detection(needsBoth, 'Acme.TS.ConsoleLoginFailure').failures.join('\n'), 'expected at least one positive and one negative test');

  // An expected match whose alertContext() throws fails, though rule() returned true.
  edit(join(dir, 'rules/ts_rules/console_login_failure.ts'), 'return { ip:', "if (event.get('sourceIPAddress') !== undefined) throw new RangeError('no context');\n  return { ip:");
  const aux = await runAnalysisTests(await loadAnalysisDir(dir));
  const test = detection(aux, 'Acme.TS.ConsoleLoginFailure').tests[0];
  t.equal(test?.passed, false);
  t.equal(test?.result, true);
  t.equal(test?.reason, 'alert_context(): RangeError: no context');
  t.same(test?.alertContext, { _error: 'RangeError: no context' });

  edit(spec, 'Enabled: true', 'Enabled: false');
  const skipped = await runAnalysisTests(await loadAnalysisDir(dir), { skipDisabledTests: true, minimumTests: 5 });
  t.same([skipped.totals.passed, skipped.totals.failed, skipped.totals.skipped], [0, 0, 1]);
  const notSkipped = await runAnalysisTests(await loadAnalysisDir(dir));
  t.equal(notSkipped.totals.failed, 1, 'without the flag, disabled detections are tested');

  writeFileSync(join(dir, 'rules/bad.yml'), 'AnalysisType: rule\nRuleID: Acme.Bad\nFilename: console_login_failure.ts\nSeverity: Urgent\nLogTypes: [AWS.CloudTrail]\n');
  const invalid = await runAnalysisTests(await loadAnalysisDir(dir));
  t.equal(invalid.totals.invalid, 1);
  t.equal(invalid.invalid[0]?.file, 'rules/bad.yml');
  t.equal(invalid.invalid[0]?.line, 4);
  t.equal(invalid.invalid[0]?.key, 'Severity');

  // Mocks patch Python module names; a TypeScript test naming some fails instead of ignoring them.
  edit(spec, '    ExpectedResult: true\n', '    ExpectedResult: true\n    Mocks:\n      - objectName: lookup\n        returnValue: "x"\n');
  const mocked = await runAnalysisTests(await loadAnalysisDir(dir));
  t.same(detection(mocked, 'Acme.TS.ConsoleLoginFailure').tests[0], { name: 'Failed login', expected: true, passed: false, reason: 'Mocks are only supported for Python detections' });
});
