// REJECT records to admin ports; the Threshold counts them per source address.
import type { VPCFlow } from '../../../../parsers/aws/vpc-flow.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof VPCFlow>;

const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [23, 'Telnet'],
  [3389, 'RDP'],
  [5900, 'VNC'],
  [5985, 'WinRM'],
  [5986, 'WinRM'],
]);

export function rule(event: Event): boolean {
  const port = event.get('dstPort');
  return event.get('action') === 'REJECT' && port !== undefined && ADMIN_PORTS.has(port);
}

export function title(event: Event): string {
  const port = event.get('dstPort') ?? 0;
  return `${event.get('srcAddr') ?? 'unknown'} rejected repeatedly on ${ADMIN_PORTS.get(port) ?? 'admin'} port ${port} of ${event.get('dstAddr') ?? 'unknown'} (${event.get('interfaceId') ?? 'unknown interface'})`;
}

export function dedup(event: Event): string {
  return event.get('srcAddr') ?? 'unknown';
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    srcAddr: event.get('srcAddr') ?? null,
    dstAddr: event.get('dstAddr') ?? null,
    dstPort: event.get('dstPort') ?? null,
    protocol: event.get('protocol') ?? null,
    interfaceId: event.get('interfaceId') ?? null,
    account: event.get('account') ?? null,
  };
}
