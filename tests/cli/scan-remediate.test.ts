// `panther scan --auto-remediate`: the new failures of the named policies are remediated, as dry
// runs printed exactly as `panther remediate --dry-run` prints them, or applied with the scan's
// credentials or the remediation role given (assumed with the ExternalId); a summary line counts them.
// AWS is aws-sdk-client-mock (STS, IAM): an account without a password policy.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAccountPasswordPolicyCommand, IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { remediateCommand } from '../../cli/commands/remediate.js';
import { remediationsText, scanCommand } from '../../cli/commands/scan.js';
import { runInProcess } from '../cloud-security/fixtures/cli.js';

const ACCOUNT = '123456789012';
const AUDIT = `arn:aws:iam::${ACCOUNT}:role/PantherAuditRole`;
const FIXER = `arn:aws:iam::${ACCOUNT}:role/PantherRemediationRole`;
const RESOURCE = `${ACCOUNT}::AWS.PasswordPolicy`;
const CALL = 'iam:UpdateAccountPasswordPolicy {"MinimumPasswordLength":14,"RequireSymbols":true,"RequireNumbers":true,"RequireUppercaseCharacters":true,"RequireLowercaseCharacters":true,"AllowUsersToChangePassword":true,"HardExpiry":false,"MaxPasswordAge":90,"PasswordReusePrevention":24}';

type Config = { credentials: () => Promise<{ accessKeyId: string }>; region: () => Promise<string> };

function setup(t: Test) {
  const lake = mkdtempSync(join(tmpdir(), 'panther-scan-remediate-'));
  t.teardown(() => rmSync(lake, { recursive: true, force: true }));
  const sts = mockClient(STSClient);
  const iam = mockClient(IAMClient);
  t.teardown(() => (sts.restore(), iam.restore()));
  const creds = (key: string) => ({ Credentials: { AccessKeyId: key, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) } });
  sts.on(AssumeRoleCommand, { RoleArn: AUDIT }).resolves(creds('ASIAAUDIT'));
  sts.on(AssumeRoleCommand, { RoleArn: FIXER }).resolves(creds('ASIAFIXER'));
  // The mock answers before signing: the credentials are resolved here as signing would.
  iam.on(GetAccountPasswordPolicyCommand).callsFake(async (_input: unknown, getClient: () => { config: Config }) => {
    await getClient().config.credentials();
    throw Object.assign(new Error('The Password Policy with domain name 123456789012 cannot be found.'), { name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
  });
  const sent: Array<{ input: unknown; key: string; region: string }> = [];
  iam.on(UpdateAccountPasswordPolicyCommand).callsFake(async (input: unknown, getClient: () => { config: Config }) => {
    const c = getClient().config;
    sent.push({ input, key: (await c.credentials()).accessKeyId, region: await c.region() });
    return {};
  });
  const args = ['--role-arn', AUDIT, '--external-id', 'ext-1234', '--regions', 'us-east-1', '--resource-types', 'AWS.PasswordPolicy', '--lake', lake];
  return { lake, sts, iam, sent, args };
}

t.test('dry run: each planned call printed as `panther remediate --dry-run` does, nothing sent', async (t) => {
  const { lake, sts, sent, args } = setup(t);
  const r = await runInProcess(scanCommand(), [...args, '--auto-remediate', 'AWS.PasswordPolicy.MinimumLength, AWS.PasswordPolicy.Complexity']);
  t.equal(r.error, undefined);
  t.match(r.stdout, /^Scanned 1 resource\(s\) of 1 type\(s\) in 1 account\(s\)\.$/m);
  const tail = r.stdout.slice(r.stdout.indexOf('Dry run of'));
  t.equal(
    tail,
    `Dry run of AWS.IAM.SetPasswordPolicy on ${RESOURCE}: would send, in order:\n  ${CALL}\n` +
      `Dry run of AWS.IAM.SetPasswordPolicy on ${RESOURCE}: would send, in order:\n  ${CALL}\n` +
      'Remediations: 2 planned, 0 applied, 0 failed (dry run: nothing was sent; add --apply-remediations to send these calls).\n',
  );
  t.same(sent, []);
  t.same(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn), [AUDIT]);

  // The same lines as `panther remediate --dry-run` on the resource the scan saved.
  const one = await runInProcess(remediateCommand(), ['--lake', lake, '--policy', 'AWS.PasswordPolicy.MinimumLength', '--resource', RESOURCE, '--dry-run']);
  t.equal(one.error, undefined);
  t.equal(one.stdout.split('\n').slice(0, 2).join('\n'), tail.split('\n').slice(0, 2).join('\n'));

  // A second scan: the failures are known, nothing new to remediate.
  const again = await runInProcess(scanCommand(), [...args, '--auto-remediate', 'AWS.PasswordPolicy.MinimumLength']);
  t.match(again.stdout, /\nRemediations: 0 planned, 0 applied, 0 failed \(dry run\)\.\n$/);
});

t.test('--json carries the remediation results', async (t) => {
  const { args } = setup(t);
  const r = await runInProcess(scanCommand(), [...args, '--auto-remediate', 'AWS.PasswordPolicy.MinimumLength', '--json']);
  const out = JSON.parse(r.stdout) as { remediations: unknown[]; resources: number };
  t.equal(out.resources, 1);
  t.match(out.remediations, [{ policyId: 'AWS.PasswordPolicy.MinimumLength', resourceId: RESOURCE, remediationId: 'AWS.IAM.SetPasswordPolicy', dryRun: true, applied: false, calls: [{ service: 'iam', operation: 'UpdateAccountPasswordPolicy' }] }]);
});

t.test('--apply-remediations with --remediation-role-arn: the role assumed with the ExternalId, the call sent with it', async (t) => {
  const { sts, sent, args } = setup(t);
  const r = await runInProcess(scanCommand(), [...args, '--auto-remediate', 'AWS.PasswordPolicy.MinimumLength', '--apply-remediations', '--remediation-role-arn', FIXER]);
  t.equal(r.error, undefined);
  t.equal(r.stdout.slice(r.stdout.indexOf('AWS.IAM.SetPasswordPolicy on')), `AWS.IAM.SetPasswordPolicy on ${RESOURCE}: applied\n  sent ${CALL}\nRemediations: 1 planned, 1 applied, 0 failed.\n`);
  t.same(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input), [
    { RoleArn: AUDIT, RoleSessionName: 'panther-cli-scan', ExternalId: 'ext-1234', DurationSeconds: 3600 },
    { RoleArn: FIXER, RoleSessionName: 'panther-cli-remediate', ExternalId: 'ext-1234', DurationSeconds: 3600 },
  ]);
  t.equal(sent.length, 1);
  t.match(sent[0], { key: 'ASIAFIXER', region: 'us-east-1', input: { MinimumPasswordLength: 14, PasswordReusePrevention: 24 } });
});

t.test('--apply-remediations alone: the scan\'s own credentials; a refused call fails the command', async (t) => {
  const { iam, sts, sent, args } = setup(t);
  const r = await runInProcess(scanCommand(), [...args, '--auto-remediate', 'AWS.PasswordPolicy.MinimumLength', '--apply-remediations']);
  t.equal(r.error, undefined);
  t.same(sent.map((s) => s.key), ['ASIAAUDIT']);
  t.same(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn), [AUDIT], 'no other role');
  t.match(r.stdout, /\nRemediations: 1 planned, 1 applied, 0 failed\.\n$/);

  const { args: args2 } = setup(t);
  iam.restore();
  const denied = mockClient(IAMClient);
  t.teardown(() => denied.restore());
  denied.on(GetAccountPasswordPolicyCommand).rejects(Object.assign(new Error('no policy'), { name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } }));
  denied.on(UpdateAccountPasswordPolicyCommand).rejects(Object.assign(new Error('not authorized to perform iam:UpdateAccountPasswordPolicy'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
  const before = process.exitCode;
  t.teardown(() => void (process.exitCode = before));
  const f = await runInProcess(scanCommand(), [...args2, '--auto-remediate', 'AWS.PasswordPolicy.MinimumLength', '--apply-remediations']);
  t.equal(f.error, undefined);
  t.match(f.stdout, `AWS.IAM.SetPasswordPolicy on ${RESOURCE}: failed (AccessDenied: not authorized to perform iam:UpdateAccountPasswordPolicy)\n  FAILED ${CALL} -> AccessDenied: not authorized to perform iam:UpdateAccountPasswordPolicy\nRemediations: 1 planned, 0 applied, 1 failed.\n`);
  t.equal(process.exitCode, 1);
  process.exitCode = before;
});

t.test('the formatter: an already compliant resource, a plan error, a call not sent', async (t) => {
  t.equal(remediationsText([{ policyId: 'P', resourceId: 'R', remediationId: 'X', calls: [], applied: false, dryRun: true }], false), 'Dry run of X on R: already compliant, nothing to send.\nRemediations: 0 planned, 0 applied, 0 failed (dry run: nothing was sent; add --apply-remediations to send these calls).\n');
  t.equal(remediationsText([{ policyId: 'P', resourceId: 'R', remediationId: 'X', calls: [], applied: false, dryRun: true, error: 'targetBucket: required' }], false).split('\n')[0], 'Dry run of X on R: cannot plan: targetBucket: required');
  const call = { service: 's3', operation: 'PutBucketLogging', input: { Bucket: 'b' } };
  t.equal(
    remediationsText([{ policyId: 'P', resourceId: 'R', remediationId: 'X', calls: [{ ...call, ok: false, error: 'Boom: no' }, { ...call, ok: false, error: 'not sent: an earlier call failed' }], applied: false, dryRun: false, error: 'Boom: no' }], true),
    'X on R: failed (Boom: no)\n  FAILED s3:PutBucketLogging {"Bucket":"b"} -> Boom: no\n  not sent s3:PutBucketLogging {"Bucket":"b"}\nRemediations: 1 planned, 0 applied, 1 failed.\n',
  );
});

t.test('argument errors: nothing is scanned', async (t) => {
  const { sts, args } = setup(t);
  const err = async (extra: string[], base = args) => (await runInProcess(scanCommand(), [...base, ...extra])).error?.message;
  t.equal(await err(['--apply-remediations']), '--apply-remediations needs --auto-remediate <policyIds>');
  t.equal(await err(['--auto-remediate', 'AWS.PasswordPolicy.MinimumLength', '--remediation-role-arn', FIXER]), '--remediation-role-arn is for --apply-remediations');
  t.match(await err(['--auto-remediate', 'AWS.PasswordPolicy.MinimumLength,,X']), /^--auto-remediate: an empty policy id/);
  t.equal(await err(['--auto-remediate', 'AWS.PasswordPolicy.MinimumLength,AWS.Nope']), '--auto-remediate: unknown policy id(s): AWS.Nope');
  t.equal(await err(['--auto-remediate', 'AWS.SQS.Queue.Encrypted']), '--auto-remediate: no remediation for AWS.SQS.Queue.Encrypted');
  t.match(await err(['--fixture', '--auto-remediate', 'AWS.S3.Bucket.Versioning'], ['--lake', args.at(-1) as string]), /^--auto-remediate needs an AWS scan \(not --fixture\)/);
  t.match(await err(['--org-role-name', 'PantherAuditRole', '--auto-remediate', 'AWS.PasswordPolicy.MinimumLength', '--apply-remediations'], ['--lake', args.at(-1) as string]), /^--apply-remediations with --org-role-name/);
  t.equal(await err(['--auto-remediate', 'AWS.PasswordPolicy.MinimumLength', '--apply-remediations', '--remediation-role-arn', 'arn:aws:iam::210987654321:role/PantherRemediationRole']), `--remediation-role-arn is in account 210987654321, the scan is of ${ACCOUNT}`);
  t.equal(sts.commandCalls(AssumeRoleCommand).length, 0);
});
