// Unarchived GuardDuty findings of severity 7.0 or more; 9.0 and more are critical.
import type { GuardDuty } from '../../../../parsers/aws/guardduty.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof GuardDuty>;

export function rule(event: Event): boolean {
  return (event.get('severity') ?? 0) >= 7 && event.deepGet('service', 'archived') !== true;
}

export function title(event: Event): string {
  return `GuardDuty finding ${event.get('type') ?? 'unknown'} in account ${event.get('accountId') ?? 'unknown'} (${event.get('region') ?? 'unknown'}): ${event.get('title') ?? ''}`;
}

export function severity(event: Event): string {
  return (event.get('severity') ?? 0) >= 9 ? 'CRITICAL' : 'DEFAULT';
}

// One alert per finding: GuardDuty updates a finding (count, eventLastSeen) rather than repeating it.
export function dedup(event: Event): string {
  return event.get('id') ?? event.get('arn') ?? 'unknown';
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    findingId: event.get('id') ?? null,
    type: event.get('type') ?? null,
    severity: event.get('severity') ?? null,
    accountId: event.get('accountId') ?? null,
    region: event.get('region') ?? null,
    resourceType: event.deepGet('resource', 'resourceType') ?? null,
    instanceId: event.deepGet('resource', 'instanceDetails', 'instanceId') ?? null,
    actionType: event.deepGet('service', 'action', 'actionType') ?? null,
    count: event.deepGet('service', 'count') ?? null,
  };
}
