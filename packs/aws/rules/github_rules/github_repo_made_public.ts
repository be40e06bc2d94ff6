// repo.access events whose new visibility is public.
import type { Audit } from '../../../../parsers/github/audit.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Audit>;

export function rule(event: Event): boolean {
  return event.get('action') === 'repo.access' && (event.get('visibility') === 'public' || event.get('public_repo') === true);
}

export function title(event: Event): string {
  return `${event.get('actor') ?? 'unknown'} made repository ${event.get('repo') ?? 'unknown'} public`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return { actor: event.get('actor') ?? null, repo: event.get('repo') ?? null, org: event.get('org') ?? null, actorIp: event.get('actor_ip') ?? null };
}
