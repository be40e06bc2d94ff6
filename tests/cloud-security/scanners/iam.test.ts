import t from 'tap';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
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
import { mockClient } from 'aws-sdk-client-mock';
import {
  iamGroupScanner,
  iamPolicyScanner,
  iamRoleScanner,
  iamRootUserScannerWith,
  iamUserScanner,
  iamUserScannerWith,
  parseCredentialReport,
  passwordPolicyScanner,
} from '../../../cloud-security/scanners/iam.js';
import { decodePolicyDocument } from '../../../cloud-security/scanners/iam.js';
import { ACCOUNT, awsError, context, denied, scanAll, throttled } from './fixtures/groupA.js';

const iam = mockClient(IAMClient);
const userArn = (n: string) => `arn:aws:iam::${ACCOUNT}:user/${n}`;
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-reports/*' }] };
// IAM answers policy documents URL-encoded.
const ENCODED = encodeURIComponent(JSON.stringify(DOC));
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

const REPORT = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-01-02T03:04:05+00:00,not_supported,2024-02-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `alice,${userArn('alice')},2020-05-06T07:08:09+00:00,true,2024-03-01T12:00:00+00:00,2024-01-01T00:00:00+00:00,N/A,true,true,2023-06-01T00:00:00+00:00,2024-03-02T08:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `bob,${userArn('bob')},2021-01-01T00:00:00+00:00,false,no_information,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
].join('\n');

const alice = {
  Path: '/',
  UserName: 'alice',
  UserId: 'AIDAEXAMPLEALICE0001',
  Arn: userArn('alice'),
  CreateDate: new Date('2020-05-06T07:08:09Z'),
  PasswordLastUsed: new Date('2024-03-01T12:00:00Z'),
};
const bob = { Path: '/ops/', UserName: 'bob', UserId: 'AIDAEXAMPLEBOB000002', Arn: userArn('bob'), CreateDate: new Date('2021-01-01T00:00:00Z') };

function accountData() {
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE', Description: 'No report exists. Starting a new report generation task' });
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(REPORT), ReportFormat: 'text/csv', GeneratedTime: new Date('2024-03-03T00:00:00Z') });
  iam.on(ListVirtualMFADevicesCommand).resolves({
    VirtualMFADevices: [
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, User: { Arn: `arn:aws:iam::${ACCOUNT}:root`, UserId: ACCOUNT, UserName: '', Path: '/', CreateDate: new Date('2019-01-02T03:04:05Z') }, EnableDate: new Date('2019-02-03T04:05:06Z') },
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, User: alice, EnableDate: new Date('2020-06-01T00:00:00Z') },
    ],
    IsTruncated: false,
  });
}

function users() {
  iam.reset();
  accountData();
  iam.on(ListUsersCommand).resolves({ Users: [alice], IsTruncated: false });
  iam.on(GetUserCommand, { UserName: 'alice' }).resolves({
    User: { ...alice, Tags: [{ Key: 'team', Value: 'finance' }], PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` } },
  });
  iam.on(GetUserCommand, { UserName: 'bob' }).resolves({ User: bob });
  iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListUserPoliciesCommand, { UserName: 'alice' }).resolves({ PolicyNames: ['read-reports'], IsTruncated: false });
  iam.on(GetUserPolicyCommand, { UserName: 'alice', PolicyName: 'read-reports' }).resolves({ UserName: 'alice', PolicyName: 'read-reports', PolicyDocument: ENCODED });
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListAttachedUserPoliciesCommand, { UserName: 'alice' }).resolves({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: false });
  iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
  iam.on(ListGroupsForUserCommand, { UserName: 'alice' }).resolves({
    Groups: [{ Path: '/', GroupName: 'analysts', GroupId: 'AGPAEXAMPLEANALYSTS1', Arn: `arn:aws:iam::${ACCOUNT}:group/analysts`, CreateDate: new Date('2020-01-01T00:00:00Z') }],
    IsTruncated: false,
  });
  iam.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
  iam.on(ListMFADevicesCommand, { UserName: 'alice' }).resolves({
    MFADevices: [{ UserName: 'alice', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, EnableDate: new Date('2020-06-01T00:00:00Z') }],
    IsTruncated: false,
  });
}

t.test('credential report parsing maps placeholders to null and dates to ISO', async (t) => {
  const rows = parseCredentialReport(REPORT);
  t.equal(rows.length, 3);
  t.equal(rows[0]?.PasswordEnabled, null, 'not_supported is null');
  t.equal(rows[0]?.MfaActive, true);
  t.equal(rows[2]?.PasswordLastUsed, null, 'no_information is null');
  t.equal(rows[1]?.AccessKey1LastUsedDate, '2024-03-02T08:00:00.000Z');
  t.equal(rows[1]?.AccessKey1LastUsedService, 's3');
});

t.test('AWS.IAM.User: full snapshot of one user, field by field', async (t) => {
  users();
  const ctx = context();
  const [user, ...rest] = await scanAll(iamUserScanner, ctx);
  t.equal(rest.length, 0);
  t.same(ctx.problems, []);
  t.strictSame(user, {
    ResourceId: userArn('alice'),
    ResourceType: 'AWS.IAM.User',
    AccountId: ACCOUNT,
    Region: 'global',
    Name: 'alice',
    ARN: userArn('alice'),
    Tags: { team: 'finance' },
    TimeCreated: '2020-05-06T07:08:09.000Z',
    UserId: 'AIDAEXAMPLEALICE0001',
    Path: '/',
    PasswordLastUsed: '2024-03-01T12:00:00.000Z',
    PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
    CredentialReport: {
      UserName: 'alice',
      ARN: userArn('alice'),
      UserCreationTime: '2020-05-06T07:08:09.000Z',
      PasswordEnabled: true,
      PasswordLastUsed: '2024-03-01T12:00:00.000Z',
      PasswordLastChanged: '2024-01-01T00:00:00.000Z',
      PasswordNextRotation: null,
      MfaActive: true,
      AccessKey1Active: true,
      AccessKey1LastRotated: '2023-06-01T00:00:00.000Z',
      AccessKey1LastUsedDate: '2024-03-02T08:00:00.000Z',
      AccessKey1LastUsedRegion: 'us-east-1',
      AccessKey1LastUsedService: 's3',
      AccessKey2Active: false,
      AccessKey2LastRotated: null,
      AccessKey2LastUsedDate: null,
      AccessKey2LastUsedRegion: null,
      AccessKey2LastUsedService: null,
      Cert1Active: false,
      Cert1LastRotated: null,
      Cert2Active: false,
      Cert2LastRotated: null,
    },
    Groups: [{ Path: '/', GroupName: 'analysts', GroupId: 'AGPAEXAMPLEANALYSTS1', Arn: `arn:aws:iam::${ACCOUNT}:group/analysts`, CreateDate: '2020-01-01T00:00:00.000Z' }],
    InlinePolicies: { 'read-reports': JSON.stringify(DOC) },
    ManagedPolicyNames: ['ReadOnlyAccess'],
    MFADevices: [{ UserName: 'alice', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, EnableDate: '2020-06-01T00:00:00.000Z' }],
    VirtualMFA: { EnableDate: '2020-06-01T00:00:00.000Z', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice` },
  });
  t.equal(iamUserScanner.global, true);
});

t.test('AWS.IAM.User: both pages of ListUsers are scanned and the Marker is passed', async (t) => {
  users();
  iam.on(ListUsersCommand).resolves({ Users: [alice], IsTruncated: true, Marker: 'users-2' });
  iam.on(ListUsersCommand, { Marker: 'users-2' }).resolves({ Users: [bob], IsTruncated: false });
  const ctx = context();
  const found = await scanAll(iamUserScanner, ctx);
  t.same(found.map((u) => u.Name), ['alice', 'bob']);
  t.equal(iam.commandCalls(ListUsersCommand)[1]?.args[0].input.Marker, 'users-2');
  t.equal(found[1]?.VirtualMFA, null, 'bob has no virtual MFA');
  t.same(found[1]?.InlinePolicies, {});
  t.equal((found[1]?.CredentialReport as { PasswordEnabled: boolean }).PasswordEnabled, false);
  // The account-wide calls are made once per scan, not once per user.
  t.equal(iam.commandCalls(GetCredentialReportCommand).length, 1);
});

t.test('AWS.IAM.User: access denied on a detail call keeps the user with the field null', async (t) => {
  users();
  iam.on(ListMFADevicesCommand).rejects(denied('iam:ListMFADevices'));
  const ctx = context();
  const [user] = await scanAll(iamUserScanner, ctx);
  t.equal(user?.Name, 'alice');
  t.equal(user?.MFADevices, null);
  t.same(user?.ManagedPolicyNames, ['ReadOnlyAccess']);
  t.match(ctx.problems, [{ resourceType: 'AWS.IAM.User', region: 'us-east-1', resourceId: userArn('alice'), kind: 'access-denied', message: /^AccessDenied: .*iam:ListMFADevices/ }]);
});

t.test('AWS.IAM.User: denied credential report leaves CredentialReport null', async (t) => {
  users();
  iam.on(GenerateCredentialReportCommand).rejects(denied('iam:GenerateCredentialReport'));
  const ctx = context();
  const [user] = await scanAll(iamUserScanner, ctx);
  t.equal(user?.CredentialReport, null);
  t.match(ctx.problems, [{ resourceType: 'AWS.IAM.User', kind: 'access-denied' }]);
});

t.test('AWS.IAM.User: waits for the report to be generated', async (t) => {
  users();
  iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolves({ State: 'COMPLETE' });
  const ctx = context();
  const [user] = await scanAll(iamUserScannerWith({ attempts: 3, delayMs: 1 }), ctx);
  t.equal(iam.commandCalls(GenerateCredentialReportCommand).length, 2);
  t.equal((user?.CredentialReport as { UserName: string }).UserName, 'alice');
});

t.test('AWS.IAM.User: a report that never completes is recorded, the users are still yielded', async (t) => {
  users();
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
  const ctx = context();
  const [user] = await scanAll(iamUserScannerWith({ attempts: 2, delayMs: 1 }), ctx);
  t.equal(iam.commandCalls(GenerateCredentialReportCommand).length, 2);
  t.equal(iam.commandCalls(GetCredentialReportCommand).length, 0);
  t.equal(user?.CredentialReport, null);
  t.same(user?.ManagedPolicyNames, ['ReadOnlyAccess']);
  t.match(ctx.problems, [{ kind: 'error', message: /^CredentialReportNotReadyException: / }]);
});

t.test('AWS.IAM.User: a user deleted mid-scan (NoSuchEntity) keeps list values, no problem', async (t) => {
  users();
  const gone = awsError('NoSuchEntityException', 'The user with name alice cannot be found.', { status: 404 });
  iam.on(GetUserCommand).rejects(gone);
  iam.on(ListUserPoliciesCommand).rejects(gone);
  const ctx = context();
  const [user] = await scanAll(iamUserScanner, ctx);
  t.equal(user?.PasswordLastUsed, '2024-03-01T12:00:00.000Z');
  t.equal(user?.PermissionsBoundary, null);
  t.equal(user?.InlinePolicies, null);
  t.same(ctx.problems, []);
});

t.test('policy documents: URL-decoded, malformed percent-encoding kept as given', async (t) => {
  t.equal(decodePolicyDocument('%7B%22Version%22%3A%222012-10-17%22%7D'), '{"Version":"2012-10-17"}');
  t.equal(decodePolicyDocument('{"Sid":"100%"}'), '{"Sid":"100%"}');
  t.equal(decodePolicyDocument(undefined), null);
});

t.test('AWS.IAM.User: access denied on ListUsers yields nothing', async (t) => {
  users();
  iam.on(ListUsersCommand).rejects(denied('iam:ListUsers'));
  const ctx = context();
  t.same(await scanAll(iamUserScanner, ctx), []);
  t.match(ctx.problems, [{ resourceType: 'AWS.IAM.User', kind: 'access-denied' }]);
  t.equal(iam.commandCalls(GetUserCommand).length, 0);
});

t.test('AWS.IAM.User: a throttled detail call (the mock bypasses SDK retries) is recorded as throttled', async (t) => {
  users();
  iam.on(GetUserCommand).rejectsOnce(throttled()).resolves({ User: alice });
  const ctx = context();
  const [user] = await scanAll(iamUserScanner, ctx);
  t.equal(iam.commandCalls(GetUserCommand).length, 1);
  t.same(user?.Tags, {}, 'tags come from GetUser');
  t.equal(user?.PasswordLastUsed, '2024-03-01T12:00:00.000Z', 'ListUsers value kept');
  t.match(ctx.problems, [{ kind: 'throttled', resourceId: userArn('alice') }]);
});

t.test('AWS.IAM.RootUser: from the credential report and the virtual MFA list', async (t) => {
  iam.reset();
  accountData();
  const ctx = context();
  const [root, ...rest] = await scanAll(iamRootUserScannerWith({ attempts: 1, delayMs: 1 }), ctx);
  t.equal(rest.length, 0);
  t.same(ctx.problems, []);
  t.strictSame(
    { ...root, CredentialReport: undefined },
    {
      ResourceId: `arn:aws:iam::${ACCOUNT}:root`,
      ResourceType: 'AWS.IAM.RootUser',
      AccountId: ACCOUNT,
      Region: 'global',
      Name: 'root',
      ARN: `arn:aws:iam::${ACCOUNT}:root`,
      Tags: {},
      TimeCreated: '2019-01-02T03:04:05.000Z',
      CredentialReport: undefined,
      VirtualMFA: { EnableDate: '2019-02-03T04:05:06.000Z', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device` },
    },
  );
  t.match(root?.CredentialReport, { UserName: '<root_account>', MfaActive: true, PasswordEnabled: null, AccessKey1Active: false, PasswordLastUsed: '2024-02-01T10:00:00.000Z' });
});

t.test('user and root-user scanners of one scan share the account-wide calls; denied MFA list is recorded per type', async (t) => {
  users();
  iam.on(ListVirtualMFADevicesCommand).rejects(denied('iam:ListVirtualMFADevices'));
  const ctx = context();
  const [user] = await scanAll(iamUserScanner, ctx);
  const [root] = await scanAll(iamRootUserScannerWith({ attempts: 1, delayMs: 1 }), ctx);
  t.equal(iam.commandCalls(GetCredentialReportCommand).length, 1);
  t.equal(iam.commandCalls(ListVirtualMFADevicesCommand).length, 1);
  t.equal(user?.VirtualMFA, null);
  t.equal(root?.VirtualMFA, null);
  t.match((root?.CredentialReport as { UserName: string }).UserName, '<root_account>');
  t.match(ctx.problems, [
    { resourceType: 'AWS.IAM.User', kind: 'access-denied' },
    { resourceType: 'AWS.IAM.RootUser', kind: 'access-denied' },
  ]);
});

t.test('AWS.IAM.RootUser: still yielded when the report is denied', async (t) => {
  iam.reset();
  accountData();
  iam.on(GetCredentialReportCommand).rejects(denied('iam:GetCredentialReport'));
  const ctx = context();
  const [root] = await scanAll(iamRootUserScannerWith({ attempts: 1, delayMs: 1 }), ctx);
  t.equal(root?.CredentialReport, null);
  t.equal(root?.TimeCreated, null);
  t.match(ctx.problems, [{ resourceType: 'AWS.IAM.RootUser', kind: 'access-denied' }]);
});

const roleArn = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
const role = (n: string) => ({
  Path: '/service-role/',
  RoleName: n,
  RoleId: `AROAEXAMPLE${n.toUpperCase()}`,
  Arn: roleArn(n),
  CreateDate: new Date('2022-02-02T02:02:02Z'),
  AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(TRUST)),
  Description: 'runs the exporter',
  MaxSessionDuration: 3600,
});

function roles() {
  iam.reset();
  iam.on(ListRolesCommand).resolves({ Roles: [role('exporter')], IsTruncated: false });
  iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({
    Role: { ...role(input.RoleName), Tags: [{ Key: 'app', Value: 'exporter' }], RoleLastUsed: { LastUsedDate: new Date('2024-03-03T03:03:03Z'), Region: 'us-west-2' } },
  }));
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['write-exports'], IsTruncated: false });
  iam.on(GetRolePolicyCommand).resolves({ RoleName: 'exporter', PolicyName: 'write-exports', PolicyDocument: ENCODED });
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }], IsTruncated: false });
}

t.test('AWS.IAM.Role: full snapshot, pagination, denied detail and denied list', async (t) => {
  roles();
  let ctx = context();
  const [r] = await scanAll(iamRoleScanner, ctx);
  t.same(ctx.problems, []);
  t.strictSame(r, {
    ResourceId: roleArn('exporter'),
    ResourceType: 'AWS.IAM.Role',
    AccountId: ACCOUNT,
    Region: 'global',
    Name: 'exporter',
    ARN: roleArn('exporter'),
    Tags: { app: 'exporter' },
    TimeCreated: '2022-02-02T02:02:02.000Z',
    RoleId: 'AROAEXAMPLEEXPORTER',
    AssumeRolePolicyDocument: JSON.stringify(TRUST),
    Description: 'runs the exporter',
    MaxSessionDuration: 3600,
    Path: '/service-role/',
    PermissionsBoundary: null,
    RoleLastUsed: { LastUsedDate: '2024-03-03T03:03:03.000Z', Region: 'us-west-2' },
    InlinePolicies: { 'write-exports': JSON.stringify(DOC) },
    ManagedPolicyNames: ['AWSLambdaBasicExecutionRole'],
  });

  iam.on(ListRolesCommand).resolves({ Roles: [role('exporter')], IsTruncated: true, Marker: 'roles-2' });
  iam.on(ListRolesCommand, { Marker: 'roles-2' }).resolves({ Roles: [role('importer')], IsTruncated: false });
  iam.on(GetRolePolicyCommand).rejects(denied('iam:GetRolePolicy'));
  ctx = context();
  const both = await scanAll(iamRoleScanner, ctx);
  t.same(both.map((x) => x.Name), ['exporter', 'importer']);
  t.equal(iam.commandCalls(ListRolesCommand).at(-1)?.args[0].input.Marker, 'roles-2');
  t.equal(both[0]?.InlinePolicies, null);
  t.equal(ctx.problems.length, 2);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.IAM.Role' }, { kind: 'access-denied' }]);

  iam.on(ListRolesCommand).rejects(denied('iam:ListRoles'));
  ctx = context();
  t.same(await scanAll(iamRoleScanner, ctx), []);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.IAM.Role' }]);
});

t.test('AWS.IAM.Group: full snapshot, paginated members, denied detail and denied list', async (t) => {
  iam.reset();
  const group = { Path: '/', GroupName: 'analysts', GroupId: 'AGPAEXAMPLEANALYSTS1', Arn: `arn:aws:iam::${ACCOUNT}:group/analysts`, CreateDate: new Date('2020-01-01T00:00:00Z') };
  iam.on(ListGroupsCommand).resolves({ Groups: [group], IsTruncated: false });
  iam.on(GetGroupCommand).resolves({ Group: group, Users: [alice], IsTruncated: true, Marker: 'members-2' });
  iam.on(GetGroupCommand, { GroupName: 'analysts', Marker: 'members-2' }).resolves({ Group: group, Users: [bob], IsTruncated: false });
  iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: ['read-reports'], IsTruncated: false });
  iam.on(GetGroupPolicyCommand).resolves({ GroupName: 'analysts', PolicyName: 'read-reports', PolicyDocument: ENCODED });
  iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: false });
  let ctx = context();
  const [g] = await scanAll(iamGroupScanner, ctx);
  t.same(ctx.problems, []);
  t.strictSame(g, {
    ResourceId: group.Arn,
    ResourceType: 'AWS.IAM.Group',
    AccountId: ACCOUNT,
    Region: 'global',
    Name: 'analysts',
    ARN: group.Arn,
    Tags: {},
    TimeCreated: '2020-01-01T00:00:00.000Z',
    GroupId: 'AGPAEXAMPLEANALYSTS1',
    Path: '/',
    InlinePolicies: { 'read-reports': JSON.stringify(DOC) },
    ManagedPolicyARNs: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    Users: [
      { ...alice, CreateDate: '2020-05-06T07:08:09.000Z', PasswordLastUsed: '2024-03-01T12:00:00.000Z' },
      { ...bob, CreateDate: '2021-01-01T00:00:00.000Z' },
    ],
  });
  t.equal(iam.commandCalls(GetGroupCommand)[1]?.args[0].input.Marker, 'members-2');

  iam.on(ListAttachedGroupPoliciesCommand).rejects(denied('iam:ListAttachedGroupPolicies'));
  ctx = context();
  const [denyG] = await scanAll(iamGroupScanner, ctx);
  t.equal(denyG?.ManagedPolicyARNs, null);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceId: group.Arn }]);

  iam.on(ListGroupsCommand).rejects(denied('iam:ListGroups'));
  ctx = context();
  t.same(await scanAll(iamGroupScanner, ctx), []);
  t.equal(ctx.problems.length, 1);
});

t.test('AWS.IAM.Policy: local and attached AWS-managed policies, full snapshot, denied detail and list', async (t) => {
  iam.reset();
  const local = {
    PolicyName: 'reports-read',
    PolicyId: 'ANPAEXAMPLEREPORTS01',
    Arn: `arn:aws:iam::${ACCOUNT}:policy/reports-read`,
    Path: '/',
    DefaultVersionId: 'v2',
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: new Date('2021-03-03T00:00:00Z'),
    UpdateDate: new Date('2022-03-03T00:00:00Z'),
  };
  const managed = { ...local, PolicyName: 'ReadOnlyAccess', PolicyId: 'ANPAEXAMPLEREADONLY1', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', DefaultVersionId: 'v100' };
  iam.on(ListPoliciesCommand, { Scope: 'Local' }).resolves({ Policies: [local], IsTruncated: false });
  iam.on(ListPoliciesCommand, { Scope: 'AWS', OnlyAttached: true }).resolves({ Policies: [managed], IsTruncated: true, Marker: 'aws-2' });
  iam.on(ListPoliciesCommand, { Scope: 'AWS', OnlyAttached: true, Marker: 'aws-2' }).resolves({ Policies: [], IsTruncated: false });
  iam.on(GetPolicyCommand).callsFake((input: { PolicyArn: string }) => ({
    Policy: { ...(input.PolicyArn === local.Arn ? local : managed), Description: 'read the reports', Tags: input.PolicyArn === local.Arn ? [{ Key: 'owner', Value: 'finance' }] : [] },
  }));
  iam.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: ENCODED, VersionId: 'v2', IsDefaultVersion: true, CreateDate: new Date('2022-03-03T00:00:00Z') } });
  iam.on(ListEntitiesForPolicyCommand).resolves({
    PolicyGroups: [{ GroupName: 'analysts', GroupId: 'AGPAEXAMPLEANALYSTS1' }],
    PolicyUsers: [],
    PolicyRoles: [{ RoleName: 'exporter', RoleId: 'AROAEXAMPLEEXPORTER' }],
    IsTruncated: false,
  });
  let ctx = context();
  const found = await scanAll(iamPolicyScanner, ctx);
  t.same(ctx.problems, []);
  t.same(found.map((p) => p.Name), ['reports-read', 'ReadOnlyAccess']);
  t.same(found.map((p) => [p.ResourceId, p.ARN]), [
    [local.Arn, local.Arn],
    [`${ACCOUNT}::${managed.Arn}`, managed.Arn],
  ], 'AWS-managed policies (one ARN in every account) get an id qualified by the account');
  t.equal(iam.commandCalls(ListPoliciesCommand).length, 3, 'both pages of the AWS-managed list');
  t.strictSame(found[0], {
    ResourceId: local.Arn,
    ResourceType: 'AWS.IAM.Policy',
    AccountId: ACCOUNT,
    Region: 'global',
    Name: 'reports-read',
    ARN: local.Arn,
    Tags: { owner: 'finance' },
    TimeCreated: '2021-03-03T00:00:00.000Z',
    PolicyId: 'ANPAEXAMPLEREPORTS01',
    AttachmentCount: 1,
    DefaultVersionId: 'v2',
    Description: 'read the reports',
    IsAttachable: true,
    Path: '/',
    PermissionsBoundaryUsageCount: 0,
    UpdateDate: '2022-03-03T00:00:00.000Z',
    Entities: { PolicyGroups: [{ GroupName: 'analysts', GroupId: 'AGPAEXAMPLEANALYSTS1' }], PolicyRoles: [{ RoleName: 'exporter', RoleId: 'AROAEXAMPLEEXPORTER' }], PolicyUsers: [] },
    PolicyDocument: JSON.stringify(DOC),
  });
  t.strictSame(iam.commandCalls(GetPolicyVersionCommand)[0]?.args[0].input, { PolicyArn: local.Arn, VersionId: 'v2' });

  iam.on(GetPolicyVersionCommand).rejects(denied('iam:GetPolicyVersion'));
  ctx = context();
  const denyP = await scanAll(iamPolicyScanner, ctx);
  t.equal(denyP.length, 2);
  t.equal(denyP[0]?.PolicyDocument, null);
  t.equal(ctx.problems.length, 2);

  iam.on(ListPoliciesCommand).rejects(denied('iam:ListPolicies'));
  ctx = context();
  t.same(await scanAll(iamPolicyScanner, ctx), []);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.IAM.Policy' }]);
});

t.test('AWS.PasswordPolicy: set, not set, denied', async (t) => {
  iam.reset();
  iam.on(GetAccountPasswordPolicyCommand).resolves({
    PasswordPolicy: {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    },
  });
  let ctx = context();
  const [p] = await scanAll(passwordPolicyScanner, ctx);
  t.strictSame(p, {
    ResourceId: `${ACCOUNT}::AWS.PasswordPolicy`,
    ResourceType: 'AWS.PasswordPolicy',
    AccountId: ACCOUNT,
    Region: 'global',
    Name: 'AWS.PasswordPolicy',
    ARN: null,
    Tags: {},
    TimeCreated: null,
    MinimumPasswordLength: 14,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true,
    ExpirePasswords: true,
    MaxPasswordAge: 90,
    PasswordReusePrevention: 24,
    HardExpiry: false,
    AnyExist: true,
  });

  iam.on(GetAccountPasswordPolicyCommand).rejects(awsError('NoSuchEntityException', `The Password Policy with domain name ${ACCOUNT} cannot be found.`, { status: 404 }));
  ctx = context();
  const [none] = await scanAll(passwordPolicyScanner, ctx);
  t.equal(none?.AnyExist, false);
  t.equal(none?.MinimumPasswordLength, null);
  t.same(ctx.problems, [], 'no policy is a finding, not a problem');

  iam.on(GetAccountPasswordPolicyCommand).rejects(denied('iam:GetAccountPasswordPolicy'));
  ctx = context();
  t.same(await scanAll(passwordPolicyScanner, ctx), [], 'unknown is not reported as absent');
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.PasswordPolicy' }]);
});
