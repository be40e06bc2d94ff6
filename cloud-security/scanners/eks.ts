// AWS.EKS.Cluster: each cluster's description, with its node groups and Fargate profiles.
import {
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  EKSClient,
  paginateListClusters,
  paginateListFargateProfiles,
  paginateListNodegroups,
} from '@aws-sdk/client-eks';
import type { ResourceScanner, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, pascalKeys } from './common.js';

const TYPE = 'AWS.EKS.Cluster';

/** A cluster's ARN as DescribeCluster gives it, built from its name. */
const clusterArn = (ctx: ScanContext, name: string): string => `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${name}`;

/** An embedded node group or Fargate profile: common fields, then the API's (PascalCase). */
function embedded(obj: { tags?: Record<string, string>; createdAt?: Date }, arn: string | undefined, name: string | undefined): Record<string, unknown> {
  const { tags, createdAt, ...rest } = obj;
  return {
    ARN: arn ?? null,
    Name: name ?? null,
    Tags: tags ?? {},
    TimeCreated: createdAt ? createdAt.toISOString() : null,
    ...(pascalKeys(rest) as Record<string, unknown>),
  };
}

export const eksClusterScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const eks = new EKSClient(ctx.clientConfig);
    const listed = await listAll(ctx, TYPE, () => paginateListClusters({ client: eks }, {}), (p) => p.clusters);
    if (listed === null) return;
    const names = onlyWanted(ctx, listed, (n) => ({ id: clusterArn(ctx, n), arn: clusterArn(ctx, n), name: n }));
    const details = await mapLimit(names, DETAIL_CONCURRENCY, async (name) => {
      const fallbackArn = clusterArn(ctx, name);
      const cluster = (await detail(ctx, TYPE, fallbackArn, () => eks.send(new DescribeClusterCommand({ name }))))?.cluster ?? null;
      const arn = cluster?.arn ?? fallbackArn;
      const nodegroups = await detail(ctx, TYPE, arn, async () => {
        const ngNames: string[] = [];
        for await (const page of paginateListNodegroups({ client: eks }, { clusterName: name })) ngNames.push(...(page.nodegroups ?? []));
        const out = await mapLimit(ngNames, DETAIL_CONCURRENCY, (ng) => eks.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName: ng })));
        return out.flatMap((o) => (o.nodegroup ? [embedded(o.nodegroup, o.nodegroup.nodegroupArn, o.nodegroup.nodegroupName)] : []));
      });
      const profiles = await detail(ctx, TYPE, arn, async () => {
        const fpNames: string[] = [];
        for await (const page of paginateListFargateProfiles({ client: eks }, { clusterName: name })) fpNames.push(...(page.fargateProfileNames ?? []));
        const out = await mapLimit(fpNames, DETAIL_CONCURRENCY, (fp) => eks.send(new DescribeFargateProfileCommand({ clusterName: name, fargateProfileName: fp })));
        return out.flatMap((o) => (o.fargateProfile ? [embedded(o.fargateProfile, o.fargateProfile.fargateProfileArn, o.fargateProfile.fargateProfileName)] : []));
      });
      return { arn, cluster, nodegroups, profiles };
    });
    for (const [i, name] of names.entries()) {
      const d = details[i];
      if (d === undefined) continue;
      // A cluster whose description was denied is still yielded, with only what its name tells.
      const { arn: _arn, name: _name, tags, createdAt, ...rest } = d.cluster ?? {};
      yield {
        ...baseSnapshot(ctx, TYPE, { id: d.arn, arn: d.arn, name, tags: tags ?? {}, created: createdAt ?? null }),
        ...(pascalKeys(rest) as Record<string, unknown>),
        NodeGroup: d.nodegroups,
        FargateProfile: d.profiles,
      };
    }
  },
};
