// AWS Organizations Modified (CIS AWS Foundations 4.15): successful AWS Organizations change API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'AcceptHandshake',
  'AttachPolicy',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeclineHandshake',
  'DeleteOrganization',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DetachPolicy',
  'DisablePolicyType',
  'EnablePolicyType',
  'InviteAccountToOrganization',
  'LeaveOrganization',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'UpdatePolicy',
  'UpdateOrganizationalUnit',
]);

export function rule(event: Event): boolean {
  return isChange(event, 'organizations.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'AWS Organizations change');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
