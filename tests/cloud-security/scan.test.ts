import t from 'tap';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetAccountPasswordPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetQueueAttributesCommand, ListQueueTagsCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ALL_TYPES, scanAccount, type AccountScanOptions } from '../../cloud-security/scan.js';
import { ec2SecurityGroupScanner } from '../../cloud-security/scanners/ec2.js';
import { passwordPolicyScanner } from '../../cloud-security/scanners/iam.js';
import { sqsQueueScanner } from '../../cloud-security/scanners/sqs.js';
import type { ResourceScanner } from '../../cloud-security/types.js';
import { awsError } from './scanners/fixtures/groupC.js';

const ACCOUNT = '123456789012';
const ec2 = mockClient(EC2Client);
const sqs = mockClient(SQSClient);
const iam = mockClient(IAMClient);

/** The region of the client a mocked call was sent with. */
async function regionOf(getClient: () => unknown): Promise<string> {
  return (getClient() as { config: { region: () => Promise<string> } }).config.region();
}

/** Regions seen per API call, to assert what was (not) called where. */
let calls: string[];

t.beforeEach(() => {
  calls = [];
  ec2.reset();
  sqs.reset();
  iam.reset();
  ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_input, getClient) => {
    const region = await regionOf(getClient);
    calls.push(`ec2:${region}`);
    // An opt-in region the account has not enabled.
    if (region === 'ap-east-1') throw awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    return { SecurityGroups: [{ GroupId: `sg-${region}`, GroupName: 'default' }, { GroupId: `sg-tmp-${region}`, GroupName: 'scratch' }] };
  });
  sqs.on(ListQueuesCommand).callsFake(async (_input, getClient) => {
    const region = await regionOf(getClient);
    calls.push(`sqs:${region}`);
    return { QueueUrls: [`https://sqs.${region}.amazonaws.com/${ACCOUNT}/jobs`] };
  });
  sqs.on(GetQueueAttributesCommand).callsFake(async (input: { QueueUrl: string }) => {
    const region = input.QueueUrl.split('.')[1];
    return { Attributes: { QueueArn: `arn:aws:sqs:${region}:${ACCOUNT}:jobs`, SqsManagedSseEnabled: 'true' } };
  });
  sqs.on(ListQueueTagsCommand).resolves({ Tags: {} });
  iam.on(GetAccountPasswordPolicyCommand).callsFake(async (_input, getClient) => {
    calls.push(`iam:${await regionOf(getClient)}`);
    return { PasswordPolicy: { MinimumPasswordLength: 14 } };
  });
});

function options(over: Partial<AccountScanOptions> = {}): AccountScanOptions {
  return {
    accountId: ACCOUNT,
    partition: 'aws',
    regions: ['us-east-1', 'eu-west-1'],
    clientConfigFor: (region) => ({ region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 }),
    scanners: [ec2SecurityGroupScanner, sqsQueueScanner, passwordPolicyScanner],
    concurrency: 2,
    ...over,
  };
}

const ids = (r: { snapshots: { ResourceId: string }[] }) => r.snapshots.map((s) => s.ResourceId).sort();

t.test('two regions: regional types in each, global types once from us-east-1', async (t) => {
  const r = await scanAccount(options());
  t.strictSame(ids(r), [
    `${ACCOUNT}::AWS.PasswordPolicy`,
    `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-eu-west-1`,
    `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-tmp-eu-west-1`,
    `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-tmp-us-east-1`,
    `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-us-east-1`,
    `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`,
    `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`,
  ]);
  t.strictSame(r.problems, []);
  t.strictSame(calls.filter((c) => c.startsWith('iam:')), ['iam:us-east-1'], 'global scanner ran once, in us-east-1');
  t.strictSame(calls.filter((c) => !c.startsWith('iam:')).sort(), ['ec2:eu-west-1', 'ec2:us-east-1', 'sqs:eu-west-1', 'sqs:us-east-1']);
  const sg = r.snapshots.find((s) => s.ResourceId.endsWith('sg-eu-west-1'));
  t.equal(sg?.Region, 'eu-west-1');
  t.equal(sg?.AccountId, ACCOUNT);
});

t.test('a disabled region is skipped with one problem, the others are scanned', async (t) => {
  const r = await scanAccount(options({ regions: ['ap-east-1', 'us-east-1'] }));
  t.strictSame(r.problems, [
    { resourceType: ALL_TYPES, region: 'ap-east-1', kind: 'region-disabled', message: 'region skipped: AuthFailure: AWS was not able to validate the provided access credentials' },
  ]);
  t.notOk(calls.includes('sqs:ap-east-1'), 'no further calls in the disabled region');
  t.ok(calls.includes('sqs:us-east-1'));
  t.notOk(r.snapshots.some((s) => s.Region === 'ap-east-1'));
  t.equal(r.snapshots.filter((s) => s.Region === 'us-east-1').length, 3);
});

t.test('ignore lists: regions, resource types and resource id patterns', async (t) => {
  const r = await scanAccount(
    options({ ignore: { regions: ['eu-west-1'], resourceTypes: ['AWS.SQS.Queue'], resourceIdPatterns: ['security-group/sg-tmp-'] } }),
  );
  t.strictSame(ids(r), [`${ACCOUNT}::AWS.PasswordPolicy`, `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-us-east-1`]);
  t.notOk(calls.some((c) => c.endsWith(':eu-west-1')), 'ignored region not called');
  t.notOk(calls.some((c) => c.startsWith('sqs:')), 'ignored type not scanned');
});

t.test('problems about ignored resources are dropped, others kept', async (t) => {
  sqs.on(ListQueueTagsCommand).rejects(awsError('AccessDenied', 'no', 403));
  const r = await scanAccount(options({ regions: ['us-east-1', 'eu-west-1'], ignore: { resourceIdPatterns: [/:eu-west-1:.*:jobs$/] } }));
  t.strictSame(r.problems.map((p) => [p.region, p.resourceId, p.kind]), [['us-east-1', `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, 'access-denied']]);
});

/** A scanner that yields one snapshot after a pause and tracks how many run at once. */
function counting(type: string, gauge: { now: number; max: number }, fail = false): ResourceScanner {
  return {
    resourceType: type,
    async *scan(ctx) {
      gauge.now++;
      gauge.max = Math.max(gauge.max, gauge.now);
      try {
        await new Promise((r) => setTimeout(r, 5));
        yield { ResourceId: `${ctx.region}/${type}`, ResourceType: type, AccountId: ctx.accountId, Region: ctx.region, Name: null, ARN: null, Tags: {}, TimeCreated: null };
        if (fail) throw new Error('boom');
      } finally {
        gauge.now--;
      }
    },
  };
}

t.test('concurrency is bounded across regions and types; a failing scanner yields nothing', async (t) => {
  const gauge = { now: 0, max: 0 };
  const scanners = ['A', 'B', 'C', 'D'].map((x) => counting(`AWS.T.${x}`, gauge, x === 'D'));
  const r = await scanAccount(options({ regions: ['r1', 'r2', 'r3'], scanners, concurrency: 3 }));
  t.equal(gauge.max, 3, 'never more than 3 scanners at once');
  t.equal(r.snapshots.length, 9, 'A, B, C in three regions; D dropped');
  t.notOk(r.snapshots.some((s) => s.ResourceType === 'AWS.T.D'));
  t.strictSame(r.problems.map((p) => [p.resourceType, p.region, p.kind, p.message]).sort(), [
    ['AWS.T.D', 'r1', 'error', 'Error: boom'],
    ['AWS.T.D', 'r2', 'error', 'Error: boom'],
    ['AWS.T.D', 'r3', 'error', 'Error: boom'],
  ]);
});
