// Security Group Does Not Open Administration Ports To The World: No ingress rule admits remote administration or database ports (SSH, RDP, Telnet, WinRM, VNC, MySQL, PostgreSQL, MSSQL, Oracle, Redis, MongoDB, Elasticsearch) from the whole internet.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { coversPort, opensToV4World, opensToV6World, type IpPermission } from '../../helpers/network.js';

interface SecurityGroup {
  readonly IpPermissions: readonly IpPermission[] | null;
}

// Ports an attacker would use to administer a host or read its data directly.
export const SENSITIVE_PORTS: readonly number[] = [22, 23, 3389, 5985, 5986, 5900, 3306, 5432, 1433, 1521, 6379, 27017, 9200];

export function policy(event: PantherEvent<SecurityGroup>): boolean {
  const resource = event.data;
  return !(resource.IpPermissions ?? []).some((p) => (opensToV4World(p) || opensToV6World(p)) && SENSITIVE_PORTS.some((port) => coversPort(p, port)));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Security Group Does Not Open Administration Ports To The World');
}
