// "added" rows of a listening_ports query, except loopback addresses.
import type { Differential } from '../../../../parsers/osquery/differential.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Differential>;

const LOOPBACK = new Set(['127.0.0.1', '::1']);

export function rule(event: Event): boolean {
  if (!(event.get('name') ?? '').includes('listening_ports') || event.get('action') !== 'added') return false;
  const address = event.deepGet('columns', 'address');
  const port = Number(event.deepGet('columns', 'port', { default: 0 }));
  return port > 0 && !LOOPBACK.has(String(address));
}

function host(event: Event): string {
  return event.get('hostIdentifier') ?? String(event.deepGet('decorations', 'hostname', { default: 'unknown host' }));
}

export function title(event: Event): string {
  return `${String(event.deepGet('columns', 'path', { default: 'a process' }))} listens on port ${String(event.deepGet('columns', 'port'))} on ${host(event)}`;
}

export function dedup(event: Event): string {
  return `${host(event)}:${String(event.deepGet('columns', 'port'))}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return { host: host(event), columns: event.get('columns') ?? null, query: event.get('name') ?? null };
}
