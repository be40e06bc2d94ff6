// Shared CloudTrail helpers for the built-in pack's rules: who acted, whether the call succeeded,
// and the alert context every CloudTrail rule reports.
import type { CloudTrail } from '../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../detections/engine/event.js';

export type CloudTrailEvent = EventFor<typeof CloudTrail>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The principal behind the call: its ARN, else its user name, principal id or identity type. */
export function actor(event: CloudTrailEvent): string {
  const ui = event.get('userIdentity');
  return str(ui?.arn) ?? str(ui?.userName) ?? str(ui?.principalId) ?? str(ui?.type) ?? 'unknown';
}

/** True when AWS accepted the request (no errorCode). */
export function succeeded(event: CloudTrailEvent): boolean {
  return str(event.get('errorCode')) === undefined;
}

/** A successful call of one of `names` made to `source` (e.g. ec2.amazonaws.com). */
export function isChange(event: CloudTrailEvent, source: string, names: ReadonlySet<string>): boolean {
  return event.get('eventSource') === source && names.has(event.get('eventName') ?? '') && succeeded(event);
}

/** "<actor> called <eventName> in <account>/<region>", the common title shape. */
export function changeTitle(event: CloudTrailEvent, what: string): string {
  return `${what}: ${actor(event)} called ${event.get('eventName')} in account ${event.get('recipientAccountId') ?? 'unknown'} (${event.get('awsRegion')})`;
}

/** The fields an analyst needs first. */
export function cloudTrailContext(event: CloudTrailEvent): Record<string, unknown> {
  return {
    actor: actor(event),
    eventName: event.get('eventName'),
    eventSource: event.get('eventSource'),
    awsRegion: event.get('awsRegion'),
    recipientAccountId: event.get('recipientAccountId') ?? null,
    sourceIPAddress: event.get('sourceIPAddress') ?? null,
    userAgent: event.get('userAgent') ?? null,
    errorCode: event.get('errorCode') ?? null,
    requestParameters: event.get('requestParameters') ?? null,
  };
}
