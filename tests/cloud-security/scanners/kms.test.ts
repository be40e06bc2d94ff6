import t from 'tap';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { kmsKeyScanner } from '../../../cloud-security/scanners/kms.js';
import { ACCOUNT, awsError, context, deniedException, scanAll, throttled } from './fixtures/groupA.js';

const kms = mockClient(KMSClient);
const arn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const KEY1 = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY2 = '0987dcba-09fe-87dc-65ba-ab0987654321';
const POLICY = JSON.stringify({ Version: '2012-10-17', Id: 'key-default-1', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] });

function metadata(id: string) {
  return {
    AWSAccountId: ACCOUNT,
    KeyId: id,
    Arn: arn(id),
    CreationDate: new Date('2023-04-05T06:07:08Z'),
    Enabled: true,
    Description: 'app data key',
    KeyUsage: 'ENCRYPT_DECRYPT' as const,
    KeyState: 'Enabled' as const,
    Origin: 'AWS_KMS' as const,
    KeyManager: 'CUSTOMER' as const,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' as const,
    KeySpec: 'SYMMETRIC_DEFAULT' as const,
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT' as const],
    MultiRegion: false,
  };
}

function happyPath() {
  kms.reset();
  kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: KEY1, KeyArn: arn(KEY1) }], Truncated: false });
  kms.on(ListAliasesCommand).resolves({ Aliases: [{ AliasName: 'alias/app-data', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app-data`, TargetKeyId: KEY1 }], Truncated: false });
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId: string }) => ({ KeyMetadata: metadata(input.KeyId) }));
  kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true, KeyId: arn(KEY1), RotationPeriodInDays: 365 });
  kms.on(GetKeyPolicyCommand).resolves({ Policy: POLICY, PolicyName: 'default' });
  kms.on(ListResourceTagsCommand).resolves({ Tags: [{ TagKey: 'team', TagValue: 'payments' }], Truncated: false });
}

t.test('full snapshot of one key, field by field', async (t) => {
  happyPath();
  const ctx = context();
  const [key, ...rest] = await scanAll(kmsKeyScanner, ctx);
  t.equal(rest.length, 0);
  t.same(ctx.problems, []);
  t.strictSame(key, {
    ResourceId: arn(KEY1),
    ResourceType: 'AWS.KMS.Key',
    AccountId: ACCOUNT,
    Region: 'us-east-1',
    Name: 'alias/app-data',
    ARN: arn(KEY1),
    Tags: { team: 'payments' },
    TimeCreated: '2023-04-05T06:07:08.000Z',
    KeyId: KEY1,
    CloudHsmClusterId: null,
    CustomKeyStoreId: null,
    DeletionDate: null,
    Description: 'app data key',
    Enabled: true,
    ExpirationModel: null,
    KeyManager: 'CUSTOMER',
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyState: 'Enabled',
    KeyUsage: 'ENCRYPT_DECRYPT',
    MultiRegion: false,
    Origin: 'AWS_KMS',
    ValidTo: null,
    KeyRotationEnabled: true,
    Policy: POLICY,
  });
  t.strictSame(kms.commandCalls(GetKeyPolicyCommand)[0]?.args[0].input, { KeyId: KEY1, PolicyName: 'default' });
});

t.test('pagination: both pages of ListKeys are scanned and the Marker is passed', async (t) => {
  happyPath();
  kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: KEY1, KeyArn: arn(KEY1) }], Truncated: true, NextMarker: 'page-2' });
  kms.on(ListKeysCommand, { Marker: 'page-2' }).resolves({ Keys: [{ KeyId: KEY2, KeyArn: arn(KEY2) }], Truncated: false });
  const keys = await scanAll(kmsKeyScanner, context());
  t.same(keys.map((k) => k.KeyId), [KEY1, KEY2]);
  const calls = kms.commandCalls(ListKeysCommand);
  t.equal(calls.length, 2);
  t.equal(calls[1]?.args[0].input.Marker, 'page-2');
  t.equal(keys[1]?.Name, null, 'a key without alias has no name');
});

t.test('rotation not applicable (asymmetric key) is null without a problem', async (t) => {
  happyPath();
  kms.on(GetKeyRotationStatusCommand).rejects(awsError('UnsupportedOperationException', 'KeySpec RSA_2048 is not supported for this operation.'));
  const ctx = context();
  const [key] = await scanAll(kmsKeyScanner, ctx);
  t.equal(key?.KeyRotationEnabled, null);
  t.same(ctx.problems, []);
});

t.test('access denied on a detail call: key yielded, field null, problem recorded', async (t) => {
  happyPath();
  kms.on(GetKeyPolicyCommand).rejects(deniedException('kms:GetKeyPolicy'));
  const ctx = context();
  const keys = await scanAll(kmsKeyScanner, ctx);
  t.equal(keys.length, 1);
  t.equal(keys[0]?.Policy, null);
  t.equal(keys[0]?.KeyRotationEnabled, true, 'other details still read');
  t.equal(ctx.problems.length, 1);
  t.match(ctx.problems[0], { resourceType: 'AWS.KMS.Key', region: 'us-east-1', resourceId: arn(KEY1), kind: 'access-denied', message: /^AccessDeniedException: .*kms:GetKeyPolicy/ });
});

t.test('access denied on ListKeys: problem recorded, nothing yielded', async (t) => {
  happyPath();
  kms.on(ListKeysCommand).rejects(deniedException('kms:ListKeys'));
  const ctx = context();
  t.same(await scanAll(kmsKeyScanner, ctx), []);
  t.equal(ctx.problems.length, 1);
  t.match(ctx.problems[0], { resourceType: 'AWS.KMS.Key', kind: 'access-denied' });
  t.equal(ctx.problems[0]?.resourceId, undefined);
  t.equal(kms.commandCalls(DescribeKeyCommand).length, 0);
});

t.test('throttling on a detail call: aws-sdk-client-mock stubs send(), so the SDK retry middleware never sees it; we record it', async (t) => {
  happyPath();
  kms.on(GetKeyRotationStatusCommand).rejectsOnce(throttled()).resolves({ KeyRotationEnabled: false });
  const ctx = context();
  const [key] = await scanAll(kmsKeyScanner, ctx);
  // One call only: maxAttempts 3 in clientConfig does not apply to a stubbed send().
  t.equal(kms.commandCalls(GetKeyRotationStatusCommand).length, 1);
  t.equal(key?.KeyRotationEnabled, null);
  t.equal(key?.Policy, POLICY);
  t.match(ctx.problems, [{ kind: 'throttled', resourceId: arn(KEY1), message: /^ThrottlingException: Rate exceeded/ }]);
});

t.test('denied ListAliases: keys still scanned, unnamed, problem recorded', async (t) => {
  happyPath();
  kms.on(ListAliasesCommand).rejects(deniedException('kms:ListAliases'));
  const ctx = context();
  const keys = await scanAll(kmsKeyScanner, ctx);
  t.equal(keys.length, 1);
  t.equal(keys[0]?.Name, null);
  t.equal(keys[0]?.Policy, POLICY);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.KMS.Key' }]);
});
