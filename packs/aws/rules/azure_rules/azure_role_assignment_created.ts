// Role assignment writes with resultType Success (the Start record of the same operation is skipped).
import type { MonitorActivity } from '../../../../parsers/azure/monitor-activity.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof MonitorActivity>;

export function rule(event: Event): boolean {
  return (event.get('operationName') ?? '').toUpperCase() === 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE' && event.get('resultType') === 'Success';
}

function caller(event: Event): string {
  const claims = event.deepGet('identity', 'claims');
  const upn = claims !== undefined && claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>)['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'] : undefined;
  return String(upn ?? event.deepGet('identity', 'claims', 'name', { default: 'unknown' }));
}

export function title(event: Event): string {
  return `${caller(event)} created a role assignment at ${String(event.deepGet('identity', 'authorization', 'scope', { default: event.get('resourceId') ?? 'unknown' }))}`;
}

export function dedup(event: Event): string {
  return event.get('correlationId') ?? event.get('resourceId') ?? 'unknown';
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    caller: caller(event),
    callerIpAddress: event.get('callerIpAddress') ?? null,
    resourceId: event.get('resourceId') ?? null,
    requestbody: event.deepGet('properties', 'requestbody') ?? null,
  };
}
