// Auth0's own brute-force and rate-limit blocks.
import type { Events } from '../../../../parsers/auth0/events.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Events>;

const BLOCKS: ReadonlyMap<string, string> = new Map([
  ['limit_wc', 'account blocked after too many failed logins'],
  ['limit_mu', 'IP blocked after failed logins to many users'],
  ['limit_sul', 'user blocked by the login rate limit'],
]);

export function rule(event: Event): boolean {
  return BLOCKS.has(String(event.deepGet('data', 'type', { default: '' })));
}

export function title(event: Event): string {
  const what = BLOCKS.get(String(event.deepGet('data', 'type'))) ?? 'blocked';
  return `Auth0 ${what}: ${String(event.deepGet('data', 'user_name', { default: 'unknown user' }))} from ${String(event.deepGet('data', 'ip', { default: 'unknown' }))}`;
}

export function dedup(event: Event): string {
  return String(event.deepGet('data', 'ip', { default: 'unknown' }));
}

export function alertContext(event: Event): Record<string, unknown> {
  return { type: event.deepGet('data', 'type') ?? null, ip: event.deepGet('data', 'ip') ?? null, userName: event.deepGet('data', 'user_name') ?? null, hostname: event.deepGet('data', 'hostname') ?? null };
}
