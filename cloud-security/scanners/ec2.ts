// EC2 scanners (group B): AMIs and snapshots owned by the account, instances, network ACLs,
// security groups, volumes, VPCs with their flow logs.
import {
  EC2Client,
  DescribeSnapshotAttributeCommand,
  paginateDescribeFlowLogs,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
  type FlowLog,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, plainObject, recordProblem, tagMap, wanted } from './common.js';

/** The `Name` tag, which EC2 uses as the display name. */
function nameTag(tags: Tag[] | undefined): string | null {
  return tags?.find((t) => t.Key === 'Name')?.Value ?? null;
}

function ec2Arn(ctx: ScanContext, kind: string, id: string, withAccount = true): string {
  return `arn:${ctx.partition}:ec2:${ctx.region}:${withAccount ? ctx.accountId : ''}:${kind}/${id}`;
}

// EC2 ids: a prefix and 8 or 17 hex digits.
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** Values in one EC2 filter (the API allows 200). */
const MAX_FILTER_VALUES = 200;

/**
 * The ids a targeted scan names when every key is certainly an id of the kind (the bare id or its
 * ARN in this account and region): the listing can then ask for them alone. A filter, not the
 * Ids parameter, so that a resource deleted since the event is simply absent instead of failing
 * the listing (InvalidInstanceID.NotFound). Undefined: list everything and match after.
 */
function certainIds(ctx: ScanContext, kind: string, id: RegExp): string[] | undefined {
  if (ctx.only === undefined || ctx.only.length === 0 || ctx.only.length > MAX_FILTER_VALUES) return undefined;
  const prefix = ec2Arn(ctx, kind, '');
  const ids: string[] = [];
  for (const key of ctx.only) {
    const bare = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (!id.test(bare)) return undefined;
    ids.push(bare);
  }
  return [...new Set(ids)];
}

function client(ctx: ScanContext): EC2Client {
  return new EC2Client(ctx.clientConfig);
}

export const ec2AmiScanner: ResourceScanner = {
  resourceType: 'AWS.EC2.AMI',
  async *scan(ctx) {
    const ec2 = client(ctx);
    // Only the account's own images: public and shared ones are not its configuration.
    const images = await listAll(ctx, 'AWS.EC2.AMI', () => paginateDescribeImages({ client: ec2 }, { Owners: ['self'] }), (p) => p.Images);
    for (const img of images ?? []) {
      const id = img.ImageId ?? '';
      // Image ARNs carry no account id (arn:aws:ec2:<region>::image/<id>).
      const arn = ec2Arn(ctx, 'image', id, false);
      if (!wanted(ctx, { id: arn, arn, name: img.Name ?? id })) continue;
      yield {
        ...baseSnapshot(ctx, 'AWS.EC2.AMI', { id: arn, arn, name: img.Name ?? id, tags: tagMap(img.Tags), created: img.CreationDate ?? null }),
        ...plainObject(img, ['Tags', 'CreationDate', 'Name']),
      };
    }
  },
};

export const ec2InstanceScanner: ResourceScanner = {
  resourceType: 'AWS.EC2.Instance',
  async *scan(ctx) {
    const ec2 = client(ctx);
    const ids = certainIds(ctx, 'instance', INSTANCE_ID);
    const input = ids === undefined ? {} : { Filters: [{ Name: 'instance-id', Values: ids }] };
    const reservations = await listAll(ctx, 'AWS.EC2.Instance', () => paginateDescribeInstances({ client: ec2 }, input), (p) => p.Reservations);
    for (const res of reservations ?? []) {
      for (const inst of res.Instances ?? []) {
        const id = inst.InstanceId ?? '';
        const arn = ec2Arn(ctx, 'instance', id);
        if (!wanted(ctx, { id: arn, arn, name: nameTag(inst.Tags) ?? id })) continue;
        yield {
          ...baseSnapshot(ctx, 'AWS.EC2.Instance', { id: arn, arn, name: nameTag(inst.Tags) ?? id, tags: tagMap(inst.Tags), created: inst.LaunchTime ?? null }),
          ...plainObject(inst, ['Tags']),
        };
      }
    }
  },
};

export const ec2NetworkAclScanner: ResourceScanner = {
  resourceType: 'AWS.EC2.NetworkACL',
  async *scan(ctx) {
    const ec2 = client(ctx);
    const acls = await listAll(ctx, 'AWS.EC2.NetworkACL', () => paginateDescribeNetworkAcls({ client: ec2 }, {}), (p) => p.NetworkAcls);
    for (const acl of acls ?? []) {
      const id = acl.NetworkAclId ?? '';
      const arn = ec2Arn(ctx, 'network-acl', id);
      if (!wanted(ctx, { id: arn, arn, name: nameTag(acl.Tags) ?? id })) continue;
      yield {
        ...baseSnapshot(ctx, 'AWS.EC2.NetworkACL', { id: arn, arn, name: nameTag(acl.Tags) ?? id, tags: tagMap(acl.Tags), created: null }),
        ...plainObject(acl, ['Tags']),
      };
    }
  },
};

export const ec2SecurityGroupScanner: ResourceScanner = {
  resourceType: 'AWS.EC2.SecurityGroup',
  async *scan(ctx) {
    const ec2 = client(ctx);
    const ids = certainIds(ctx, 'security-group', GROUP_ID);
    const input = ids === undefined ? {} : { Filters: [{ Name: 'group-id', Values: ids }] };
    const groups = await listAll(ctx, 'AWS.EC2.SecurityGroup', () => paginateDescribeSecurityGroups({ client: ec2 }, input), (p) => p.SecurityGroups);
    for (const sg of groups ?? []) {
      const id = sg.GroupId ?? '';
      const arn = sg.SecurityGroupArn ?? ec2Arn(ctx, 'security-group', id);
      if (!wanted(ctx, { id: arn, arn, name: sg.GroupName ?? id })) continue;
      yield {
        ...baseSnapshot(ctx, 'AWS.EC2.SecurityGroup', { id: arn, arn, name: sg.GroupName ?? id, tags: tagMap(sg.Tags), created: null }),
        ...plainObject(sg, ['Tags']),
      };
    }
  },
};

export const ec2VolumeScanner: ResourceScanner = {
  resourceType: 'AWS.EC2.Volume',
  async *scan(ctx) {
    const ec2 = client(ctx);
    const volumes = await listAll(ctx, 'AWS.EC2.Volume', () => paginateDescribeVolumes({ client: ec2 }, {}), (p) => p.Volumes);
    for (const vol of volumes ?? []) {
      const id = vol.VolumeId ?? '';
      const arn = ec2Arn(ctx, 'volume', id);
      if (!wanted(ctx, { id: arn, arn, name: nameTag(vol.Tags) ?? id })) continue;
      yield {
        ...baseSnapshot(ctx, 'AWS.EC2.Volume', { id: arn, arn, name: nameTag(vol.Tags) ?? id, tags: tagMap(vol.Tags), created: vol.CreateTime ?? null }),
        ...plainObject(vol, ['Tags', 'CreateTime']),
      };
    }
  },
};

export const ec2VpcScanner: ResourceScanner = {
  resourceType: 'AWS.EC2.VPC',
  async *scan(ctx) {
    const ec2 = client(ctx);
    const listed = await listAll(ctx, 'AWS.EC2.VPC', () => paginateDescribeVpcs({ client: ec2 }, {}), (p) => p.Vpcs);
    if (listed === null) return;
    const vpcs = onlyWanted(ctx, listed, (v) => {
      const arn = ec2Arn(ctx, 'vpc', v.VpcId ?? '');
      return { id: arn, arn, name: nameTag(v.Tags) ?? v.VpcId ?? '' };
    });
    // No VPC (asked for): the flow-log listing is not needed.
    if (vpcs.length === 0) return;
    // One region-wide flow-log listing instead of one call per VPC; grouped by the VPC it watches.
    // If it cannot be read, every VPC's FlowLogs is null (unknown), not [] (none configured).
    let flowLogs: Map<string, FlowLog[]> | null = new Map();
    try {
      for await (const page of paginateDescribeFlowLogs({ client: ec2 }, {})) {
        for (const fl of page.FlowLogs ?? []) {
          const list = flowLogs.get(fl.ResourceId ?? '') ?? [];
          list.push(fl);
          flowLogs.set(fl.ResourceId ?? '', list);
        }
      }
    } catch (err) {
      recordProblem(ctx, 'AWS.EC2.VPC', err);
      flowLogs = null;
    }
    for (const vpc of vpcs) {
      const id = vpc.VpcId ?? '';
      const arn = ec2Arn(ctx, 'vpc', id);
      yield {
        ...baseSnapshot(ctx, 'AWS.EC2.VPC', { id: arn, arn, name: nameTag(vpc.Tags) ?? id, tags: tagMap(vpc.Tags), created: null }),
        ...plainObject(vpc, ['Tags']),
        FlowLogs: flowLogs === null ? null : plain(flowLogs.get(id) ?? []),
      };
    }
  },
};

export const ec2SnapshotScanner: ResourceScanner = {
  resourceType: 'AWS.EC2.Snapshot',
  async *scan(ctx) {
    const ec2 = client(ctx);
    const type = 'AWS.EC2.Snapshot';
    const listed = await listAll(ctx, type, () => paginateDescribeSnapshots({ client: ec2 }, { OwnerIds: ['self'] }), (p) => p.Snapshots);
    if (listed === null) return;
    const snaps = onlyWanted(ctx, listed, (s) => {
      const arn = ec2Arn(ctx, 'snapshot', s.SnapshotId ?? '', false);
      return { id: arn, arn, name: nameTag(s.Tags) ?? s.SnapshotId ?? '' };
    });
    // Who may create volumes from the snapshot: a `Group: all` entry makes it public.
    const perms = await mapLimit(snaps, DETAIL_CONCURRENCY, async (s) => {
      const out = await detail(ctx, type, ec2Arn(ctx, 'snapshot', s.SnapshotId ?? '', false), () =>
        ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: s.SnapshotId, Attribute: 'createVolumePermission' })),
      );
      return out === null ? null : (out.CreateVolumePermissions ?? []);
    });
    for (const [i, s] of snaps.entries()) {
      const id = s.SnapshotId ?? '';
      // Snapshot ARNs carry no account id (arn:aws:ec2:<region>::snapshot/<id>).
      const arn = ec2Arn(ctx, 'snapshot', id, false);
      const snapshot: ResourceSnapshot = {
        ...baseSnapshot(ctx, type, { id: arn, arn, name: nameTag(s.Tags) ?? id, tags: tagMap(s.Tags), created: s.StartTime ?? null }),
        ...plainObject(s, ['Tags']),
        CreateVolumePermissions: plain(perms[i] ?? null),
      };
      yield snapshot;
    }
  },
};
