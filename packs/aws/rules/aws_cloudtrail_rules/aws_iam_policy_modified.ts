// IAM Policy Modified (CIS AWS Foundations 3.4): successful IAM policy change API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'SetDefaultPolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
]);

export function rule(event: Event): boolean {
  return isChange(event, 'iam.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'IAM policy change');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
