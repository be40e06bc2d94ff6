import t from 'tap';
import { CloudFormationClient, DescribeStackResourceDriftsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudFormationStackScanner } from '../../../cloud-security/scanners/cloudformation.js';
import { ACCOUNT, awsError, context, denied, scanAll, throttled } from './fixtures/groupA.js';

const cfn = mockClient(CloudFormationClient);
const stackId = (n: string) => `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${n}/8a1b2c3d-1111-2222-3333-444455556666`;

const stack = (n: string) => ({
  StackId: stackId(n),
  StackName: n,
  Description: 'web tier',
  Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }],
  CreationTime: new Date('2022-07-08T09:10:11Z'),
  LastUpdatedTime: new Date('2024-01-02T03:04:05Z'),
  RollbackConfiguration: { RollbackTriggers: [] },
  StackStatus: 'UPDATE_COMPLETE' as const,
  DisableRollback: false,
  NotificationARNs: [`arn:aws:sns:us-east-1:${ACCOUNT}:stack-events`],
  Capabilities: ['CAPABILITY_NAMED_IAM' as const],
  Outputs: [{ OutputKey: 'Url', OutputValue: 'https://web.example.com', Description: 'site' }],
  RoleARN: `arn:aws:iam::${ACCOUNT}:role/cfn-deployer`,
  Tags: [{ Key: 'owner', Value: 'web-team' }],
  EnableTerminationProtection: true,
  DriftInformation: { StackDriftStatus: 'DRIFTED' as const, LastCheckTimestamp: new Date('2024-02-02T00:00:00Z') },
});

const drift = {
  StackId: stackId('web'),
  LogicalResourceId: 'WebBucket',
  PhysicalResourceId: 'web-assets-bucket',
  ResourceType: 'AWS::S3::Bucket',
  ExpectedProperties: '{"VersioningConfiguration":{"Status":"Enabled"}}',
  ActualProperties: '{"VersioningConfiguration":{"Status":"Suspended"}}',
  PropertyDifferences: [{ PropertyPath: '/VersioningConfiguration/Status', ExpectedValue: 'Enabled', ActualValue: 'Suspended', DifferenceType: 'NOT_EQUAL' as const }],
  StackResourceDriftStatus: 'MODIFIED' as const,
  Timestamp: new Date('2024-02-02T00:00:00Z'),
};

function happyPath() {
  cfn.reset();
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('web')] });
  cfn.on(DescribeStackResourceDriftsCommand).resolves({ StackResourceDrifts: [] });
  cfn.on(DescribeStackResourceDriftsCommand, { StackName: stackId('web') }).resolves({ StackResourceDrifts: [drift] });
}

t.test('full snapshot of one stack, field by field', async (t) => {
  happyPath();
  const ctx = context();
  const [s, ...rest] = await scanAll(cloudFormationStackScanner, ctx);
  t.equal(rest.length, 0);
  t.same(ctx.problems, []);
  t.strictSame(s, {
    ResourceId: stackId('web'),
    ResourceType: 'AWS.CloudFormation.Stack',
    AccountId: ACCOUNT,
    Region: 'us-east-1',
    Name: 'web',
    ARN: stackId('web'),
    Tags: { owner: 'web-team' },
    TimeCreated: '2022-07-08T09:10:11.000Z',
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    ChangeSetId: null,
    DeletionTime: null,
    Description: 'web tier',
    DisableRollback: false,
    DriftInformation: { StackDriftStatus: 'DRIFTED', LastCheckTimestamp: '2024-02-02T00:00:00.000Z' },
    EnableTerminationProtection: true,
    LastUpdatedTime: '2024-01-02T03:04:05.000Z',
    NotificationARNs: [`arn:aws:sns:us-east-1:${ACCOUNT}:stack-events`],
    Outputs: [{ OutputKey: 'Url', OutputValue: 'https://web.example.com', Description: 'site' }],
    Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }],
    ParentId: null,
    RoleARN: `arn:aws:iam::${ACCOUNT}:role/cfn-deployer`,
    RollbackConfiguration: { RollbackTriggers: [] },
    RootId: null,
    StackStatus: 'UPDATE_COMPLETE',
    StackStatusReason: null,
    TimeoutInMinutes: null,
    Drifts: [{ ...drift, Timestamp: '2024-02-02T00:00:00.000Z' }],
  });
});

t.test('pagination of stacks and of drifts: both pages, NextToken passed', async (t) => {
  happyPath();
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('web')], NextToken: 'stacks-2' });
  cfn.on(DescribeStacksCommand, { NextToken: 'stacks-2' }).resolves({ Stacks: [stack('api')] });
  cfn.on(DescribeStackResourceDriftsCommand, { StackName: stackId('web') }).resolves({ StackResourceDrifts: [drift], NextToken: 'drifts-2' });
  cfn.on(DescribeStackResourceDriftsCommand, { StackName: stackId('web'), NextToken: 'drifts-2' }).resolves({ StackResourceDrifts: [{ ...drift, LogicalResourceId: 'WebQueue' }] });
  const found = await scanAll(cloudFormationStackScanner, context());
  t.same(found.map((s) => s.Name), ['web', 'api']);
  t.equal(cfn.commandCalls(DescribeStacksCommand)[1]?.args[0].input.NextToken, 'stacks-2');
  t.same((found[0]?.Drifts as { LogicalResourceId: string }[]).map((d) => d.LogicalResourceId), ['WebBucket', 'WebQueue']);
  t.same(found[1]?.Drifts, []);
});

t.test('access denied on DescribeStackResourceDrifts: yielded, Drifts null, problem recorded', async (t) => {
  happyPath();
  cfn.on(DescribeStackResourceDriftsCommand).rejects(denied('cloudformation:DescribeStackResourceDrifts'));
  const ctx = context();
  const [s] = await scanAll(cloudFormationStackScanner, ctx);
  t.equal(s?.StackStatus, 'UPDATE_COMPLETE');
  t.equal(s?.Drifts, null);
  t.match(ctx.problems, [{ resourceType: 'AWS.CloudFormation.Stack', resourceId: stackId('web'), kind: 'access-denied', message: /^AccessDenied: / }]);
});

t.test('access denied on DescribeStacks: nothing yielded', async (t) => {
  happyPath();
  cfn.on(DescribeStacksCommand).rejects(denied('cloudformation:DescribeStacks'));
  const ctx = context();
  t.same(await scanAll(cloudFormationStackScanner, ctx), []);
  t.match(ctx.problems, [{ kind: 'access-denied', resourceType: 'AWS.CloudFormation.Stack' }]);
});

t.test('a failing second page drops the type rather than yielding half of it', async (t) => {
  happyPath();
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('web')], NextToken: 'stacks-2' });
  cfn.on(DescribeStacksCommand, { NextToken: 'stacks-2' }).rejects(awsError('ValidationError', 'Invalid NextToken'));
  const ctx = context();
  t.same(await scanAll(cloudFormationStackScanner, ctx), []);
  t.match(ctx.problems, [{ kind: 'error', message: 'ValidationError: Invalid NextToken' }]);
});

t.test('throttled detail call (mock bypasses SDK retries): recorded as throttled', async (t) => {
  happyPath();
  cfn.on(DescribeStackResourceDriftsCommand).rejectsOnce(throttled()).resolves({ StackResourceDrifts: [] });
  const ctx = context();
  const [s] = await scanAll(cloudFormationStackScanner, ctx);
  t.equal(s?.Drifts, null);
  t.match(ctx.problems, [{ kind: 'throttled', resourceId: stackId('web') }]);
});
