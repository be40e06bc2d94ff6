// system.api_token.create that succeeded.
import type { SystemLog } from '../../../../parsers/okta/system-log.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof SystemLog>;

export function rule(event: Event): boolean {
  return event.get('eventType') === 'system.api_token.create' && event.deepGet('outcome', 'result') === 'SUCCESS';
}

export function title(event: Event): string {
  return `${String(event.deepGet('actor', 'alternateId', { default: 'unknown' }))} created Okta API token ${String(event.deepWalk('target', 'displayName', { return_val: 'first', default: '' }))}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return { actor: event.deepGet('actor', 'alternateId') ?? null, ipAddress: event.deepGet('client', 'ipAddress') ?? null, target: event.get('target') ?? null };
}
