// Auth0's breached password detection events.
import type { Events } from '../../../../parsers/auth0/events.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Events>;

export function rule(event: Event): boolean {
  return event.deepGet('data', 'type') === 'pwd_leak';
}

export function title(event: Event): string {
  return `Breached password used for ${String(event.deepGet('data', 'user_name', { default: 'unknown user' }))} from ${String(event.deepGet('data', 'ip', { default: 'unknown' }))}`;
}

export function dedup(event: Event): string {
  return String(event.deepGet('data', 'user_name', { default: 'unknown' }));
}

export function alertContext(event: Event): Record<string, unknown> {
  return { ip: event.deepGet('data', 'ip') ?? null, userName: event.deepGet('data', 'user_name') ?? null, userAgent: event.deepGet('data', 'user_agent') ?? null };
}
