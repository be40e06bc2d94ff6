// CreateAccessKey called by root for itself (no userName parameter: the key belongs to the caller).
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  return (
    isChange(event, 'iam.amazonaws.com', new Set(['CreateAccessKey'])) &&
    event.deepGet('userIdentity', 'type') === 'Root' &&
    event.deepGet('requestParameters', 'userName') === undefined
  );
}

export function title(event: Event): string {
  return `Access key created for the root user of account ${event.get('recipientAccountId') ?? 'unknown'} from ${event.get('sourceIPAddress') ?? 'unknown'}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
