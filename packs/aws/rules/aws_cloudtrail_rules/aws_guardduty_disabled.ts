// DeleteDetector, UpdateDetector with enable=false, or a member dissociating itself.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const DISABLING = new Set(['DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'StopMonitoringMembers']);

export function rule(event: Event): boolean {
  if (event.get('eventSource') !== 'guardduty.amazonaws.com' || !succeeded(event)) return false;
  const name = event.get('eventName');
  return DISABLING.has(name ?? '') || (name === 'UpdateDetector' && event.deepGet('requestParameters', 'enable') === false);
}

export function title(event: Event): string {
  return changeTitle(event, 'GuardDuty disabled');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
