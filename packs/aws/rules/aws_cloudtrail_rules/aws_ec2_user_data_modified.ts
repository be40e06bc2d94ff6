// ModifyInstanceAttribute changing userData.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  return isChange(event, 'ec2.amazonaws.com', new Set(['ModifyInstanceAttribute'])) && event.deepGet('requestParameters', 'userData') !== undefined;
}

export function title(event: Event): string {
  return `${actor(event)} modified the user data of ${String(event.deepGet('requestParameters', 'instanceId', { default: 'an instance' }))} in ${event.get('awsRegion')}`;
}

export function dedup(event: Event): string {
  return String(event.deepGet('requestParameters', 'instanceId', { default: actor(event) }));
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
