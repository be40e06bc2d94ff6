// Successful SetIamPolicy on Resource Manager; severity High when a primitive owner/editor role is added.
import type { AuditLog } from '../../../../parsers/gcp/audit-log.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof AuditLog>;

const PRIMITIVE = new Set(['roles/owner', 'roles/editor']);

function deltas(event: Event): Array<Record<string, unknown>> {
  const d = event.deepGet('protoPayload', 'serviceData', 'policyDelta', 'bindingDeltas', { default: [] });
  return Array.isArray(d) ? (d as Array<Record<string, unknown>>) : [];
}

export function rule(event: Event): boolean {
  const method = String(event.deepGet('protoPayload', 'methodName', { default: '' }));
  const code = event.deepGet('protoPayload', 'status', 'code', { default: 0 });
  return method.endsWith('SetIamPolicy') && event.deepGet('protoPayload', 'serviceName') === 'cloudresourcemanager.googleapis.com' && code === 0;
}

export function severity(event: Event): string {
  return deltas(event).some((d) => d.action === 'ADD' && PRIMITIVE.has(String(d.role))) ? 'HIGH' : 'DEFAULT';
}

export function title(event: Event): string {
  const who = String(event.deepGet('protoPayload', 'authenticationInfo', 'principalEmail', { default: 'unknown' }));
  const changes = deltas(event).map((d) => `${String(d.action)} ${String(d.role)} ${String(d.member)}`).join(', ');
  return `${who} changed the IAM policy of ${String(event.deepGet('protoPayload', 'resourceName', { default: 'unknown' }))}: ${changes || 'no binding deltas'}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    principal: event.deepGet('protoPayload', 'authenticationInfo', 'principalEmail') ?? null,
    resourceName: event.deepGet('protoPayload', 'resourceName') ?? null,
    callerIp: event.deepGet('protoPayload', 'requestMetadata', 'callerIp') ?? null,
    bindingDeltas: deltas(event),
  };
}
