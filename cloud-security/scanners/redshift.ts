// AWS.Redshift.Cluster: every cluster of the region with its audit logging status.
import { DescribeLoggingStatusCommand, RedshiftClient, paginateDescribeClusters, type Cluster } from '@aws-sdk/client-redshift';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plainObject, tagMap } from './common.js';

export const REDSHIFT_CLUSTER = 'AWS.Redshift.Cluster';

const clusterArn = (ctx: ScanContext, id: string): string => `arn:${ctx.partition}:redshift:${ctx.region}:${ctx.accountId}:cluster:${id}`;

async function clusterSnapshot(ctx: ScanContext, rs: RedshiftClient, c: Cluster): Promise<ResourceSnapshot> {
  const id = c.ClusterIdentifier ?? '';
  const arn = clusterArn(ctx, id);
  const logging = await detail(ctx, REDSHIFT_CLUSTER, arn, () => rs.send(new DescribeLoggingStatusCommand({ ClusterIdentifier: id })));
  return {
    ...baseSnapshot(ctx, REDSHIFT_CLUSTER, { id: arn, arn, name: id, tags: tagMap(c.Tags), created: c.ClusterCreateTime ?? null }),
    ...plainObject(c, ['ClusterIdentifier', 'ClusterCreateTime', 'Tags']),
    LoggingStatus: logging ? plainObject(logging) : null,
  };
}

export const redshiftClusterScanner: ResourceScanner = {
  resourceType: REDSHIFT_CLUSTER,
  async *scan(ctx) {
    const rs = new RedshiftClient(ctx.clientConfig);
    const clusters = await listAll(ctx, REDSHIFT_CLUSTER, () => paginateDescribeClusters({ client: rs }, {}), (p) => p.Clusters);
    if (!clusters) return;
    const asked = onlyWanted(ctx, clusters, (c) => ({ id: clusterArn(ctx, c.ClusterIdentifier ?? ''), arn: clusterArn(ctx, c.ClusterIdentifier ?? ''), name: c.ClusterIdentifier ?? '' }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (c) => clusterSnapshot(ctx, rs, c));
  },
};
