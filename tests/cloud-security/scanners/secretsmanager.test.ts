import t from 'tap';
import { GetResourcePolicyCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { secretsManagerSecretScanner } from '../../../cloud-security/scanners/secretsmanager.js';
import { ACCOUNT, awsError, context, deniedException, scanAll, throttled } from './fixtures/groupA.js';

const sm = mockClient(SecretsManagerClient);
const secretArn = (n: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${n}-AbCdEf`;
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });

const entry = (n: string) => ({
  ARN: secretArn(n),
  Name: n,
  Description: 'database credentials',
  KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  RotationEnabled: true,
  RotationLambdaARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-db`,
  RotationRules: { AutomaticallyAfterDays: 30 },
  LastRotatedDate: new Date('2024-02-01T00:00:00Z'),
  LastChangedDate: new Date('2024-02-01T00:00:01Z'),
  LastAccessedDate: new Date('2024-03-01T00:00:00Z'),
  NextRotationDate: new Date('2024-03-02T23:59:59Z'),
  Tags: [{ Key: 'app', Value: 'billing' }],
  SecretVersionsToStages: { 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111': ['AWSCURRENT'] },
  CreatedDate: new Date('2023-01-01T00:00:00Z'),
});

function happyPath() {
  sm.reset();
  sm.on(ListSecretsCommand).resolves({ SecretList: [entry('prod/db')] });
  sm.on(GetResourcePolicyCommand).resolves({ ARN: secretArn('prod/db'), Name: 'prod/db', ResourcePolicy: POLICY });
}

t.test('full snapshot of one secret, field by field', async (t) => {
  happyPath();
  const ctx = context();
  const [s, ...rest] = await scanAll(secretsManagerSecretScanner, ctx);
  t.equal(rest.length, 0);
  t.same(ctx.problems, []);
  t.strictSame(s, {
    ResourceId: secretArn('prod/db'),
    ResourceType: 'AWS.SecretsManager.Secret',
    AccountId: ACCOUNT,
    Region: 'us-east-1',
    Name: 'prod/db',
    ARN: secretArn('prod/db'),
    Tags: { app: 'billing' },
    TimeCreated: '2023-01-01T00:00:00.000Z',
    Description: 'database credentials',
    KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    RotationEnabled: true,
    RotationLambdaARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-db`,
    RotationRules: { AutomaticallyAfterDays: 30 },
    LastRotatedDate: '2024-02-01T00:00:00.000Z',
    LastChangedDate: '2024-02-01T00:00:01.000Z',
    LastAccessedDate: '2024-03-01T00:00:00.000Z',
    DeletedDate: null,
    NextRotationDate: '2024-03-02T23:59:59.000Z',
    SecretVersionsToStages: { 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111': ['AWSCURRENT'] },
    OwningService: null,
    PrimaryRegion: null,
    Type: null,
    ResourcePolicy: POLICY,
  });
  t.equal(sm.commandCalls(ListSecretsCommand)[0]?.args[0].input.IncludePlannedDeletion, true);
});

t.test('pagination, a secret without policy or rotation', async (t) => {
  happyPath();
  const plain = { ARN: secretArn('dev/api'), Name: 'dev/api', LastChangedDate: new Date('2024-01-01T00:00:00Z'), CreatedDate: new Date('2024-01-01T00:00:00Z') };
  sm.on(ListSecretsCommand).resolves({ SecretList: [entry('prod/db')], NextToken: 'page-2' });
  sm.on(ListSecretsCommand, { NextToken: 'page-2' }).resolves({ SecretList: [plain] });
  // No policy: the API answers without a ResourcePolicy.
  sm.on(GetResourcePolicyCommand, { SecretId: secretArn('dev/api') }).resolves({ ARN: secretArn('dev/api'), Name: 'dev/api' });
  const ctx = context();
  const found = await scanAll(secretsManagerSecretScanner, ctx);
  t.same(found.map((s) => s.Name), ['prod/db', 'dev/api']);
  t.equal(sm.commandCalls(ListSecretsCommand)[1]?.args[0].input.NextToken, 'page-2');
  t.equal(found[1]?.ResourcePolicy, null);
  t.equal(found[1]?.RotationEnabled, false);
  t.same(found[1]?.Tags, {});
  t.same(ctx.problems, []);
});

t.test('secret deleted between list and detail: not found is null, not a problem', async (t) => {
  happyPath();
  sm.on(GetResourcePolicyCommand).rejects(awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."));
  const ctx = context();
  const [s] = await scanAll(secretsManagerSecretScanner, ctx);
  t.equal(s?.ResourcePolicy, null);
  t.same(ctx.problems, []);
});

t.test('access denied on GetResourcePolicy: yielded, policy null, problem recorded', async (t) => {
  happyPath();
  sm.on(GetResourcePolicyCommand).rejects(deniedException('secretsmanager:GetResourcePolicy'));
  const ctx = context();
  const [s] = await scanAll(secretsManagerSecretScanner, ctx);
  t.equal(s?.Name, 'prod/db');
  t.equal(s?.ResourcePolicy, null);
  t.match(ctx.problems, [{ resourceType: 'AWS.SecretsManager.Secret', resourceId: secretArn('prod/db'), kind: 'access-denied' }]);
});

t.test('access denied on ListSecrets: nothing yielded', async (t) => {
  happyPath();
  sm.on(ListSecretsCommand).rejects(deniedException('secretsmanager:ListSecrets'));
  const ctx = context();
  t.same(await scanAll(secretsManagerSecretScanner, ctx), []);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.SecretsManager.Secret' }]);
  t.equal(sm.commandCalls(GetResourcePolicyCommand).length, 0);
});

t.test('throttled detail call (mock bypasses SDK retries): recorded as throttled', async (t) => {
  happyPath();
  sm.on(GetResourcePolicyCommand).rejectsOnce(throttled()).resolves({ ResourcePolicy: POLICY });
  const ctx = context();
  const [s] = await scanAll(secretsManagerSecretScanner, ctx);
  t.equal(s?.ResourcePolicy, null);
  t.match(ctx.problems, [{ kind: 'throttled' }]);
});
