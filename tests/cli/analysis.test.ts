import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '../../detections/testing/zip.js';
import { panther, ROOT } from '../helpers/cli.js';

const FIXTURE = join(ROOT, 'tests/detections/testing/fixtures/repo');

function tmp(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'panther-cli-analysis-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of the fixture repository; outside this project, "type": "module" makes tsx load the .ts body as ESM. */
function copy(t: { teardown(fn: () => void): void }): string {
  const dir = tmp(t);
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

t.test('analysis test passes the Panther-format fixture repository unchanged', async (t) => {
  const r = panther(['analysis', 'test', '--path', FIXTURE, '--minimum-tests', '2']);
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.equal((r.stdout.match(/\[PASS\]/g) ?? []).length, 8);
  t.notMatch(r.stdout, '[FAIL]');
  t.match(r.stdout, 'Acme.Root.Activity (rules/aws_cloudtrail_rules/root_activity.yml)\n\t[PASS] Root console login\n\t\t[Title] Root login from 198.51.100.7\n\t\t[Dedup] arn:aws:iam::123456789012:root');
  t.match(r.stdout, '[AlertContext] {\n\t\t  "account": "123456789012"');
  t.match(r.stdout, /Passed: 4\n\tFailed: 0\n\tInvalid: 0/);
});

t.test('one flipped ExpectedResult and one invalid spec make it exit 1 and name them', async (t) => {
  const dir = copy(t);
  const spec = join(dir, 'rules/aws_cloudtrail_rules/bad_ip_login.yml');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('Name: Login from a clean IP\n    ExpectedResult: false', 'Name: Login from a clean IP\n    ExpectedResult: true'));
  writeFileSync(join(dir, 'rules/typo.yml'), 'AnalysisType: rule\nRuleID: Acme.Typo\nFilename: aws_cloudtrail_rules/root_activity.py\nSeverity: High\nLogTypes: [AWS.CloudTrail]\nDedupPeriodMinute: 30\n');
  const r = panther(['analysis', 'test', '--path', dir]);
  t.equal(r.status, 1, r.stderr);
  t.match(r.stdout, '\t[FAIL] Login from a clean IP\n\t\t[Reason] expected rule() to return True, got False');
  t.match(r.stdout, /Passed: 3\n\tFailed: 1\n\tInvalid: 1/);
  t.match(r.stdout, 'Failed tests:\n\tAcme.BadIP.Login (rules/aws_cloudtrail_rules/bad_ip_login.yml)\n\t\tLogin from a clean IP');
  t.match(r.stdout, 'Invalid specs:\n\trules/typo.yml:6: DedupPeriodMinute: unknown key');
});

t.test('an invalid spec alone makes test and validate exit 1 (TypeScript only: no Python engine)', async (t) => {
  const dir = tmp(t);
  cpSync(join(FIXTURE, 'rules/ts_rules'), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const ok = panther(['analysis', 'test', '--path', dir]);
  t.equal(ok.status, 0, ok.stdout + ok.stderr);
  t.match(ok.stdout, /Passed: 1\n\tFailed: 0\n\tInvalid: 0/);
  writeFileSync(join(dir, 'bad.yml'), 'AnalysisType: policy\nPolicyID: Acme.Bad\nFilename: missing.py\nSeverity: Low\n');
  const r = panther(['analysis', 'test', '--path', dir]);
  t.equal(r.status, 1);
  t.match(r.stdout, /Passed: 1\n\tFailed: 0\n\tInvalid: 1/);
  t.match(r.stdout, 'bad.yml:3: Filename: body file missing.py does not exist');
  const v = panther(['analysis', 'validate', '--path', dir]);
  t.equal(v.status, 1);
  t.match(v.stdout, 'bad.yml:3: Filename: body file missing.py does not exist');
  t.match(v.stdout, 'Invalid: 1');
});

t.test('--filter keeps the matching detections; --skip-disabled-tests skips disabled ones', async (t) => {
  const dir = tmp(t);
  cpSync(join(FIXTURE, 'rules/ts_rules'), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const none = panther(['analysis', 'test', '--path', dir, '--filter', 'Severity=Critical']);
  t.equal(none.status, 0);
  t.match(none.stdout, /Passed: 0\n\tFailed: 0/);
  const some = panther(['analysis', 'test', '--path', dir, '--filter', 'Severity=Critical,Info']);
  t.match(some.stdout, /Passed: 1\n/);
  const spec = join(dir, 'console_login_failure.yml');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('Enabled: true', 'Enabled: false').replace('ExpectedResult: false', 'ExpectedResult: true'));
  t.equal(panther(['analysis', 'test', '--path', dir]).status, 1, 'disabled detections are tested by default');
  const skipped = panther(['analysis', 'test', '--path', dir, '--skip-disabled-tests']);
  t.equal(skipped.status, 0);
  t.match(skipped.stdout, 'Skipped (disabled): 1');
  t.notMatch(skipped.stdout, 'Acme.TS.ConsoleLoginFailure (');
  const bad = panther(['analysis', 'test', '--path', dir, '--filter', 'Severity']);
  t.equal(bad.status, 1);
  t.match(bad.stderr, 'invalid filter "Severity"');
});

t.test('validate, zip and upload', async (t) => {
  const v = panther(['analysis', 'validate', '--path', FIXTURE]);
  t.equal(v.status, 0, v.stdout + v.stderr);
  t.match(v.stdout, 'Loaded 7 specs');
  t.match(v.stdout, 'Valid.');

  const dir = tmp(t);
  const out = join(dir, 'bundle.zip');
  const z = panther(['analysis', 'zip', '--path', FIXTURE, '--out', out]);
  t.equal(z.status, 0, z.stderr);
  const entries = readZip(readFileSync(out));
  t.equal(entries.length, 13);
  t.same(entries.find((e) => e.name === 'rules/aws_cloudtrail_rules/root_activity.py')?.data, readFileSync(join(FIXTURE, 'rules/aws_cloudtrail_rules/root_activity.py')));
  const again = join(dir, 'again.zip');
  panther(['analysis', 'zip', '--path', FIXTURE, '--out', again]);
  t.same(readFileSync(again), readFileSync(out), 'deterministic');

});
