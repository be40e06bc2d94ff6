import t from 'tap';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { dynamoDbTableScanner } from '../../../cloud-security/scanners/dynamodb.js';
import { awsError, deniedException, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const ddb = mockClient(DynamoDBClient);
const arnOf = (n: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${n}`;
const table = (name: string) => ({
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  TableName: name,
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  TableStatus: 'ACTIVE' as const,
  CreationDateTime: new Date('2023-03-04T05:06:07Z'),
  ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
  TableSizeBytes: 2048,
  ItemCount: 12,
  TableArn: arnOf(name),
  TableId: '3c1d2f0e-1111-2222-3333-444455556666',
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' as const, LastUpdateToPayPerRequestDateTime: new Date('2023-03-04T05:06:07Z') },
  SSEDescription: { Status: 'ENABLED' as const, SSEType: 'KMS' as const, KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  DeletionProtectionEnabled: true,
});

function details(): void {
  ddb.on(DescribeTableCommand).callsFake((input: { TableName: string }) => ({ Table: table(input.TableName) }));
  ddb.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' } });
  ddb.on(DescribeContinuousBackupsCommand).resolves({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', EarliestRestorableDateTime: new Date('2024-01-01T00:00:00Z'), LatestRestorableDateTime: new Date('2024-05-06T07:03:09Z') },
    },
  });
  ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: 'env', Value: 'prod' }] });
}

t.beforeEach(() => ddb.reset());

t.test('full snapshot of one table, field by field', async (t) => {
  ddb.on(ListTablesCommand).resolves({ TableNames: ['orders'] });
  details();
  const { ctx, problems } = makeCtx();
  const [s, ...rest] = await drain(dynamoDbTableScanner, ctx);
  t.equal(rest.length, 0);
  t.same(problems, []);
  t.same(s, {
    ResourceId: arnOf('orders'),
    ResourceType: 'AWS.DynamoDB.Table',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'orders',
    ARN: arnOf('orders'),
    Tags: { env: 'prod' },
    TimeCreated: '2023-03-04T05:06:07.000Z',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: '2023-03-04T05:06:07.000Z' },
    GlobalSecondaryIndexes: null,
    ItemCount: 12,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    LatestStreamArn: null,
    LatestStreamLabel: null,
    LocalSecondaryIndexes: null,
    ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    RestoreSummary: null,
    SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    StreamSpecification: null,
    TableSizeBytes: 2048,
    TableStatus: 'ACTIVE',
    TableId: '3c1d2f0e-1111-2222-3333-444455556666',
    DeletionProtectionEnabled: true,
    TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' },
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', EarliestRestorableDateTime: '2024-01-01T00:00:00.000Z', LatestRestorableDateTime: '2024-05-06T07:03:09.000Z' },
    },
  });
});

t.test('two pages of tables: both yielded, ExclusiveStartTableName passed; tags paged too', async (t) => {
  const pages = paged([{ TableNames: ['a'], LastEvaluatedTableName: 'a' }, { TableNames: ['b'] }], 'ExclusiveStartTableName');
  ddb.on(ListTablesCommand).callsFake(pages.fake);
  details();
  ddb.on(ListTagsOfResourceCommand, { ResourceArn: arnOf('a') })
    .resolvesOnce({ Tags: [{ Key: 'k1', Value: 'v1' }], NextToken: 'tags-2' })
    .resolvesOnce({ Tags: [{ Key: 'k2', Value: 'v2' }] });
  const { ctx } = makeCtx();
  const out = await drain(dynamoDbTableScanner, ctx);
  t.same(out.map((s) => s.Name), ['a', 'b']);
  t.same(pages.seen, [undefined, 'a']);
  t.same(out[0]?.Tags, { k1: 'v1', k2: 'v2' });
  t.same(out[1]?.Tags, { env: 'prod' });
});

t.test('denied detail calls: table yielded, fields null, problems recorded', async (t) => {
  ddb.on(ListTablesCommand).resolves({ TableNames: ['locked'] });
  details();
  ddb.on(DescribeTableCommand).rejects(deniedException());
  ddb.on(DescribeContinuousBackupsCommand).rejects(deniedException());
  const { ctx, problems } = makeCtx();
  const [s] = await drain(dynamoDbTableScanner, ctx);
  t.equal(s?.ARN, arnOf('locked'));
  t.equal(s?.SSEDescription, null);
  t.equal(s?.TableStatus, null);
  t.equal(s?.TimeCreated, null);
  t.equal(s?.ContinuousBackupsDescription, null);
  t.same(s?.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  t.match(problems, [
    { resourceType: 'AWS.DynamoDB.Table', resourceId: arnOf('locked'), kind: 'access-denied' },
    { resourceId: arnOf('locked'), kind: 'access-denied' },
  ]);
  t.equal(problems.length, 2);
});

t.test('a table deleted after the listing is skipped without a problem', async (t) => {
  ddb.on(ListTablesCommand).resolves({ TableNames: ['gone', 'kept'] });
  details();
  ddb.on(DescribeTableCommand, { TableName: 'gone' }).rejects(awsError('ResourceNotFoundException', 'Requested resource not found'));
  const { ctx, problems } = makeCtx();
  t.same((await drain(dynamoDbTableScanner, ctx)).map((s) => s.Name), ['kept']);
  t.same(problems, []);
});

t.test('throttled detail call (mocked send: no SDK retry) is recorded as throttled', async (t) => {
  ddb.on(ListTablesCommand).resolves({ TableNames: ['busy'] });
  details();
  ddb.on(DescribeTimeToLiveCommand).rejectsOnce(throttled()).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
  const { ctx, problems } = makeCtx();
  const [s] = await drain(dynamoDbTableScanner, ctx);
  t.equal(s?.TimeToLiveDescription, null);
  t.equal(s?.TableStatus, 'ACTIVE');
  t.match(problems, [{ kind: 'throttled', resourceId: arnOf('busy') }]);
});

t.test('denied list: problem recorded, nothing yielded', async (t) => {
  ddb.on(ListTablesCommand).rejects(deniedException());
  const { ctx, problems } = makeCtx();
  t.same(await drain(dynamoDbTableScanner, ctx), []);
  t.match(problems, [{ resourceType: 'AWS.DynamoDB.Table', kind: 'access-denied' }]);
  t.equal(ddb.commandCalls(DescribeTableCommand).length, 0);
});
