// Security Group Does Not Allow All Traffic From The World: No ingress rule admits every protocol (-1) from 0.0.0.0/0 or ::/0.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { opensToV4World, opensToV6World, type IpPermission } from '../../helpers/network.js';

interface SecurityGroup {
  readonly IpPermissions: readonly IpPermission[] | null;
}

export function policy(event: PantherEvent<SecurityGroup>): boolean {
  const resource = event.data;
  return !(resource.IpPermissions ?? []).some((p) => p.IpProtocol === '-1' && (opensToV4World(p) || opensToV6World(p)));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Security Group Does Not Allow All Traffic From The World');
}
