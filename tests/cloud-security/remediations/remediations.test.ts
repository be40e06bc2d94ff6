// Every remediation against its own non-compliant and compliant snapshot: the exact planned
// calls, an empty plan when compliant, apply sending exactly those commands through the real SDK
// v3 clients (aws-sdk-client-mock), and access denied reported in the result, not thrown.
import t from 'tap';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateFlowLogsCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  RevokeSecurityGroupIngressCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateDetectorCommand, GuardDutyClient, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { IAMClient, UpdateAccessKeyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { ModifyDBInstanceCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutBucketAclCommand, PutBucketEncryptionCommand, PutBucketLoggingCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { remediations } from '../../../cloud-security/remediations/index.js';
import type { PlannedCall } from '../../../cloud-security/remediations/types.js';
import type { ResourceSnapshot } from '../../../cloud-security/types.js';
import { awsError } from '../scanners/fixtures/groupA.js';
import { ACCOUNT, ctx, snap } from './fixtures.js';

// The part of an aws-sdk-client-mock stub these tests use, so stubs of different clients fit one table.
interface Stub {
  reset(): void;
  calls(): { args: unknown[] }[];
  commandCalls(command: never): { args: [{ input: unknown }] }[];
  onAnyCommand(): { resolves(out: object): unknown; rejects(err: unknown): unknown };
}
const stub = (m: unknown) => m as Stub;
const mocks: Record<string, Stub> = {
  s3: stub(mockClient(S3Client)),
  cloudtrail: stub(mockClient(CloudTrailClient)),
  ec2: stub(mockClient(EC2Client)),
  iam: stub(mockClient(IAMClient)),
  kms: stub(mockClient(KMSClient)),
  rds: stub(mockClient(RDSClient)),
  dynamodb: stub(mockClient(DynamoDBClient)),
  guardduty: stub(mockClient(GuardDutyClient)),
};
t.beforeEach(() => Object.values(mocks).forEach((m) => m.reset()));

interface Case {
  readonly id: string;
  readonly service: string;
  readonly params?: Record<string, unknown>;
  readonly bad: ResourceSnapshot;
  readonly good: ResourceSnapshot;
  readonly expected: PlannedCall[];
  readonly commands: Record<string, new (input: never) => object>;
}

const bucket = (own: Record<string, unknown>) => snap('AWS.S3.Bucket', 'arn:aws:s3:::logs-bkt', 'logs-bkt', own, 'eu-west-1');
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const OWNER = { ID: 'abc123owner', DisplayName: 'security' };
const OWNER_GRANT = { Grantee: { Type: 'CanonicalUser', ID: 'abc123owner' }, Permission: 'FULL_CONTROL' };
const LOG_DELIVERY_GRANT = { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' };
const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const ctMeta = (multi: string[]) => snap('AWS.CloudTrail.Meta', `${ACCOUNT}::us-east-1::AWS.CloudTrail.Meta`, 'AWS.CloudTrail.Meta', { Trails: multi, MultiRegionTrails: multi, TrailSummaries: [] });
const vpc = (flowLogs: unknown[]) => snap('AWS.EC2.VPC', `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0a1b2c3d`, 'vpc-0a1b2c3d', { VpcId: 'vpc-0a1b2c3d', CidrBlock: '10.0.0.0/16', FlowLogs: flowLogs });
const ami = (isPublic: boolean) => snap('AWS.EC2.AMI', 'arn:aws:ec2:us-east-1::image/ami-0abc1234', 'golden', { ImageId: 'ami-0abc1234', Public: isPublic, State: 'available' });
const instance = (state: string, code: number) =>
  snap('AWS.EC2.Instance', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`, 'web-1', { InstanceId: 'i-0123456789abcdef0', State: { Code: code, Name: state } });
const sg = (perms: unknown[]) =>
  snap('AWS.EC2.SecurityGroup', `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0f00ba11`, 'admin', { GroupId: 'sg-0f00ba11', GroupName: 'admin', IpPermissions: perms, IpPermissionsEgress: [] });
const passwordPolicy = (own: Record<string, unknown>) => snap('AWS.PasswordPolicy', `${ACCOUNT}::AWS.PasswordPolicy`, 'AWS.PasswordPolicy', own, 'global');
const NO_POLICY = {
  MinimumPasswordLength: null, RequireSymbols: null, RequireNumbers: null, RequireUppercaseCharacters: null, RequireLowercaseCharacters: null,
  AllowUsersToChangePassword: null, ExpirePasswords: null, MaxPasswordAge: null, PasswordReusePrevention: null, HardExpiry: null, AnyExist: false,
};
const CIS_POLICY = {
  MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: false, AnyExist: true,
};
const user = (keys: unknown[]) => snap('AWS.IAM.User', `arn:aws:iam::${ACCOUNT}:user/alice`, 'alice', { UserId: 'AIDAEXAMPLE', AccessKeys: keys }, 'global');
const KEY_OLD = { AccessKeyId: 'AKIAOLDKEY000000001', Status: 'Active', CreateDate: '2025-01-01T00:00:00.000Z', LastUsedDate: '2026-01-10T00:00:00.000Z' };
const KEY_USED = { AccessKeyId: 'AKIAUSEDKEY00000002', Status: 'Active', CreateDate: '2025-01-01T00:00:00.000Z', LastUsedDate: '2026-10-20T00:00:00.000Z' };
const KEY_OFF = { AccessKeyId: 'AKIAOFFKEY000000003', Status: 'Inactive', CreateDate: '2024-01-01T00:00:00.000Z', LastUsedDate: null };
const kmsKey = (rotation: boolean) =>
  snap('AWS.KMS.Key', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, 'alias/app', {
    KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', Origin: 'AWS_KMS', KeyRotationEnabled: rotation,
  });
const db = (own: Record<string, unknown>) => snap('AWS.RDS.Instance', `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-db`, 'orders-db', { Engine: 'postgres', PubliclyAccessible: false, AutoMinorVersionUpgrade: true, ...own });
const dbSnap = (values: string[]) =>
  snap('AWS.RDS.Snapshot', `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:orders-2026-11-01`, 'orders-2026-11-01', { DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }] });
const table = (sse: unknown) => snap('AWS.DynamoDB.Table', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, 'orders', { TableStatus: 'ACTIVE', SSEDescription: sse });
const gdMeta = (detectors: string[], enabled: string[] | null) =>
  snap('AWS.GuardDuty.Detector.Meta', `${ACCOUNT}::us-east-1::AWS.GuardDuty.Detector.Meta`, 'AWS.GuardDuty.Detector.Meta', { Detectors: detectors, EnabledDetectors: enabled });

const cases: Case[] = [
  {
    id: 'AWS.S3.BlockBucketPublicAccess', service: 's3', commands: { PutPublicAccessBlock: PutPublicAccessBlockCommand },
    bad: bucket({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false } }),
    good: bucket({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }),
    expected: [{ service: 's3', operation: 'PutPublicAccessBlock', input: { Bucket: 'logs-bkt', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } }],
  },
  {
    id: 'AWS.S3.BlockBucketPublicACL', service: 's3', commands: { PutBucketAcl: PutBucketAclCommand },
    bad: bucket({ Owner: OWNER, Grants: [OWNER_GRANT, { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }, LOG_DELIVERY_GRANT] }),
    good: bucket({ Owner: OWNER, Grants: [OWNER_GRANT, LOG_DELIVERY_GRANT] }),
    expected: [{ service: 's3', operation: 'PutBucketAcl', input: { Bucket: 'logs-bkt', AccessControlPolicy: { Owner: OWNER, Grants: [OWNER_GRANT, LOG_DELIVERY_GRANT] } } }],
  },
  {
    id: 'AWS.S3.EnableBucketEncryption', service: 's3', commands: { PutBucketEncryption: PutBucketEncryptionCommand },
    params: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/s3-data' },
    bad: bucket({ EncryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] }),
    good: bucket({ EncryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/s3-data' }, BucketKeyEnabled: true }] }),
    expected: [{
      service: 's3', operation: 'PutBucketEncryption',
      input: { Bucket: 'logs-bkt', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/s3-data' }, BucketKeyEnabled: true }] } },
    }],
  },
  {
    id: 'AWS.S3.EnableBucketVersioning', service: 's3', commands: { PutBucketVersioning: PutBucketVersioningCommand },
    bad: bucket({ Versioning: 'Suspended' }), good: bucket({ Versioning: 'Enabled' }),
    expected: [{ service: 's3', operation: 'PutBucketVersioning', input: { Bucket: 'logs-bkt', VersioningConfiguration: { Status: 'Enabled' } } }],
  },
  {
    id: 'AWS.S3.EnableBucketLogging', service: 's3', commands: { PutBucketLogging: PutBucketLoggingCommand }, params: { targetBucket: 'access-logs' },
    bad: bucket({ LoggingPolicy: null }), good: bucket({ LoggingPolicy: { TargetBucket: 'access-logs', TargetPrefix: 'other/' } }),
    expected: [{ service: 's3', operation: 'PutBucketLogging', input: { Bucket: 'logs-bkt', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'logs-bkt/' } } } }],
  },
  {
    id: 'AWS.CloudTrail.CreateTrail', service: 'cloudtrail', commands: { CreateTrail: CreateTrailCommand, StartLogging: StartLoggingCommand },
    params: { s3BucketName: 'org-trail-bucket' }, bad: ctMeta([]), good: ctMeta([trailArn]),
    expected: [
      { service: 'cloudtrail', operation: 'CreateTrail', input: { Name: 'panther-remediation-trail', S3BucketName: 'org-trail-bucket', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true } },
      { service: 'cloudtrail', operation: 'StartLogging', input: { Name: 'panther-remediation-trail' } },
    ],
  },
  {
    id: 'AWS.CloudTrail.EnableLogFileValidation', service: 'cloudtrail', commands: { UpdateTrail: UpdateTrailCommand },
    bad: snap('AWS.CloudTrail', trailArn, 'main', { LogFileValidationEnabled: false, IsMultiRegionTrail: true }),
    good: snap('AWS.CloudTrail', trailArn, 'main', { LogFileValidationEnabled: true, IsMultiRegionTrail: true }),
    expected: [{ service: 'cloudtrail', operation: 'UpdateTrail', input: { Name: trailArn, EnableLogFileValidation: true } }],
  },
  {
    id: 'AWS.EC2.EnableVPCFlowLogs', service: 'ec2', commands: { CreateFlowLogs: CreateFlowLogsCommand }, params: { logDestination: 'arn:aws:s3:::flow-logs/vpc' },
    bad: vpc([]), good: vpc([{ FlowLogId: 'fl-01', ResourceId: 'vpc-0a1b2c3d', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL' }]),
    expected: [{ service: 'ec2', operation: 'CreateFlowLogs', input: { ResourceIds: ['vpc-0a1b2c3d'], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::flow-logs/vpc' } }],
  },
  {
    id: 'AWS.EC2.MakeAMIPrivate', service: 'ec2', commands: { ModifyImageAttribute: ModifyImageAttributeCommand }, bad: ami(true), good: ami(false),
    expected: [{ service: 'ec2', operation: 'ModifyImageAttribute', input: { ImageId: 'ami-0abc1234', LaunchPermission: { Remove: [{ Group: 'all' }] } } }],
  },
  {
    id: 'AWS.EC2.StopInstance', service: 'ec2', commands: { StopInstances: StopInstancesCommand }, bad: instance('running', 16), good: instance('stopped', 80),
    expected: [{ service: 'ec2', operation: 'StopInstances', input: { InstanceIds: ['i-0123456789abcdef0'] } }],
  },
  {
    id: 'AWS.EC2.TerminateInstance', service: 'ec2', commands: { TerminateInstances: TerminateInstancesCommand }, bad: instance('stopped', 80), good: instance('terminated', 48),
    expected: [{ service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: ['i-0123456789abcdef0'] } }],
  },
  {
    id: 'AWS.EC2.RevokeWorldOpenAdminIngress', service: 'ec2', commands: { RevokeSecurityGroupIngress: RevokeSecurityGroupIngressCommand },
    bad: sg([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh from anywhere' }, { CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], UserIdGroupPairs: [] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [] },
      { IpProtocol: 'tcp', FromPort: 3000, ToPort: 3400, IpRanges: [], Ipv6Ranges: [{ CidrIpv6: '::/0' }], UserIdGroupPairs: [] },
      { IpProtocol: 'udp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [] },
    ]),
    good: sg([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], UserIdGroupPairs: [] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], UserIdGroupPairs: [] },
    ]),
    expected: [{
      service: 'ec2', operation: 'RevokeSecurityGroupIngress',
      input: {
        GroupId: 'sg-0f00ba11',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: 'tcp', FromPort: 3000, ToPort: 3400, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        ],
      },
    }],
  },
  {
    id: 'AWS.IAM.SetPasswordPolicy', service: 'iam', commands: { UpdateAccountPasswordPolicy: UpdateAccountPasswordPolicyCommand },
    bad: passwordPolicy(NO_POLICY), good: passwordPolicy(CIS_POLICY),
    expected: [{
      service: 'iam', operation: 'UpdateAccountPasswordPolicy',
      input: {
        MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true, HardExpiry: false, MaxPasswordAge: 90, PasswordReusePrevention: 24,
      },
    }],
  },
  {
    id: 'AWS.IAM.DeactivateUnusedAccessKeys', service: 'iam', commands: { UpdateAccessKey: UpdateAccessKeyCommand }, params: { asOf: '2026-11-01T00:00:00Z' },
    bad: user([KEY_OLD, KEY_USED, KEY_OFF]), good: user([KEY_USED, KEY_OFF]),
    expected: [{ service: 'iam', operation: 'UpdateAccessKey', input: { UserName: 'alice', AccessKeyId: 'AKIAOLDKEY000000001', Status: 'Inactive' } }],
  },
  {
    id: 'AWS.KMS.EnableKeyRotation', service: 'kms', commands: { EnableKeyRotation: EnableKeyRotationCommand }, bad: kmsKey(false), good: kmsKey(true),
    expected: [{ service: 'kms', operation: 'EnableKeyRotation', input: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' } }],
  },
  {
    id: 'AWS.RDS.DisableInstancePublicAccess', service: 'rds', commands: { ModifyDBInstance: ModifyDBInstanceCommand },
    bad: db({ PubliclyAccessible: true }), good: db({}),
    expected: [{ service: 'rds', operation: 'ModifyDBInstance', input: { DBInstanceIdentifier: 'orders-db', PubliclyAccessible: false, ApplyImmediately: true } }],
  },
  {
    id: 'AWS.RDS.MakeSnapshotPrivate', service: 'rds', commands: { ModifyDBSnapshotAttribute: ModifyDBSnapshotAttributeCommand },
    bad: dbSnap(['all', '210987654321']), good: dbSnap(['210987654321']),
    expected: [{ service: 'rds', operation: 'ModifyDBSnapshotAttribute', input: { DBSnapshotIdentifier: 'orders-2026-11-01', AttributeName: 'restore', ValuesToRemove: ['all'] } }],
  },
  {
    id: 'AWS.RDS.EnableAutoMinorVersionUpgrade', service: 'rds', commands: { ModifyDBInstance: ModifyDBInstanceCommand }, params: { applyImmediately: false },
    bad: db({ AutoMinorVersionUpgrade: false }), good: db({}),
    expected: [{ service: 'rds', operation: 'ModifyDBInstance', input: { DBInstanceIdentifier: 'orders-db', AutoMinorVersionUpgrade: true, ApplyImmediately: false } }],
  },
  {
    id: 'AWS.DynamoDB.EnableKMSEncryption', service: 'dynamodb', commands: { UpdateTable: UpdateTableCommand },
    bad: table(null), good: table({ Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/aws-dynamodb-key` }),
    expected: [{ service: 'dynamodb', operation: 'UpdateTable', input: { TableName: 'orders', SSESpecification: { Enabled: true, SSEType: 'KMS' } } }],
  },
  {
    id: 'AWS.GuardDuty.Enable', service: 'guardduty', commands: { CreateDetector: CreateDetectorCommand }, bad: gdMeta([], []), good: gdMeta(['d1'], ['d1']),
    expected: [{ service: 'guardduty', operation: 'CreateDetector', input: { Enable: true, FindingPublishingFrequency: 'SIX_HOURS' } }],
  },
  {
    id: 'AWS.GuardDuty.Enable', service: 'guardduty', commands: { UpdateDetector: UpdateDetectorCommand }, bad: gdMeta(['d1', 'd2'], ['d1']), good: gdMeta(['d1', 'd2'], ['d1', 'd2']),
    expected: [{ service: 'guardduty', operation: 'UpdateDetector', input: { DetectorId: 'd2', Enable: true } }],
  },
];

t.test('every remediation of the registry has a case here', async (t) => {
  const covered = new Set(cases.map((c) => c.id));
  t.same([...remediations.keys()].filter((id) => !covered.has(id)), []);
  t.ok(remediations.size >= 19, `${remediations.size} remediations`);
});

for (const [i, c] of cases.entries()) {
  const r = remediations.get(c.id);
  if (!r) throw new Error(`no remediation ${c.id}`);
  const mock = mocks[c.service] as Stub;
  t.test(`${c.id} #${i}`, async (t) => {
    t.same(r.plan(c.bad, c.params), c.expected, 'plan on the non-compliant snapshot');
    t.same(r.plan(c.good, c.params), [], 'plan on the compliant snapshot is empty');

    mock.onAnyCommand().resolves({});
    const applied = await r.apply(ctx, c.bad, c.params);
    t.equal(applied.status, 'applied');
    t.equal(applied.calls.length, c.expected.length);
    t.equal(mock.calls().length, c.expected.length, 'no other call was sent');
    for (const [op, Ctor] of Object.entries(c.commands)) {
      const sent = mock.commandCalls(Ctor as never).map((x) => x.args[0].input);
      t.same(sent, c.expected.filter((e) => e.operation === op).map((e) => e.input), `${op} inputs`);
    }
    // Calls are sent in the planned order.
    t.same(mock.calls().map((x) => (x.args[0] as object).constructor.name), c.expected.map((e) => `${e.operation}Command`));

    mock.reset();
    const compliant = await r.apply(ctx, c.good, c.params);
    t.equal(compliant.status, 'already-compliant');
    t.equal(mock.calls().length, 0, 'nothing sent for a compliant resource');

    mock.reset();
    mock.onAnyCommand().rejects(awsError('AccessDenied', `User: arn:aws:sts::${ACCOUNT}:assumed-role/PantherRemediationRole/x is not authorized`, { status: 403 }));
    const denied = await r.apply(ctx, c.bad, c.params);
    t.equal(denied.status, 'failed');
    t.equal(denied.calls.length, 1, 'stops at the first failed call');
    t.equal(denied.calls[0]?.ok, false);
    t.equal(denied.calls[0]?.errorKind, 'access-denied');
    t.match(denied.calls[0]?.error, /^AccessDenied: User: .* is not authorized/);
    t.same(denied.skipped, c.expected.slice(1));
  });
}
