// AWS Config Modified (CIS AWS Foundations 3.9): successful AWS Config change API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'StopConfigurationRecorder',
  'DeleteDeliveryChannel',
  'PutDeliveryChannel',
  'PutConfigurationRecorder',
  'DeleteConfigurationRecorder',
]);

export function rule(event: Event): boolean {
  return isChange(event, 'config.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'AWS Config change');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
