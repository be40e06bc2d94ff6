// Default Security Group Restricts All Traffic: The default security group of each VPC has no inbound and no outbound rule, so resources launched without a group get no access.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface SecurityGroup {
  readonly GroupName: string | null;
  readonly IpPermissions: readonly unknown[] | null;
  readonly IpPermissionsEgress: readonly unknown[] | null;
}

export function policy(event: PantherEvent<SecurityGroup>): boolean {
  const resource = event.data;
  if (resource.GroupName !== 'default') return true;
  return (resource.IpPermissions ?? []).length === 0 && (resource.IpPermissionsEgress ?? []).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Default Security Group Restricts All Traffic');
}
