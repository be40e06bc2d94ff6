// DeleteFlowLogs, successful.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  return isChange(event, 'ec2.amazonaws.com', new Set(['DeleteFlowLogs']));
}

export function title(event: Event): string {
  return changeTitle(event, 'VPC flow logs deleted');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
