// KMS Key Disabled or Scheduled for Deletion (CIS AWS Foundations 3.7): successful KMS key disabled or scheduled for deletion API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'DisableKey',
  'ScheduleKeyDeletion',
]);

export function rule(event: Event): boolean {
  return isChange(event, 'kms.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'KMS key disabled or scheduled for deletion');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
