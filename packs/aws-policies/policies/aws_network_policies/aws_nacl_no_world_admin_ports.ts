// Network ACL Does Not Allow Administration Ports From The World: No inbound allow entry admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0 before a deny does (entries apply in rule-number order).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Entry {
  readonly RuleNumber?: number;
  readonly Egress?: boolean;
  readonly Protocol?: string;
  readonly RuleAction?: string;
  readonly CidrBlock?: string;
  readonly Ipv6CidrBlock?: string;
  readonly PortRange?: { readonly From?: number; readonly To?: number };
}
interface NetworkAcl {
  readonly Entries: readonly Entry[] | null;
}

const ADMIN_PORTS = [22, 3389];

function matches(e: Entry, port: number): boolean {
  if (e.Protocol === '-1') return true;
  // 6 is TCP; SSH and RDP are TCP.
  if (e.Protocol !== '6') return false;
  return (e.PortRange?.From ?? 0) <= port && port <= (e.PortRange?.To ?? 65535);
}

export function policy(event: PantherEvent<NetworkAcl>): boolean {
  const resource = event.data;
  const inbound = (resource.Entries ?? []).filter((e) => e.Egress !== true).sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
  for (const world of [{ v4: true }, { v4: false }]) {
    const fromWorld = inbound.filter((e) => (world.v4 ? e.CidrBlock === '0.0.0.0/0' : e.Ipv6CidrBlock === '::/0'));
    for (const port of ADMIN_PORTS) {
      // The first matching entry decides, as the ACL evaluates them.
      const first = fromWorld.find((e) => matches(e, port));
      if (first?.RuleAction === 'allow') return false;
    }
  }
  return true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Network ACL Does Not Allow Administration Ports From The World');
}
