// The dry run text, the read step of access keys, partial failures, parameters, and the
// edge cases of individual plans.
import t from 'tap';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { dryRun, remediations, remediationsFor } from '../../../cloud-security/remediations/index.js';
import type { Remediation } from '../../../cloud-security/remediations/types.js';
import { awsError } from '../scanners/fixtures/groupA.js';
import { ACCOUNT, ctx, snap } from './fixtures.js';

const get = (id: string): Remediation => {
  const r = remediations.get(id);
  if (!r) throw new Error(`no remediation ${id}`);
  return r;
};
const s3 = mockClient(S3Client);
const ct = mockClient(CloudTrailClient);
const iam = mockClient(IAMClient);
t.beforeEach(() => {
  s3.reset();
  ct.reset();
  iam.reset();
});

const bucket = snap('AWS.S3.Bucket', 'arn:aws:s3:::x', 'x', { PublicAccessBlockConfiguration: null, Versioning: null }, 'eu-west-1');

t.test('dry run prints the exact calls, one per line, and nothing when compliant', async (t) => {
  t.equal(
    dryRun(get('AWS.S3.BlockBucketPublicAccess'), bucket),
    's3:PutPublicAccessBlock {"Bucket":"x","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}',
  );
  const meta = snap('AWS.CloudTrail.Meta', `${ACCOUNT}::us-east-1::AWS.CloudTrail.Meta`, 'AWS.CloudTrail.Meta', { MultiRegionTrails: [] });
  t.equal(
    dryRun(get('AWS.CloudTrail.CreateTrail'), meta, { s3BucketName: 'trail-bkt', trailName: 'org' }),
    'cloudtrail:CreateTrail {"Name":"org","S3BucketName":"trail-bkt","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true,"EnableLogFileValidation":true}\n' +
      'cloudtrail:StartLogging {"Name":"org"}',
  );
  t.equal(dryRun(get('AWS.S3.EnableBucketVersioning'), { ...bucket, Versioning: 'Enabled' }), '');
});

t.test('calls go to the resource region with the context credentials', async (t) => {
  s3.on(PutPublicAccessBlockCommand).resolves({});
  const out = await get('AWS.S3.BlockBucketPublicAccess').apply(ctx, bucket);
  t.equal(out.status, 'applied');
  const client = s3.commandCalls(PutPublicAccessBlockCommand)[0]?.thisValue as S3Client;
  t.equal(await client.config.region(), 'eu-west-1');
  t.equal((await client.config.credentials()).accessKeyId, 'AKIATEST');
});

t.test('a later call failing is reported with the earlier one applied', async (t) => {
  ct.on(CreateTrailCommand).resolves({ Name: 'panther-remediation-trail' });
  ct.on(StartLoggingCommand).rejects(awsError('TrailNotFoundException', 'Unknown trail'));
  const meta = snap('AWS.CloudTrail.Meta', `${ACCOUNT}::us-east-1::AWS.CloudTrail.Meta`, 'AWS.CloudTrail.Meta', { MultiRegionTrails: [] });
  const out = await get('AWS.CloudTrail.CreateTrail').apply(ctx, meta, { s3BucketName: 'trail-bkt' });
  t.equal(out.status, 'failed');
  t.same(out.calls.map((c) => [c.call.operation, c.ok, c.errorKind ?? null]), [['CreateTrail', true, null], ['StartLogging', false, 'error']]);
  t.equal(out.calls[1]?.error, 'TrailNotFoundException: Unknown trail');
});

t.test('invalid parameters and a wrong resource type fail before anything is sent', async (t) => {
  const logging = get('AWS.S3.EnableBucketLogging');
  t.throws(() => logging.plan(bucket, {}), /targetBucket/);
  const out = await logging.apply(ctx, bucket, { targetBucket: 1 });
  t.equal(out.status, 'failed');
  t.match(out.error, /targetBucket/);
  t.equal(s3.calls().length, 0);
  const flow = get('AWS.EC2.EnableVPCFlowLogs');
  t.throws(() => flow.plan(snap('AWS.EC2.VPC', 'arn:aws:ec2:us-east-1:1:vpc/vpc-1', 'vpc-1', { VpcId: 'vpc-1', FlowLogs: [] }), { logDestinationType: 'cloud-watch-logs', logDestination: 'arn:aws:logs:us-east-1:1:log-group:fl' }), /deliverLogsPermissionArn/);
  const wrong = await get('AWS.KMS.EnableKeyRotation').apply(ctx, bucket);
  t.equal(wrong.status, 'failed');
  t.match(wrong.error, /applies to AWS\.KMS\.Key, not AWS\.S3\.Bucket/);
});

t.test('access keys: ids and last use are read, then only unused active keys are deactivated', async (t) => {
  iam.on(ListAccessKeysCommand, { UserName: 'bob' }).resolves({
    AccessKeyMetadata: [
      { UserName: 'bob', AccessKeyId: 'AKIANEVERUSED000001', Status: 'Active', CreateDate: new Date('2026-01-05T00:00:00Z') },
      { UserName: 'bob', AccessKeyId: 'AKIARECENT000000002', Status: 'Active', CreateDate: new Date('2025-03-01T00:00:00Z') },
    ],
    IsTruncated: false,
  });
  iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIANEVERUSED000001' }).resolves({ UserName: 'bob', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
  iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIARECENT000000002' }).resolves({ UserName: 'bob', AccessKeyLastUsed: { LastUsedDate: new Date('2026-10-30T00:00:00Z'), ServiceName: 's3', Region: 'us-east-1' } });
  iam.on(UpdateAccessKeyCommand).resolves({});
  const r = get('AWS.IAM.DeactivateUnusedAccessKeys');
  const user = snap('AWS.IAM.User', `arn:aws:iam::${ACCOUNT}:user/bob`, 'bob', { CredentialReport: null }, 'global');
  // Without the read step the plan cannot name keys: it says so instead of claiming compliance.
  t.throws(() => r.plan(user), /needs the AccessKeys field/);
  const prepared = await r.prepare?.(ctx, user);
  t.same(prepared?.AccessKeys, [
    { AccessKeyId: 'AKIANEVERUSED000001', Status: 'Active', CreateDate: '2026-01-05T00:00:00.000Z', LastUsedDate: null },
    { AccessKeyId: 'AKIARECENT000000002', Status: 'Active', CreateDate: '2025-03-01T00:00:00.000Z', LastUsedDate: '2026-10-30T00:00:00.000Z' },
  ]);
  const out = await r.apply(ctx, user, { asOf: '2026-11-01T00:00:00Z', maxUnusedDays: 90 });
  t.equal(out.status, 'applied');
  t.same(iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input), [{ UserName: 'bob', AccessKeyId: 'AKIANEVERUSED000001', Status: 'Inactive' }]);
  const client = iam.commandCalls(UpdateAccessKeyCommand)[0]?.thisValue as IAMClient;
  t.equal(await client.config.region(), 'us-east-1', 'a global resource uses the context region');

  iam.reset();
  iam.on(ListAccessKeysCommand).rejects(awsError('AccessDenied', 'not authorized to perform: iam:ListAccessKeys', { status: 403 }));
  const denied = await r.apply(ctx, user);
  t.equal(denied.status, 'failed');
  t.match(denied.error, /^AccessDenied: not authorized/);
  t.equal(iam.commandCalls(UpdateAccessKeyCommand).length, 0);
});

t.test('password policy keeps stricter settings and fills in weaker ones', async (t) => {
  const r = get('AWS.IAM.SetPasswordPolicy');
  const current = snap('AWS.PasswordPolicy', `${ACCOUNT}::AWS.PasswordPolicy`, 'AWS.PasswordPolicy', {
    MinimumPasswordLength: 20, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 30, PasswordReusePrevention: 5, HardExpiry: true, AnyExist: true,
  }, 'global');
  t.same(r.plan(current), [{
    service: 'iam', operation: 'UpdateAccountPasswordPolicy',
    input: {
      MinimumPasswordLength: 20, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true, HardExpiry: true, MaxPasswordAge: 30, PasswordReusePrevention: 24,
    },
  }]);
  // Looser requirements than the current policy: nothing to do.
  t.same(r.plan(current, { requireSymbols: false, passwordReusePrevention: 5, maxPasswordAge: null }), []);
});

t.test('a public ACL without a known owner falls back to the private canned ACL', async (t) => {
  const acl = snap('AWS.S3.Bucket', 'arn:aws:s3:::y', 'y', { Owner: null, Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'READ' }] });
  t.equal(dryRun(get('AWS.S3.BlockBucketPublicACL'), acl), 's3:PutBucketAcl {"Bucket":"y","ACL":"private"}');
});

t.test('unknown state plans nothing rather than guessing', async (t) => {
  t.same(get('AWS.EC2.EnableVPCFlowLogs').plan(snap('AWS.EC2.VPC', 'arn:aws:ec2:us-east-1:1:vpc/vpc-1', 'vpc-1', { VpcId: 'vpc-1', FlowLogs: null }), { logDestination: 'arn:aws:s3:::fl' }), []);
  t.same(get('AWS.KMS.EnableKeyRotation').plan(snap('AWS.KMS.Key', 'arn:aws:kms:us-east-1:1:key/k', null, { KeyId: 'k', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', KeyRotationEnabled: null })), []);
  // AWS managed and asymmetric keys cannot be rotated by the account.
  t.same(get('AWS.KMS.EnableKeyRotation').plan(snap('AWS.KMS.Key', 'arn:aws:kms:us-east-1:1:key/k', null, { KeyId: 'k', KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', KeyRotationEnabled: false })), []);
  t.same(get('AWS.GuardDuty.Enable').plan(snap('AWS.GuardDuty.Detector.Meta', 'm', null, { Detectors: ['d1'], EnabledDetectors: null })), []);
});

t.test('world-open ingress: all-traffic rules and port ranges count, other protocols do not', async (t) => {
  const r = get('AWS.EC2.RevokeWorldOpenAdminIngress');
  const group = snap('AWS.EC2.SecurityGroup', 'arn:aws:ec2:us-east-1:1:security-group/sg-1', 'g', {
    GroupId: 'sg-1',
    IpPermissions: [
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ],
  });
  t.same(r.plan(group), [{ service: 'ec2', operation: 'RevokeSecurityGroupIngress', input: { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] } }]);
  // A configurable port list: PostgreSQL counts as an admin port here.
  t.equal(r.plan(group, { ports: [5432] }).flatMap((c) => c.input.IpPermissions as unknown[]).length, 2);
});

t.test('registry: unique ids, defaults parse, lookup by resource type', async (t) => {
  t.equal(new Set([...remediations.values()].map((r) => r.id)).size, remediations.size);
  t.same(remediationsFor('AWS.RDS.Instance').map((r) => r.id).sort(), ['AWS.RDS.DisableInstancePublicAccess', 'AWS.RDS.EnableAutoMinorVersionUpgrade']);
  t.same(get('AWS.EC2.RevokeWorldOpenAdminIngress').parameters.parse({}), { ports: [22, 3389] });
  t.same(get('AWS.IAM.SetPasswordPolicy').parameters.parse({}), {
    minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true,
    allowUsersToChangePassword: true, maxPasswordAge: 90, passwordReusePrevention: 24, hardExpiry: false,
  });
});
