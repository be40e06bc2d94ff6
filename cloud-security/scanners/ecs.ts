// AWS.ECS.Cluster: clusters (with settings, statistics, tags) and their services.
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient, paginateListClusters, paginateListServices, type Cluster, type Service } from '@aws-sdk/client-ecs';
import type { ResourceScanner } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, pascalKeys, recordProblem, tagMap } from './common.js';

const TYPE = 'AWS.ECS.Cluster';
/** DescribeClusters takes up to 100 clusters, DescribeServices up to 10 services. */
const CLUSTER_BATCH = 100;
const SERVICE_BATCH = 10;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A service as Panther embeds it in the cluster: common fields, then the API's (PascalCase). */
function serviceSnapshot(s: Service): Record<string, unknown> {
  const { serviceArn, serviceName, tags, createdAt, ...rest } = s;
  return {
    ARN: serviceArn ?? null,
    Name: serviceName ?? null,
    Tags: tagMap(tags),
    TimeCreated: createdAt ? createdAt.toISOString() : null,
    ...(pascalKeys(rest) as Record<string, unknown>),
  };
}

export const ecsClusterScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const ecs = new ECSClient(ctx.clientConfig);
    const listed = await listAll(ctx, TYPE, () => paginateListClusters({ client: ecs }, {}), (p) => p.clusterArns);
    if (listed === null) return;
    // A cluster ARN ends in cluster/<name>: the name DescribeClusters would give.
    const arns = onlyWanted(ctx, listed, (a) => ({ id: a, arn: a, name: a.slice(a.lastIndexOf('/') + 1) }));
    if (arns.length === 0) return;
    // The cluster descriptions are the resources themselves: a failure here is a list failure.
    const clusters: Cluster[] = [];
    try {
      for (const batch of chunks(arns, CLUSTER_BATCH)) {
        const out = await ecs.send(new DescribeClustersCommand({ clusters: batch, include: ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'] }));
        clusters.push(...(out.clusters ?? []));
      }
    } catch (err) {
      recordProblem(ctx, TYPE, err);
      return;
    }
    const services = await mapLimit(clusters, DETAIL_CONCURRENCY, (c) =>
      detail(ctx, TYPE, c.clusterArn ?? '', async () => {
        const serviceArns: string[] = [];
        for await (const page of paginateListServices({ client: ecs }, { cluster: c.clusterArn })) serviceArns.push(...(page.serviceArns ?? []));
        const out: Service[] = [];
        for (const batch of chunks(serviceArns, SERVICE_BATCH)) {
          const d = await ecs.send(new DescribeServicesCommand({ cluster: c.clusterArn, services: batch, include: ['TAGS'] }));
          out.push(...(d.services ?? []));
        }
        return out;
      }),
    );
    for (const [i, c] of clusters.entries()) {
      const arn = c.clusterArn ?? '';
      const { clusterArn: _arn, clusterName, tags, ...rest } = c;
      const svc = services[i] ?? null;
      yield {
        // The API gives no cluster creation time.
        ...baseSnapshot(ctx, TYPE, { id: arn, arn, name: clusterName ?? null, tags: tagMap(tags), created: null }),
        ...(pascalKeys(rest) as Record<string, unknown>),
        Services: svc === null ? null : svc.map(serviceSnapshot),
      };
    }
  },
};
