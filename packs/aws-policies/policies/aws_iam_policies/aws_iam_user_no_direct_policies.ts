// IAM Users Receive Permissions Only Through Groups: No inline or managed policy is attached directly to a user.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface User {
  readonly InlinePolicies: Readonly<Record<string, string | null>> | null;
  readonly ManagedPolicyNames: readonly string[] | null;
}

export function policy(event: PantherEvent<User>): boolean {
  const resource = event.data;
  return Object.keys(resource.InlinePolicies ?? {}).length === 0 && (resource.ManagedPolicyNames ?? []).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'IAM Users Receive Permissions Only Through Groups');
}
