// AWS.CloudWatch.LogGroup: every log group of the region with its retention, KMS key and tags.
// The Logs API's camelCase names are kept as Panther's snapshot spells them (KmsKeyId,
// RetentionInDays, ...), so policies read the same field names as for the other types.
import { CloudWatchLogsClient, ListTagsForResourceCommand, paginateDescribeLogGroups, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, epochToIso, listAll, mapLimit, onlyWanted } from './common.js';

export const LOG_GROUP = 'AWS.CloudWatch.LogGroup';

function logGroupArn(ctx: ScanContext, g: LogGroup): string {
  // `arn` ends in ":*" (the streams); `logGroupArn` is the group's own ARN, the one tags use.
  return g.logGroupArn ?? g.arn?.replace(/:\*$/, '') ?? `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${g.logGroupName}`;
}

async function logGroupSnapshot(ctx: ScanContext, logs: CloudWatchLogsClient, g: LogGroup): Promise<ResourceSnapshot> {
  const arn = logGroupArn(ctx, g);
  const tags = await detail(ctx, LOG_GROUP, arn, () => logs.send(new ListTagsForResourceCommand({ resourceArn: arn })));
  return {
    ...baseSnapshot(ctx, LOG_GROUP, { id: arn, arn, name: g.logGroupName ?? null, tags: tags?.tags ?? {}, created: epochToIso(g.creationTime, 'ms') }),
    KmsKeyId: g.kmsKeyId ?? null,
    MetricFilterCount: g.metricFilterCount ?? null,
    // Absent retention means "never expire".
    RetentionInDays: g.retentionInDays ?? null,
    StoredBytes: g.storedBytes ?? null,
    LogGroupClass: g.logGroupClass ?? null,
    DataProtectionStatus: g.dataProtectionStatus ?? null,
  };
}

export const logGroupScanner: ResourceScanner = {
  resourceType: LOG_GROUP,
  async *scan(ctx) {
    const logs = new CloudWatchLogsClient(ctx.clientConfig);
    const groups = await listAll(ctx, LOG_GROUP, () => paginateDescribeLogGroups({ client: logs }, {}), (p) => p.logGroups);
    if (!groups) return;
    const asked = onlyWanted(ctx, groups, (g) => ({ id: logGroupArn(ctx, g), arn: logGroupArn(ctx, g), name: g.logGroupName ?? null }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (g) => logGroupSnapshot(ctx, logs, g));
  },
};
