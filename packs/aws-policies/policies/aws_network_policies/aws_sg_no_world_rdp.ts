// Security Group Does Not Open RDP To The World: No ingress rule admits RDP (TCP 3389) from 0.0.0.0/0 or ::/0.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { coversPort, opensToV4World, opensToV6World, type IpPermission } from '../../helpers/network.js';

interface SecurityGroup {
  readonly IpPermissions: readonly IpPermission[] | null;
}

const PORT = 3389;

export function policy(event: PantherEvent<SecurityGroup>): boolean {
  const resource = event.data;
  return !(resource.IpPermissions ?? []).some((p) => coversPort(p, PORT) && (opensToV4World(p) || opensToV6World(p)));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Security Group Does Not Open RDP To The World');
}
