// protected_branch.destroy and policy overrides.
import type { Audit } from '../../../../parsers/github/audit.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof Audit>;

const ACTIONS = new Set(['protected_branch.destroy', 'protected_branch.policy_override']);

export function rule(event: Event): boolean {
  return ACTIONS.has(event.get('action') ?? '');
}

export function title(event: Event): string {
  return `${event.get('actor') ?? 'unknown'} ran ${event.get('action')} on ${event.get('name') ?? 'a branch'} of ${event.get('repo') ?? 'unknown'}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return { action: event.get('action'), actor: event.get('actor') ?? null, repo: event.get('repo') ?? null, branch: event.get('name') ?? null };
}
