// sudo messages for wrong passwords or users outside sudoers.
import type { RFC3164 } from '../../../../parsers/syslog/rfc3164.js';
import type { RFC5424 } from '../../../../parsers/syslog/rfc5424.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof RFC5424> | EventFor<typeof RFC3164>;

const FAILURES = /incorrect password attempts?|authentication failure|user NOT in sudoers|is not allowed to run sudo/i;

function user(event: Event): string {
  const m = /^\s*(\S+) : /.exec(String(event.get('message') ?? ''));
  return m?.[1] ?? 'unknown';
}

export function rule(event: Event): boolean {
  return event.get('appname') === 'sudo' && FAILURES.test(String(event.get('message') ?? ''));
}

export function title(event: Event): string {
  return `sudo failure for ${user(event)} on ${String(event.get('hostname') ?? 'unknown host')}`;
}

export function dedup(event: Event): string {
  return `${String(event.get('hostname') ?? '')}:${user(event)}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return { hostname: event.get('hostname') ?? null, user: user(event), message: event.get('message') ?? null };
}
