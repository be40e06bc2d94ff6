// CIS 3.3: any request by the root user that it made itself (not an AWS service acting on its behalf).
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  return (
    event.deepGet('userIdentity', 'type') === 'Root' &&
    event.deepGet('userIdentity', 'invokedBy') === undefined &&
    event.get('eventType') !== 'AwsServiceEvent'
  );
}

export function title(event: Event): string {
  return `Root user of account ${event.get('recipientAccountId') ?? 'unknown'} called ${event.get('eventName')} from ${event.get('sourceIPAddress') ?? 'unknown'}`;
}

export function dedup(event: Event): string {
  return `${event.get('recipientAccountId') ?? 'unknown'}:${event.get('sourceIPAddress') ?? 'unknown'}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
