// CIS 3.6: failed console sign-ins; the Threshold turns single typos into nothing and bursts into an alert.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  return event.get('eventName') === 'ConsoleLogin' && event.deepGet('responseElements', 'ConsoleLogin') === 'Failure';
}

function target(event: Event): string {
  return String(event.deepGet('userIdentity', 'userName', { default: event.deepGet('userIdentity', 'arn', { default: 'unknown' }) }));
}

export function title(event: Event): string {
  return `Repeated console sign-in failures for ${target(event)} in account ${event.get('recipientAccountId') ?? 'unknown'}`;
}

export function dedup(event: Event): string {
  return target(event);
}

export function alertContext(event: Event): Record<string, unknown> {
  return { ...cloudTrailContext(event), errorMessage: event.get('errorMessage') ?? null };
}
