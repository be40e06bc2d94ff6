// `panther compliance` over the state `panther scan --fixture` left: totals, filters, JSON, the
// empty state, and suppressions through `compliance --suppress`.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanFixture } from '../../cloud-security/fixture.js';
import { complianceCommand } from '../../cli/commands/compliance.js';
import { pantherCs, runInProcess } from '../cloud-security/fixtures/cli.js';

const lake = mkdtempSync(join(tmpdir(), 'compliance-cli-'));
await scanFixture({ lakeDir: lake });

t.test('no state yet: a hint to scan', async (t) => {
  const r = await runInProcess(complianceCommand(), ['--lake', mkdtempSync(join(tmpdir(), 'empty-'))]);
  t.equal(r.error, undefined);
  t.match(r.stdout, /No compliance results yet: run `panther scan --fixture`/);
});

t.test('failures of one policy, as a table', async (t) => {
  const r = pantherCs(['compliance', '--lake', lake, '--status', 'fail', '--policy', 'AWS.IAM.User.ConsoleMFA']);
  t.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  t.equal(lines[0], 'Compliance: 959 pass, 296 fail, 0 error (suppressed count as pass).');
  t.match(lines[1], /^STATUS\s+SEVERITY\s+POLICY\s+ACCOUNT\/REGION\s+RESOURCE$/);
  t.same(lines.slice(2, -1).map((l) => l.split(/\s+/).at(-1)), [
    'arn:aws:iam::111111111111:user/eve',
    'arn:aws:iam::222222222222:user/carol',
    'arn:aws:iam::222222222222:user/eve',
  ]);
  t.equal(lines.at(-1), '3 entries.');
});

t.test('--format json with filters', async (t) => {
  const r = await runInProcess(complianceCommand(), ['--lake', lake, '--format', 'json', '--status', 'FAIL', '--account', '111111111111', '--resource-type', 'AWS.S3.Bucket']);
  t.equal(r.error, undefined);
  const out = JSON.parse(r.stdout) as { totals: object; items: { status: string; accountId: string; resourceType: string }[] };
  t.same(out.totals, { pass: 959, fail: 296, error: 0 });
  t.ok(out.items.length > 0);
  t.ok(out.items.every((e) => e.status === 'FAIL' && e.accountId === '111111111111' && e.resourceType === 'AWS.S3.Bucket'));
  const bad = await runInProcess(complianceCommand(), ['--lake', lake, '--format', 'xml']);
  t.match(bad.error?.message, /--format xml: expected table or json/);
  const badStatus = await runInProcess(complianceCommand(), ['--lake', lake, '--status', 'maybe']);
  t.match(badStatus.error?.message, /invalid status "MAYBE"/);
  const noPolicy = await runInProcess(complianceCommand(), ['--lake', lake, '--suppress', '*']);
  t.match(noPolicy.error?.message, /--suppress needs --policy/);
});

t.test('--suppress: matching entries are marked and no longer count as failing', async (t) => {
  const s = pantherCs(['compliance', '--lake', lake, '--policy', 'AWS.IAM.User.ConsoleMFA', '--suppress', 'arn:aws:iam::222222222222:user/*', '--reason', 'dev account']);
  t.equal(s.status, 0, s.stderr);
  t.match(s.stdout, /Suppressed AWS\.IAM\.User\.ConsoleMFA on arn:aws:iam::222222222222:user\/\*: 8 resource\(s\) now suppressed\./);
  const r = pantherCs(['compliance', '--lake', lake, '--policy', 'AWS.IAM.User.ConsoleMFA', '--status', 'FAIL']);
  t.match(r.stdout, /^Compliance: 961 pass, 294 fail, 0 error/);
  t.match(r.stdout, /FAIL\*\s+HIGH\s+AWS\.IAM\.User\.ConsoleMFA\s+222222222222\/global\s+arn:aws:iam::222222222222:user\/carol/);
  t.match(r.stdout, /3 entries \(\* suppressed\)\./);
});
