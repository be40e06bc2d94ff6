// org.update_member / org.add_member to the admin permission, or business.add_admin.
import type { Audit } from '../../../../parsers/github/audit.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Audit>;

export function rule(event: Event): boolean {
  const action = event.get('action');
  if (action === 'business.add_admin') return true;
  return (action === 'org.update_member' || action === 'org.add_member') && event.get('permission') === 'admin';
}

export function title(event: Event): string {
  return `${event.get('actor') ?? 'unknown'} made ${event.get('user') ?? 'unknown'} an admin of ${event.get('org') ?? event.get('business') ?? 'unknown'}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    action: event.get('action'),
    actor: event.get('actor') ?? null,
    user: event.get('user') ?? null,
    org: event.get('org') ?? null,
    oldPermission: event.get('old_permission') ?? null,
    actorIp: event.get('actor_ip') ?? null,
  };
}
