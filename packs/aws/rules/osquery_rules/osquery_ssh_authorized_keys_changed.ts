// Any differential row of an authorized_keys query.
import type { Differential } from '../../../../parsers/osquery/differential.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Differential>;

export function rule(event: Event): boolean {
  return (event.get('name') ?? '').includes('authorized_keys') && (event.get('action') === 'added' || event.get('action') === 'removed');
}

function host(event: Event): string {
  return event.get('hostIdentifier') ?? String(event.deepGet('decorations', 'hostname', { default: 'unknown host' }));
}

export function title(event: Event): string {
  const verb = event.get('action') === 'added' ? 'added to' : 'removed from';
  return `SSH key ${verb} ${String(event.deepGet('columns', 'key_file', { default: 'authorized_keys' }))} on ${host(event)}`;
}

export function dedup(event: Event): string {
  return `${host(event)}:${String(event.deepGet('columns', 'key_file', { default: '' }))}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return { host: host(event), action: event.get('action'), columns: event.get('columns') ?? null };
}
