// user.account.privilege.grant or group.privilege.grant that succeeded.
import type { SystemLog } from '../../../../parsers/okta/system-log.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof SystemLog>;

const GRANTS = new Set(['user.account.privilege.grant', 'group.privilege.grant']);

export function rule(event: Event): boolean {
  return GRANTS.has(event.get('eventType') ?? '') && event.deepGet('outcome', 'result') === 'SUCCESS';
}

function targets(event: Event): string {
  const t = event.deepWalk('target', 'alternateId', { default: [] });
  const list = Array.isArray(t) ? t : [t];
  return list.length > 0 ? list.map(String).join(', ') : 'unknown';
}

export function title(event: Event): string {
  const priv = String(event.deepGet('debugContext', 'debugData', 'privilegeGranted', { default: 'an admin role' }));
  return `${String(event.deepGet('actor', 'alternateId', { default: 'unknown' }))} granted ${priv} to ${targets(event)}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    actor: event.deepGet('actor', 'alternateId') ?? null,
    targets: targets(event),
    privilegeGranted: event.deepGet('debugContext', 'debugData', 'privilegeGranted') ?? null,
    ipAddress: event.deepGet('client', 'ipAddress') ?? null,
  };
}
