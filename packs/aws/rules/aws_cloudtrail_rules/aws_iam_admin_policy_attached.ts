// Attach{User,Group,Role}Policy with the AdministratorAccess managed policy.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const ATTACH = new Set(['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy']);

function principal(event: Event): string {
  const p = event.deepGet('requestParameters', 'userName') ?? event.deepGet('requestParameters', 'groupName') ?? event.deepGet('requestParameters', 'roleName');
  return String(p ?? 'unknown');
}

export function rule(event: Event): boolean {
  return isChange(event, 'iam.amazonaws.com', ATTACH) && String(event.deepGet('requestParameters', 'policyArn', { default: '' })).endsWith(':policy/AdministratorAccess');
}

export function title(event: Event): string {
  return `${actor(event)} attached AdministratorAccess to ${principal(event)} in account ${event.get('recipientAccountId') ?? 'unknown'}`;
}

export function dedup(event: Event): string {
  return principal(event);
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
