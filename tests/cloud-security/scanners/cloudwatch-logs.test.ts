import t from 'tap';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { logGroupScanner } from '../../../cloud-security/scanners/cloudwatch-logs.js';
import { deniedException, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const logs = mockClient(CloudWatchLogsClient);
const group = (name: string) => ({
  logGroupName: name,
  creationTime: 1704067200000,
  retentionInDays: 365,
  metricFilterCount: 2,
  arn: `arn:aws:logs:us-east-1:123456789012:log-group:${name}:*`,
  logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${name}`,
  storedBytes: 123456,
  kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  logGroupClass: 'STANDARD' as const,
});

t.beforeEach(() => logs.reset());

t.test('full snapshot of one log group, field by field', async (t) => {
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [group('/aws/lambda/fn')] });
  logs.on(ListTagsForResourceCommand).resolves({ tags: { app: 'fn' } });
  const { ctx, problems } = makeCtx();
  const [g, ...rest] = await drain(logGroupScanner, ctx);
  t.equal(rest.length, 0);
  t.same(problems, []);
  const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn';
  t.same(g, {
    ResourceId: arn,
    ResourceType: 'AWS.CloudWatch.LogGroup',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: '/aws/lambda/fn',
    ARN: arn,
    Tags: { app: 'fn' },
    TimeCreated: '2024-01-01T00:00:00.000Z',
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    MetricFilterCount: 2,
    RetentionInDays: 365,
    StoredBytes: 123456,
    LogGroupClass: 'STANDARD',
    DataProtectionStatus: null,
  });
  t.equal(logs.commandCalls(ListTagsForResourceCommand)[0]?.args[0].input.resourceArn, arn, 'tags by the ARN without ":*"');
});

t.test('two pages: both yielded, the nextToken passed', async (t) => {
  const pages = paged([{ logGroups: [group('a')], nextToken: 'n1' }, { logGroups: [group('b')] }], 'nextToken');
  logs.on(DescribeLogGroupsCommand).callsFake(pages.fake);
  logs.on(ListTagsForResourceCommand).resolves({ tags: {} });
  const { ctx } = makeCtx();
  t.same((await drain(logGroupScanner, ctx)).map((g) => g.Name), ['a', 'b']);
  t.same(pages.seen, [undefined, 'n1']);
});

t.test('no retention and no key are null', async (t) => {
  const { retentionInDays: _r, kmsKeyId: _k, ...bare } = group('bare');
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [bare] });
  logs.on(ListTagsForResourceCommand).resolves({});
  const { ctx } = makeCtx();
  const [g] = await drain(logGroupScanner, ctx);
  t.equal(g?.RetentionInDays, null);
  t.equal(g?.KmsKeyId, null);
  t.same(g?.Tags, {});
});

t.test('denied tags: group yielded with no tags, problem recorded; throttled likewise', async (t) => {
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [group('a'), group('b')] });
  logs.on(ListTagsForResourceCommand, { resourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:a' }).rejects(deniedException());
  // Mocked send bypasses the SDK's retry middleware: one call, then our handling.
  logs.on(ListTagsForResourceCommand, { resourceArn: 'arn:aws:logs:us-east-1:123456789012:log-group:b' }).rejectsOnce(throttled()).resolves({ tags: { x: 'y' } });
  const { ctx, problems } = makeCtx();
  const out = await drain(logGroupScanner, ctx);
  t.same(out.map((g) => [g.Name, g.Tags, g.RetentionInDays]), [['a', {}, 365], ['b', {}, 365]]);
  t.match(problems, [
    { resourceType: 'AWS.CloudWatch.LogGroup', resourceId: 'arn:aws:logs:us-east-1:123456789012:log-group:a', kind: 'access-denied' },
    { resourceId: 'arn:aws:logs:us-east-1:123456789012:log-group:b', kind: 'throttled' },
  ]);
});

t.test('denied list: problem recorded, nothing yielded', async (t) => {
  logs.on(DescribeLogGroupsCommand).rejects(deniedException());
  const { ctx, problems } = makeCtx();
  t.same(await drain(logGroupScanner, ctx), []);
  t.match(problems, [{ resourceType: 'AWS.CloudWatch.LogGroup', kind: 'access-denied' }]);
  t.equal(logs.commandCalls(ListTagsForResourceCommand).length, 0);
});
