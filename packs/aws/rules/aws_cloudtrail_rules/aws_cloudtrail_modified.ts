// CloudTrail Configuration Changed (CIS AWS Foundations 3.5): successful CloudTrail configuration change API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'CreateTrail',
  'UpdateTrail',
  'DeleteTrail',
  'StartLogging',
  'StopLogging',
  'PutEventSelectors',
  'PutInsightSelectors',
]);

export function rule(event: Event): boolean {
  return isChange(event, 'cloudtrail.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'CloudTrail configuration change');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
