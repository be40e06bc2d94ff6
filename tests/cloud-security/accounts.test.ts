// Role assumption and account discovery, with the real SDK clients against aws-sdk-client-mock:
// the request shapes (RoleArn, ExternalId, session name), credential reuse and refresh, and
// the scanners' clients signing with the assumed credentials.
import t from 'tap';
import { mockClient } from 'aws-sdk-client-mock';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetAccountPasswordPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { accountScanOptions, assumeRoleCredentials, callerAccount, discoverAccounts, parseRoleArn, roleArnFor, sessionNameFor } from '../../cloud-security/accounts.js';
import { scanAccount } from '../../cloud-security/scan.js';
import { passwordPolicyScanner } from '../../cloud-security/scanners/iam.js';

const sts = mockClient(STSClient);
const org = mockClient(OrganizationsClient);
const iam = mockClient(IAMClient);
t.teardown(() => {
  sts.restore();
  org.restore();
  iam.restore();
});
t.beforeEach(() => {
  sts.reset();
  org.reset();
  iam.reset();
});

const ROLE = 'arn:aws:iam::123456789012:role/PantherAuditRole';
const creds = (n: number, expiresInMs = 3_600_000) => ({
  Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: `secret${n}`, SessionToken: `token${n}`, Expiration: new Date(Date.now() + expiresInMs) },
  AssumedRoleUser: { AssumedRoleId: 'AROA:s', Arn: `arn:aws:sts::123456789012:assumed-role/PantherAuditRole/s` },
});

t.test('role ARNs and session names', async (t) => {
  t.same(parseRoleArn(ROLE), { partition: 'aws', accountId: '123456789012' });
  t.same(parseRoleArn('arn:aws-us-gov:iam::123456789012:role/path/x'), { partition: 'aws-us-gov', accountId: '123456789012' });
  t.throws(() => parseRoleArn('arn:aws:iam::123:role/x'), /not an IAM role ARN/);
  t.throws(() => parseRoleArn('arn:aws:iam::123456789012:user/x'), /not an IAM role ARN/);
  t.equal(roleArnFor('210987654321', 'PantherAuditRole'), 'arn:aws:iam::210987654321:role/PantherAuditRole');
  t.equal(sessionNameFor('panther scan: alice/laptop'), 'panther-scan--alice-laptop');
  t.equal(sessionNameFor('x'.repeat(100)).length, 64);
});

t.test('AssumeRole is sent with the ExternalId and session name, once while the credentials are fresh', async (t) => {
  sts.on(AssumeRoleCommand).resolves(creds(1));
  const provider = assumeRoleCredentials({ roleArn: ROLE, externalId: 'ext-123', sessionName: 'panther-scan-123456789012', baseCredentials: { accessKeyId: 'AKIA', secretAccessKey: 's' } });
  const [a, b] = await Promise.all([provider(), provider()]);
  const c = await provider();
  t.equal(a.accessKeyId, 'ASIA1');
  t.equal(a.sessionToken, 'token1');
  t.equal(b, a);
  t.equal(c, a);
  const calls = sts.commandCalls(AssumeRoleCommand);
  t.equal(calls.length, 1, 'concurrent and later callers share one call');
  t.strictSame(calls[0]?.args[0].input, { RoleArn: ROLE, RoleSessionName: 'panther-scan-123456789012', ExternalId: 'ext-123', DurationSeconds: 3600 });
});

t.test('credentials close to expiry are refreshed; a denied AssumeRole is an error', async (t) => {
  sts.on(AssumeRoleCommand).resolvesOnce(creds(1, 60_000)).resolves(creds(2));
  const provider = assumeRoleCredentials({ roleArn: ROLE });
  t.equal((await provider()).accessKeyId, 'ASIA1');
  t.equal((await provider()).accessKeyId, 'ASIA2', 'expires within the refresh margin: assumed again');
  t.notOk('ExternalId' in (sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input ?? {}), 'no ExternalId when none is given');

  sts.reset();
  sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
  await t.rejects(assumeRoleCredentials({ roleArn: ROLE, externalId: 'wrong' })(), { name: 'AccessDenied' });
});

t.test('the scanners sign with the assumed credentials of their account', async (t) => {
  sts.on(AssumeRoleCommand).resolves(creds(7));
  const seen: string[] = [];
  iam.on(GetAccountPasswordPolicyCommand).callsFake(async (_input, getClient) => {
    const c = await (getClient() as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config.credentials();
    seen.push(c.accessKeyId);
    return { PasswordPolicy: { MinimumPasswordLength: 14 } };
  });
  const opts = accountScanOptions({ accountId: '123456789012', roleArn: ROLE, externalId: 'ext-1', regions: ['us-east-1', 'eu-west-1'] }, [passwordPolicyScanner], { baseCredentials: { accessKeyId: 'AKIA', secretAccessKey: 's' } });
  t.equal(opts.partition, 'aws');
  const r = await scanAccount(opts);
  t.equal(r.snapshots.length, 1);
  t.equal(r.snapshots[0]?.AccountId, '123456789012');
  t.same(seen, ['ASIA7']);
  t.match(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input, { RoleArn: ROLE, ExternalId: 'ext-1', RoleSessionName: 'panther-scan-123456789012' });
});

t.test('Organizations discovery lists every page and keeps ACTIVE accounts', async (t) => {
  org.on(ListAccountsCommand, {}).resolves({
    Accounts: [
      { Id: '222222222222', Arn: 'arn:aws:organizations::111111111111:account/o-abc/222222222222', Name: 'dev', Email: 'dev@example.com', Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: new Date('2024-01-01') },
      { Id: '333333333333', Name: 'old', Email: 'old@example.com', Status: 'SUSPENDED' },
    ],
    NextToken: 'page-2',
  });
  org.on(ListAccountsCommand, { NextToken: 'page-2' }).resolves({ Accounts: [{ Id: '111111111111', Name: 'management', Email: 'root@example.com', Status: 'ACTIVE' }] });
  const accounts = await discoverAccounts({ baseCredentials: { accessKeyId: 'AKIA', secretAccessKey: 's' } });
  t.same(accounts, [
    { id: '111111111111', name: 'management', email: 'root@example.com', status: 'ACTIVE' },
    { id: '222222222222', name: 'dev', email: 'dev@example.com', status: 'ACTIVE' },
  ]);
  t.equal(org.commandCalls(ListAccountsCommand).length, 2);

  org.reset();
  org.on(ListAccountsCommand).rejects(Object.assign(new Error('You do not have permission'), { name: 'AccessDeniedException' }));
  await t.rejects(discoverAccounts(), { name: 'AccessDeniedException' });
});

t.test('the caller account from GetCallerIdentity', async (t) => {
  sts.on(GetCallerIdentityCommand).resolves({ Account: '444444444444', Arn: 'arn:aws:iam::444444444444:user/alice', UserId: 'AIDA' });
  t.equal(await callerAccount({ accessKeyId: 'AKIA', secretAccessKey: 's' }), '444444444444');
});
