// StopLogging or DeleteTrail, successful.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  return isChange(event, 'cloudtrail.amazonaws.com', new Set(['StopLogging', 'DeleteTrail']));
}

export function title(event: Event): string {
  return `${actor(event)} called ${event.get('eventName')} on trail ${String(event.deepGet('requestParameters', 'name', { default: 'unknown' }))} in ${event.get('awsRegion')}`;
}

export function dedup(event: Event): string {
  return String(event.deepGet('requestParameters', 'name', { default: 'unknown' }));
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
