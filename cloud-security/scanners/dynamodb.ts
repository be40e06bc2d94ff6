// AWS.DynamoDB.Table: every table of the region with its description (encryption, billing,
// streams, indexes), time to live, point-in-time recovery and tags.
// Not included: Panther's AutoScalingDescriptions (Application Auto Scaling), whose SDK client
// is not a dependency of this project.
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  paginateListTables,
  type TableDescription,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, plainObject, recordProblem, tagMap } from './common.js';

export const DYNAMODB_TABLE = 'AWS.DynamoDB.Table';

/** The TableDescription fields Panther's snapshot embeds: null when DescribeTable failed. */
const TABLE_FIELDS = [
  'AttributeDefinitions',
  'BillingModeSummary',
  'GlobalSecondaryIndexes',
  'ItemCount',
  'KeySchema',
  'LatestStreamArn',
  'LatestStreamLabel',
  'LocalSecondaryIndexes',
  'ProvisionedThroughput',
  'RestoreSummary',
  'SSEDescription',
  'StreamSpecification',
  'TableSizeBytes',
  'TableStatus',
] as const;

/** A table's ARN as DescribeTable gives it, built from its name (for a failed DescribeTable and for matching). */
const tableArn = (ctx: ScanContext, name: string): string => `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;

async function tableSnapshot(ctx: ScanContext, ddb: DynamoDBClient, name: string): Promise<ResourceSnapshot | null> {
  const fallbackArn = tableArn(ctx, name);
  let table: TableDescription | undefined;
  try {
    table = (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    // Deleted since it was listed: there is nothing to snapshot.
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return null;
    recordProblem(ctx, DYNAMODB_TABLE, err, fallbackArn);
  }
  const arn = table?.TableArn ?? fallbackArn;
  const d = <T>(call: () => Promise<T>) => detail(ctx, DYNAMODB_TABLE, arn, call);
  const [ttl, backups, tags] = await Promise.all([
    d(() => ddb.send(new DescribeTimeToLiveCommand({ TableName: name }))),
    d(() => ddb.send(new DescribeContinuousBackupsCommand({ TableName: name }))),
    d(async () => {
      // ListTagsOfResource pages with NextToken and has no SDK paginator.
      const all: Tag[] = [];
      let token: string | undefined;
      do {
        const page = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: token }));
        all.push(...(page.Tags ?? []));
        token = page.NextToken;
      } while (token);
      return all;
    }),
  ]);
  const own: Record<string, unknown> = {};
  for (const f of TABLE_FIELDS) own[f] = null;
  Object.assign(own, plainObject(table, ['TableName', 'TableArn', 'CreationDateTime']));
  return {
    ...baseSnapshot(ctx, DYNAMODB_TABLE, { id: arn, arn, name, tags: tagMap(tags ?? undefined), created: table?.CreationDateTime ?? null }),
    ...own,
    TimeToLiveDescription: ttl?.TimeToLiveDescription ? plain(ttl.TimeToLiveDescription) : null,
    ContinuousBackupsDescription: backups?.ContinuousBackupsDescription ? plain(backups.ContinuousBackupsDescription) : null,
  };
}

export const dynamoDbTableScanner: ResourceScanner = {
  resourceType: DYNAMODB_TABLE,
  async *scan(ctx) {
    const ddb = new DynamoDBClient(ctx.clientConfig);
    const names = await listAll(ctx, DYNAMODB_TABLE, () => paginateListTables({ client: ddb }, {}), (p) => p.TableNames);
    if (!names) return;
    const asked = onlyWanted(ctx, names, (n) => ({ id: tableArn(ctx, n), arn: tableArn(ctx, n), name: n }));
    for (const s of await mapLimit(asked, DETAIL_CONCURRENCY, (n) => tableSnapshot(ctx, ddb, n))) if (s) yield s;
  },
};
