// AWS.CloudFormation.Stack: every live stack of the region with the resource drifts of its last
// drift detection. Detecting drift (DetectStackDrift) is a write the audit role does not make:
// the scanner reads the last results only.
import { CloudFormationClient, paginateDescribeStackResourceDrifts, paginateDescribeStacks, type Stack } from '@aws-sdk/client-cloudformation';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, collect, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, tagMap } from './common.js';

const TYPE = 'AWS.CloudFormation.Stack';

// The Stack fields Panther's snapshot keeps (the API's names).
const FIELDS = [
  'Capabilities', 'ChangeSetId', 'DeletionTime', 'Description', 'DisableRollback', 'DriftInformation',
  'EnableTerminationProtection', 'LastUpdatedTime', 'NotificationARNs', 'Outputs', 'Parameters', 'ParentId', 'RoleARN',
  'RollbackConfiguration', 'RootId', 'StackStatus', 'StackStatusReason', 'TimeoutInMinutes',
] as const;

async function snapshotStack(ctx: ScanContext, cfn: CloudFormationClient, s: Stack): Promise<ResourceSnapshot> {
  const arn = s.StackId ?? '';
  const drifts = await detail(ctx, TYPE, arn, () =>
    collect(paginateDescribeStackResourceDrifts({ client: cfn }, { StackName: arn }), (p) => p.StackResourceDrifts),
  );
  const e = plain(s) as Record<string, unknown>;
  const own: Record<string, unknown> = {};
  for (const f of FIELDS) own[f] = e[f] ?? null;
  return {
    ...baseSnapshot(ctx, TYPE, { id: arn, arn, name: s.StackName ?? null, tags: tagMap(s.Tags), created: s.CreationTime ?? null }),
    ...own,
    Drifts: drifts === null ? null : plain(drifts),
  };
}

export const cloudFormationStackScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const cfn = new CloudFormationClient(ctx.clientConfig);
    const stacks = await listAll(ctx, TYPE, () => paginateDescribeStacks({ client: cfn }, {}), (p) => p.Stacks);
    if (stacks === null) return;
    const asked = onlyWanted(ctx, stacks, (s) => ({ id: s.StackId ?? '', arn: s.StackId ?? '', name: s.StackName ?? null }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (s) => snapshotStack(ctx, cfn, s));
  },
};
