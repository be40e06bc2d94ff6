// Resource Is In An Approved Region: Workloads run only in the regions the organization approved. The list is APPROVED_REGIONS in packs/aws-policies/helpers/regions.ts: edit it there. Default VPCs and their default security groups exist in every region and are not flagged.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { isApprovedRegion } from '../../helpers/regions.js';

interface Resource {
  readonly Region: string;
  readonly ResourceType: string;
  readonly IsDefault?: boolean;
  readonly GroupName?: string;
}

export function policy(event: PantherEvent<Resource>): boolean {
  const resource = event.data;
  // What AWS creates in every region by itself is not a workload placed there.
  if (resource.ResourceType === 'AWS.EC2.VPC' && resource.IsDefault === true) return true;
  if (resource.ResourceType === 'AWS.EC2.SecurityGroup' && resource.GroupName === 'default') return true;
  return isApprovedRegion(resource.Region);
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Resource Is In An Approved Region');
}
