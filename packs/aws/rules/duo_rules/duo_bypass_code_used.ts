// Successful authentications whose factor is a bypass code.
import type { Authentication } from '../../../../parsers/duo/authentication.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Authentication>;

export function rule(event: Event): boolean {
  return event.get('factor') === 'bypass_code' && event.get('result') === 'success';
}

function user(event: Event): string {
  return String(event.deepGet('user', 'name', { default: event.get('email') ?? 'unknown' }));
}

export function title(event: Event): string {
  return `${user(event)} used a Duo bypass code for ${String(event.deepGet('application', 'name', { default: 'an application' }))} from ${String(event.deepGet('access_device', 'ip', { default: 'unknown' }))}`;
}

export function dedup(event: Event): string {
  return user(event);
}

export function alertContext(event: Event): Record<string, unknown> {
  return { user: user(event), application: event.deepGet('application', 'name') ?? null, accessDeviceIp: event.deepGet('access_device', 'ip') ?? null };
}
