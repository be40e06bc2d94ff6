// Failed user.session.start; the Threshold counts failures per user.
import type { SystemLog } from '../../../../parsers/okta/system-log.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof SystemLog>;

export function rule(event: Event): boolean {
  return event.get('eventType') === 'user.session.start' && event.deepGet('outcome', 'result') === 'FAILURE';
}

function user(event: Event): string {
  return String(event.deepGet('actor', 'alternateId', { default: 'unknown' }));
}

export function title(event: Event): string {
  return `Repeated failed Okta logins for ${user(event)} from ${String(event.deepGet('client', 'ipAddress', { default: 'unknown' }))}`;
}

export function dedup(event: Event): string {
  return user(event);
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    actor: user(event),
    ipAddress: event.deepGet('client', 'ipAddress') ?? null,
    reason: event.deepGet('outcome', 'reason') ?? null,
    country: event.deepGet('client', 'geographicalContext', 'country') ?? null,
    userAgent: event.deepGet('client', 'userAgent', 'rawUserAgent') ?? null,
  };
}
