// result "fraud" in the authentication log.
import type { Authentication } from '../../../../parsers/duo/authentication.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Authentication>;

export function rule(event: Event): boolean {
  return event.get('result') === 'fraud';
}

function user(event: Event): string {
  return String(event.deepGet('user', 'name', { default: event.get('email') ?? 'unknown' }));
}

export function title(event: Event): string {
  return `${user(event)} reported a Duo ${event.get('factor') ?? ''} request for ${String(event.deepGet('application', 'name', { default: 'an application' }))} as fraud`;
}

export function dedup(event: Event): string {
  return user(event);
}

export function alertContext(event: Event): Record<string, unknown> {
  return { user: user(event), application: event.deepGet('application', 'name') ?? null, accessDeviceIp: event.deepGet('access_device', 'ip') ?? null, location: event.deepGet('access_device', 'location') ?? null, reason: event.get('reason') ?? null };
}
