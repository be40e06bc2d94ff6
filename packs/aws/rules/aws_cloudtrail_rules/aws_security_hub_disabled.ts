// DisableSecurityHub, BatchDisableStandards or a member leaving its administrator.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const DISABLING = new Set(['DisableSecurityHub', 'BatchDisableStandards', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount']);

export function rule(event: Event): boolean {
  return isChange(event, 'securityhub.amazonaws.com', DISABLING);
}

export function title(event: Event): string {
  return changeTitle(event, 'Security Hub disabled');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
