// user.mfa.factor.reset_all or user.mfa.factor.deactivate that succeeded.
import type { SystemLog } from '../../../../parsers/okta/system-log.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof SystemLog>;

const RESETS = new Set(['user.mfa.factor.reset_all', 'user.mfa.factor.deactivate']);

export function rule(event: Event): boolean {
  return RESETS.has(event.get('eventType') ?? '') && event.deepGet('outcome', 'result') === 'SUCCESS';
}

function target(event: Event): string {
  return String(event.deepWalk('target', 'alternateId', { return_val: 'first', default: 'unknown' }));
}

export function title(event: Event): string {
  return `${String(event.deepGet('actor', 'alternateId', { default: 'unknown' }))} reset the MFA factors of ${target(event)}`;
}

export function dedup(event: Event): string {
  return target(event);
}

export function alertContext(event: Event): Record<string, unknown> {
  return { actor: event.deepGet('actor', 'alternateId') ?? null, target: target(event), eventType: event.get('eventType'), ipAddress: event.deepGet('client', 'ipAddress') ?? null };
}
