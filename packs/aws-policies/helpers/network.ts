// Security group and network ACL rules, as DescribeSecurityGroups / DescribeNetworkAcls give them.

export interface IpPermission {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly IpRanges?: ReadonlyArray<{ readonly CidrIp?: string }>;
  readonly Ipv6Ranges?: ReadonlyArray<{ readonly CidrIpv6?: string }>;
}

export const WORLD_V4 = '0.0.0.0/0';
export const WORLD_V6 = '::/0';

/** Remote administration ports (SSH, RDP) of CIS 5.x. */
export const ADMIN_PORTS: readonly number[] = [22, 3389];

/** True when the rule admits TCP `port` (protocol -1 is every protocol and port). */
export function coversPort(p: IpPermission, port: number): boolean {
  if (p.IpProtocol === '-1') return true;
  if (p.IpProtocol !== 'tcp' && p.IpProtocol !== '6') return false;
  return (p.FromPort ?? 0) <= port && port <= (p.ToPort ?? 65535);
}

export function opensToV4World(p: IpPermission): boolean {
  return (p.IpRanges ?? []).some((r) => r.CidrIp === WORLD_V4);
}

export function opensToV6World(p: IpPermission): boolean {
  return (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === WORLD_V6);
}
