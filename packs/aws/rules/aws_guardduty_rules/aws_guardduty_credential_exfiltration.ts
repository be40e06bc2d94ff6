// The InstanceCredentialExfiltration finding family (OutsideAWS and InsideAWS), whatever its severity.
import type { GuardDuty } from '../../../../parsers/aws/guardduty.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof GuardDuty>;

export function rule(event: Event): boolean {
  return (event.get('type') ?? '').startsWith('UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration') && event.deepGet('service', 'archived') !== true;
}

function role(event: Event): string {
  return String(event.deepGet('resource', 'accessKeyDetails', 'userName', { default: 'unknown role' }));
}

export function title(event: Event): string {
  return `Credentials of ${role(event)} used outside their instance in account ${event.get('accountId') ?? 'unknown'}`;
}

export function dedup(event: Event): string {
  return `${event.get('accountId') ?? ''}:${role(event)}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    findingId: event.get('id') ?? null,
    type: event.get('type') ?? null,
    accessKeyId: event.deepGet('resource', 'accessKeyDetails', 'accessKeyId') ?? null,
    role: role(event),
    remoteIp: event.deepGet('service', 'action', 'awsApiCallAction', 'remoteIpDetails', 'ipAddressV4') ?? null,
    api: event.deepGet('service', 'action', 'awsApiCallAction', 'api') ?? null,
  };
}
