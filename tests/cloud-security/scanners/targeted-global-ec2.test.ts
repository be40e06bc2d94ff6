// Targeted scans (rescans) of the IAM, EC2, WAF Classic and Config scanners: only the resources
// named are detailed and yielded, and the one-per-account types ignore the names.
import t from 'tap';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import {
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetRuleCommand, GetWebACLCommand, ListTagsForResourceCommand, ListWebACLsCommand, WAFClient } from '@aws-sdk/client-waf';
import * as R from '@aws-sdk/client-waf-regional';
import { mockClient } from 'aws-sdk-client-mock';
import { configRecorderScanner } from '../../../cloud-security/scanners/config.js';
import {
  ec2AmiScanner,
  ec2InstanceScanner,
  ec2NetworkAclScanner,
  ec2SecurityGroupScanner,
  ec2SnapshotScanner,
  ec2VolumeScanner,
  ec2VpcScanner,
} from '../../../cloud-security/scanners/ec2.js';
import { guardDutyDetectorMetaScanner } from '../../../cloud-security/scanners/guardduty.js';
import { iamGroupScanner, iamPolicyScanner, iamRoleScanner, iamUserScannerWith, passwordPolicyScanner } from '../../../cloud-security/scanners/iam.js';
import { wafRegionalWebAclScanner, wafWebAclScanner } from '../../../cloud-security/scanners/waf.js';
import { checkTargeted, inputsOf, scanWith } from './fixtures/targeted.js';

const ACCT = '123456789012';
const both = ['alpha', 'bravo'] as const;
const CREATED = new Date('2024-05-06T07:08:09Z');

const iam = mockClient(IAMClient);
const ec2 = mockClient(EC2Client);
const waf = mockClient(WAFClient);
// client-waf-regional pins an older @smithy/types than aws-sdk-client-mock's typings expect: the
// runtime classes are the same kind, only the declared types differ, hence the cast.
const regional = mockClient(R.WAFRegionalClient as unknown as typeof WAFClient);
const config = mockClient(ConfigServiceClient);
const gd = mockClient(GuardDutyClient);
t.teardown(() => {
  for (const s of [iam, ec2, waf, regional, config, gd]) s.restore();
});

t.test('AWS.IAM.User: detail calls for the named user only; the account-wide report once', async (t) => {
  const arn = (n: string) => `arn:aws:iam::${ACCT}:user/${n}-user`;
  const report = [
    'user,arn,user_creation_time,password_enabled,mfa_active',
    `<root_account>,arn:aws:iam::${ACCT}:root,2020-01-01T00:00:00+00:00,not_supported,true`,
    ...both.map((n) => `${n}-user,${arn(n)},2024-05-06T07:08:09+00:00,true,false`),
  ].join('\n');
  const users = both.map((n) => ({ UserName: `${n}-user`, Arn: arn(n), UserId: `AIDA${n.toUpperCase()}EXAMPLE`, Path: '/', CreateDate: CREATED }));
  await checkTargeted(t, {
    scanner: iamUserScannerWith({ attempts: 1, delayMs: 0 }),
    stubs: [iam],
    setup: () => {
      iam.on(ListUsersCommand).resolves({ Users: users, IsTruncated: false });
      iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
      iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(report) });
      iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
      iam.on(GetUserCommand).callsFake((i: { UserName?: string }) => ({ User: { ...users.find((u) => u.UserName === i.UserName), Tags: [{ Key: 'team', Value: 'sec' }] } }));
      iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
      iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: false });
      iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
      iam.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
    },
    details: {
      GetUser: { inputs: inputsOf(iam, GetUserCommand) },
      ListUserPolicies: { inputs: inputsOf(iam, ListUserPoliciesCommand) },
      ListAttachedUserPolicies: { inputs: inputsOf(iam, ListAttachedUserPoliciesCommand) },
      ListGroupsForUser: { inputs: inputsOf(iam, ListGroupsForUserCommand) },
      ListMFADevices: { inputs: inputsOf(iam, ListMFADevicesCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-user'],
    marks: ['alpha', 'bravo'],
  });
  // A targeted scan naming no user skips the credential report too.
  iam.reset();
  iam.on(ListUsersCommand).resolves({ Users: users, IsTruncated: false });
  const none = await scanWith(iamUserScannerWith({ attempts: 1, delayMs: 0 }), ['carol-user']);
  t.same(none.items, []);
  t.equal(iam.commandCalls(GenerateCredentialReportCommand).length, 0);
  t.equal(iam.commandCalls(ListVirtualMFADevicesCommand).length, 0);
});

t.test('AWS.IAM.Role', async (t) => {
  const arn = (n: string) => `arn:aws:iam::${ACCT}:role/${n}-role`;
  const roles = both.map((n) => ({ RoleName: `${n}-role`, Arn: arn(n), RoleId: `AROA${n.toUpperCase()}EXAMPLE`, Path: '/', CreateDate: CREATED }));
  await checkTargeted(t, {
    scanner: iamRoleScanner,
    stubs: [iam],
    setup: () => {
      iam.on(ListRolesCommand).resolves({ Roles: roles, IsTruncated: false });
      iam.on(GetRoleCommand).callsFake((i: { RoleName?: string }) => ({ Role: { ...roles.find((r) => r.RoleName === i.RoleName), MaxSessionDuration: 3600 } }));
      iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
      iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    },
    details: {
      GetRole: { inputs: inputsOf(iam, GetRoleCommand) },
      ListRolePolicies: { inputs: inputsOf(iam, ListRolePoliciesCommand) },
      ListAttachedRolePolicies: { inputs: inputsOf(iam, ListAttachedRolePoliciesCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-role'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.IAM.Group', async (t) => {
  const arn = (n: string) => `arn:aws:iam::${ACCT}:group/${n}-group`;
  const groups = both.map((n) => ({ GroupName: `${n}-group`, Arn: arn(n), GroupId: `AGPA${n.toUpperCase()}EXAMPLE`, Path: '/', CreateDate: CREATED }));
  await checkTargeted(t, {
    scanner: iamGroupScanner,
    stubs: [iam],
    setup: () => {
      iam.on(ListGroupsCommand).resolves({ Groups: groups, IsTruncated: false });
      iam.on(GetGroupCommand).callsFake((i: { GroupName?: string }) => ({ Group: groups.find((g) => g.GroupName === i.GroupName), Users: [], IsTruncated: false }));
      iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
      iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    },
    details: {
      GetGroup: { inputs: inputsOf(iam, GetGroupCommand) },
      ListGroupPolicies: { inputs: inputsOf(iam, ListGroupPoliciesCommand) },
      ListAttachedGroupPolicies: { inputs: inputsOf(iam, ListAttachedGroupPoliciesCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-group'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.IAM.Policy: a customer-managed one, and an AWS-managed one (account-qualified id)', async (t) => {
  const local = `arn:aws:iam::${ACCT}:policy/alpha-policy`;
  const managed = 'arn:aws:iam::aws:policy/BravoAccess';
  const policy = (arn: string, name: string) => ({ PolicyName: name, Arn: arn, PolicyId: `ANPA${name.toUpperCase()}`, DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true, CreateDate: CREATED });
  const setup = () => {
    iam.on(ListPoliciesCommand).callsFake((i: { Scope?: string }) => ({
      Policies: i.Scope === 'Local' ? [policy(local, 'alpha-policy')] : [policy(managed, 'BravoAccess')],
      IsTruncated: false,
    }));
    iam.on(GetPolicyCommand).callsFake((i: { PolicyArn?: string }) => ({ Policy: { Arn: i.PolicyArn, Description: 'd' } }));
    iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'), VersionId: 'v1', IsDefaultVersion: true } });
    iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyGroups: [], PolicyRoles: [], PolicyUsers: [], IsTruncated: false });
  };
  const details = {
    GetPolicy: { inputs: inputsOf(iam, GetPolicyCommand) },
    GetPolicyVersion: { inputs: inputsOf(iam, GetPolicyVersionCommand) },
    ListEntitiesForPolicy: { inputs: inputsOf(iam, ListEntitiesForPolicyCommand) },
  };
  const managedId = `${ACCT}::${managed}`;
  await t.test('customer-managed', (t) =>
    checkTargeted(t, { scanner: iamPolicyScanner, stubs: [iam], setup, details, ids: [local, managedId], keys: [local, 'alpha-policy'], marks: ['alpha-policy', 'BravoAccess'] }),
  );
  await t.test('AWS-managed', (t) =>
    checkTargeted(t, { scanner: iamPolicyScanner, stubs: [iam], setup, details, ids: [managedId, local], keys: [managed, managedId, 'BravoAccess'], marks: ['BravoAccess', 'alpha-policy'] }),
  );
});

t.test('AWS.EC2.Snapshot: the permission read for the named snapshot only', async (t) => {
  const id = (n: string) => (n === 'alpha' ? 'snap-0aaaaaaaaaaaaaaa1' : 'snap-0bbbbbbbbbbbbbbb2');
  const arn = (n: string) => `arn:aws:ec2:us-east-1::snapshot/${id(n)}`;
  await checkTargeted(t, {
    scanner: ec2SnapshotScanner,
    stubs: [ec2],
    setup: () => {
      ec2.on(DescribeSnapshotsCommand).resolves({
        Snapshots: both.map((n) => ({ SnapshotId: id(n), VolumeId: 'vol-0123456789abcdef0', State: 'completed' as const, StartTime: CREATED, OwnerId: ACCT, Encrypted: true, Tags: [{ Key: 'Name', Value: `${n}-backup` }] })),
      });
      ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [{ UserId: '210987654321' }] });
    },
    details: { DescribeSnapshotAttribute: { inputs: inputsOf(ec2, DescribeSnapshotAttributeCommand) } },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-backup', id('alpha')],
    marks: [id('alpha'), id('bravo')],
  });
});

t.test('AWS.EC2.VPC: the named VPC with its flow logs; none named, no flow-log listing', async (t) => {
  const id = (n: string) => (n === 'alpha' ? 'vpc-0aaaaaaaaaaaaaaa1' : 'vpc-0bbbbbbbbbbbbbbb2');
  const arn = (n: string) => `arn:aws:ec2:us-east-1:${ACCT}:vpc/${id(n)}`;
  const setup = () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: both.map((n) => ({ VpcId: id(n), CidrBlock: '10.0.0.0/16', IsDefault: false, Tags: [{ Key: 'Name', Value: `${n}-vpc` }] })) });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: both.map((n) => ({ FlowLogId: `fl-${n}`, ResourceId: id(n), TrafficType: 'ALL' as const, FlowLogStatus: 'ACTIVE' })) });
  };
  await checkTargeted(t, { scanner: ec2VpcScanner, stubs: [ec2], setup, details: {}, ids: [arn('alpha'), arn('bravo')], keys: [arn('alpha'), 'alpha-vpc', id('alpha')], marks: ['alpha', 'bravo'] });
  ec2.reset();
  setup();
  const r = await scanWith(ec2VpcScanner, ['vpc-0ccccccccccccccc3']);
  t.same(r.items, []);
  t.equal(ec2.commandCalls(DescribeFlowLogsCommand).length, 0);
});

t.test('EC2 types without detail calls yield only the named resources', async (t) => {
  const cases = [
    {
      scanner: ec2InstanceScanner,
      setup: () => ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: both.map((n) => ({ InstanceId: `i-0${n[0]?.repeat(15)}1`, LaunchTime: CREATED, Tags: [{ Key: 'Name', Value: `${n}-web` }] })) }] }),
      arn: `arn:aws:ec2:us-east-1:${ACCT}:instance/i-0aaaaaaaaaaaaaaa1`,
      keys: ['alpha-web', 'i-0aaaaaaaaaaaaaaa1'],
      other: `arn:aws:ec2:us-east-1:${ACCT}:instance/i-0bbbbbbbbbbbbbbb1`,
    },
    {
      scanner: ec2SecurityGroupScanner,
      setup: () =>
        ec2.on(DescribeSecurityGroupsCommand).resolves({
          SecurityGroups: both.map((n) => ({ GroupId: `sg-0${n[0]?.repeat(15)}1`, GroupName: `${n}-sg`, SecurityGroupArn: `arn:aws:ec2:us-east-1:${ACCT}:security-group/sg-0${n[0]?.repeat(15)}1`, IpPermissions: [] })),
        }),
      arn: `arn:aws:ec2:us-east-1:${ACCT}:security-group/sg-0aaaaaaaaaaaaaaa1`,
      keys: ['alpha-sg', 'sg-0aaaaaaaaaaaaaaa1'],
      other: `arn:aws:ec2:us-east-1:${ACCT}:security-group/sg-0bbbbbbbbbbbbbbb1`,
    },
    {
      scanner: ec2NetworkAclScanner,
      setup: () => ec2.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: both.map((n) => ({ NetworkAclId: `acl-0${n[0]?.repeat(15)}1`, Tags: [{ Key: 'Name', Value: `${n}-acl` }] })) }),
      arn: `arn:aws:ec2:us-east-1:${ACCT}:network-acl/acl-0aaaaaaaaaaaaaaa1`,
      keys: ['alpha-acl', 'acl-0aaaaaaaaaaaaaaa1'],
      other: `arn:aws:ec2:us-east-1:${ACCT}:network-acl/acl-0bbbbbbbbbbbbbbb1`,
    },
    {
      scanner: ec2VolumeScanner,
      setup: () => ec2.on(DescribeVolumesCommand).resolves({ Volumes: both.map((n) => ({ VolumeId: `vol-0${n[0]?.repeat(15)}1`, CreateTime: CREATED, Tags: [{ Key: 'Name', Value: `${n}-data` }] })) }),
      arn: `arn:aws:ec2:us-east-1:${ACCT}:volume/vol-0aaaaaaaaaaaaaaa1`,
      keys: ['alpha-data', 'vol-0aaaaaaaaaaaaaaa1'],
      other: `arn:aws:ec2:us-east-1:${ACCT}:volume/vol-0bbbbbbbbbbbbbbb1`,
    },
    {
      scanner: ec2AmiScanner,
      setup: () => ec2.on(DescribeImagesCommand).resolves({ Images: both.map((n) => ({ ImageId: `ami-0${n[0]?.repeat(15)}1`, Name: `${n}-image`, CreationDate: CREATED.toISOString() })) }),
      arn: 'arn:aws:ec2:us-east-1::image/ami-0aaaaaaaaaaaaaaa1',
      keys: ['alpha-image', 'ami-0aaaaaaaaaaaaaaa1'],
      other: 'arn:aws:ec2:us-east-1::image/ami-0bbbbbbbbbbbbbbb1',
    },
  ];
  for (const c of cases) {
    await t.test(c.scanner.resourceType, (t) =>
      checkTargeted(t, { scanner: c.scanner, stubs: [ec2], setup: () => void c.setup(), details: {}, ids: [c.arn, c.other], keys: [c.arn, ...c.keys], marks: ['a', 'b'] }),
    );
  }
});

t.test('AWS.WAF.WebACL and AWS.WAF.Regional.WebACL: ACL, rule and tag reads for the named ACL only', async (t) => {
  const id = (n: string) => (n === 'alpha' ? 'aaaaaaaa-1111-2222-3333-444444444444' : 'bbbbbbbb-1111-2222-3333-444444444444');
  const webAcl = (aclId: string, arn: string) => ({
    WebACLId: aclId,
    Name: aclId.startsWith('a') ? 'alpha-acl' : 'bravo-acl',
    MetricName: 'acl',
    DefaultAction: { Type: 'ALLOW' as const },
    WebACLArn: arn,
    Rules: [{ Priority: 1, RuleId: `${aclId}-rule`, Action: { Type: 'BLOCK' as const }, Type: 'REGULAR' as const }],
  });
  const kinds = [
    { scanner: wafWebAclScanner, stub: waf, prefix: `arn:aws:waf::${ACCT}:webacl/`, cmd: { ListWebACLsCommand, GetWebACLCommand, GetRuleCommand, ListTagsForResourceCommand } },
    {
      scanner: wafRegionalWebAclScanner,
      stub: regional,
      prefix: `arn:aws:waf-regional:us-east-1:${ACCT}:webacl/`,
      cmd: {
        ListWebACLsCommand: R.ListWebACLsCommand as unknown as typeof ListWebACLsCommand,
        GetWebACLCommand: R.GetWebACLCommand as unknown as typeof GetWebACLCommand,
        GetRuleCommand: R.GetRuleCommand as unknown as typeof GetRuleCommand,
        ListTagsForResourceCommand: R.ListTagsForResourceCommand as unknown as typeof ListTagsForResourceCommand,
      },
    },
  ];
  for (const k of kinds) {
    await t.test(k.scanner.resourceType, (t) =>
      checkTargeted(t, {
        scanner: k.scanner,
        stubs: [k.stub],
        setup: () => {
          k.stub.on(k.cmd.ListWebACLsCommand).resolves({ WebACLs: both.map((n) => ({ WebACLId: id(n), Name: `${n}-acl` })) });
          k.stub.on(k.cmd.GetWebACLCommand).callsFake((i: { WebACLId: string }) => ({ WebACL: webAcl(i.WebACLId, `${k.prefix}${i.WebACLId}`) }));
          k.stub.on(k.cmd.GetRuleCommand).callsFake((i: { RuleId: string }) => ({ Rule: { RuleId: i.RuleId, Name: 'sqli', MetricName: 'sqli', Predicates: [] } }));
          k.stub.on(k.cmd.ListTagsForResourceCommand).resolves({ TagInfoForResource: { TagList: [{ Key: 'env', Value: 'prod' }] } });
        },
        details: {
          GetWebACL: { inputs: inputsOf(k.stub, k.cmd.GetWebACLCommand) },
          GetRule: { inputs: inputsOf(k.stub, k.cmd.GetRuleCommand) },
          ListTagsForResource: { inputs: inputsOf(k.stub, k.cmd.ListTagsForResourceCommand) },
        },
        ids: [`${k.prefix}${id('alpha')}`, `${k.prefix}${id('bravo')}`],
        keys: [`${k.prefix}${id('alpha')}`, 'alpha-acl', id('alpha')],
        marks: [id('alpha'), id('bravo')],
      }),
    );
  }
});

t.test('AWS.Config.Recorder: only the named recorder', async (t) => {
  const arn = (n: string) => `arn:aws:config:us-east-1:${ACCT}:configuration-recorder/${n}-recorder/abcdef`;
  await checkTargeted(t, {
    scanner: configRecorderScanner,
    stubs: [config],
    setup: () => {
      config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: both.map((n) => ({ name: `${n}-recorder`, arn: arn(n), roleARN: `arn:aws:iam::${ACCT}:role/config` })) });
      config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: both.map((n) => ({ name: `${n}-recorder`, recording: true })) });
    },
    details: {},
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-recorder'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('one-per-account and per-region types ignore the names', async (t) => {
  iam.reset();
  iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
  const pw = await scanWith(passwordPolicyScanner, ['arn:aws:iam::123456789012:user/alpha-user']);
  t.same(pw.items.map((s) => s.ResourceId), [`${ACCT}::AWS.PasswordPolicy`]);
  gd.reset();
  gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['aaaa1111aaaa1111aaaa1111aaaa1111'] });
  gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'r' });
  const meta = await scanWith(guardDutyDetectorMetaScanner, ['nothing-by-this-name']);
  t.same(meta.items.map((s) => [s.ResourceId, s.EnabledDetectors]), [[`${ACCT}::us-east-1::AWS.GuardDuty.Detector.Meta`, ['aaaa1111aaaa1111aaaa1111aaaa1111']]]);
});

t.test('instances and security groups named by id are listed by filter; by name, listed in full', async (t) => {
  const inst = (id: string, name: string) => ({ InstanceId: id, LaunchTime: CREATED, Tags: [{ Key: 'Name', Value: name }] });
  const cases: Array<{ only: string[]; filter: unknown }> = [
    { only: ['i-0aaaaaaaaaaaaaaa1'], filter: [{ Name: 'instance-id', Values: ['i-0aaaaaaaaaaaaaaa1'] }] },
    { only: [`arn:aws:ec2:us-east-1:${ACCT}:instance/i-0aaaaaaaaaaaaaaa1`, 'i-0aaaaaaaaaaaaaaa1'], filter: [{ Name: 'instance-id', Values: ['i-0aaaaaaaaaaaaaaa1'] }] },
    { only: ['alpha-web'], filter: undefined },
    { only: ['i-0aaaaaaaaaaaaaaa1', 'alpha-web'], filter: undefined },
    // Another account's or region's ARN is not certainly this region's instance id.
    { only: ['arn:aws:ec2:eu-west-1:123456789012:instance/i-0aaaaaaaaaaaaaaa1'], filter: undefined },
  ];
  for (const c of cases) {
    ec2.reset();
    // The mock ignores the filter: what is yielded is still matched against the names.
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [inst('i-0aaaaaaaaaaaaaaa1', 'alpha-web'), inst('i-0bbbbbbbbbbbbbbb1', 'bravo-web')] }] });
    const r = await scanWith(ec2InstanceScanner, c.only);
    t.same(ec2.commandCalls(DescribeInstancesCommand).map((call) => call.args[0].input.Filters), [c.filter], c.only.join(' '));
    const expected = c.only[0]?.startsWith('arn:aws:ec2:eu-west-1') ? [] : [`arn:aws:ec2:us-east-1:${ACCT}:instance/i-0aaaaaaaaaaaaaaa1`];
    t.same(r.items.map((s) => s.ResourceId), expected);
  }
  ec2.reset();
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0aaaaaaaaaaaaaaa1', GroupName: 'alpha-sg' }] });
  const sg = await scanWith(ec2SecurityGroupScanner, ['sg-0aaaaaaaaaaaaaaa1']);
  t.same(ec2.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input.Filters), [[{ Name: 'group-id', Values: ['sg-0aaaaaaaaaaaaaaa1'] }]]);
  t.same(sg.items.map((s) => s.Name), ['alpha-sg']);
  // A full scan lists with no filter at all, as before.
  ec2.reset();
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  await scanWith(ec2SecurityGroupScanner);
  t.same(ec2.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input), [{}]);
});
