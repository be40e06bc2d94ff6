// `panther scan --fixture` end to end: the summary, JSON output, the state it leaves for
// `panther compliance` and `panther alerts`, and argument errors.
import t from 'tap';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCommand } from '../../cli/commands/scan.js';
import { pantherCs, runInProcess } from '../cloud-security/fixtures/cli.js';

const lake = mkdtempSync(join(tmpdir(), 'scan-cli-'));

t.test('scan --fixture records compliance and opens policy alerts', async (t) => {
  const r = pantherCs(['scan', '--fixture', '--lake', lake]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^Scanned 366 resource\(s\) of 38 type\(s\) in 2 account\(s\)\.$/m);
  t.match(r.stdout, /Policies: 1255 evaluation\(s\): 959 pass, 296 fail, 0 error, 0 suppressed; 1255 changed, 296 policy alert\(s\) opened\./);
  t.same(readdirSync(join(lake, 'state')).sort(), ['alerts.json', 'compliance.json', 'resources.jsonl']);
  const alerts = JSON.parse(readFileSync(join(lake, 'state', 'alerts.json'), 'utf8')) as { alerts: { ruleId: string; dedup: string }[] };
  t.equal(alerts.alerts.length, 296);
  t.equal(readFileSync(join(lake, 'state', 'resources.jsonl'), 'utf8').trim().split('\n').length, 366);
});

t.test('a second scan changes nothing and opens no alert; --json', async (t) => {
  const r = pantherCs(['scan', '--fixture', '--lake', lake, '--json']);
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  t.match(out, { resources: 366, evaluations: 1255, pass: 959, fail: 296, error: 0, suppressed: 0, changed: 0, alertsOpened: 0, problems: [], loadErrors: [] });
  t.equal((out.resourcesByType as Record<string, number>)['AWS.S3.Bucket'], 32);
});

t.test('argument errors are reported, nothing is scanned', async (t) => {
  const bad = pantherCs(['scan', '--account-role', 'arn:aws:iam::12345:role/x', '--lake', lake]);
  t.equal(bad.status, 1);
  t.match(bad.stderr, /panther: not an IAM role ARN/);
  const types = await runInProcess(scanCommand(), ['--resource-types', 'AWS.Nope', '--account-role', 'arn:aws:iam::123456789012:role/audit', '--lake', lake]);
  t.match(types.error?.message, /unknown resource type\(s\): AWS\.Nope/);
});
