// A login profile created for an IAM user (console password).
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  return isChange(event, 'iam.amazonaws.com', new Set(['CreateLoginProfile']));
}

export function title(event: Event): string {
  return `${actor(event)} gave IAM user ${String(event.deepGet('requestParameters', 'userName', { default: 'unknown' }))} console access in account ${event.get('recipientAccountId') ?? 'unknown'}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
