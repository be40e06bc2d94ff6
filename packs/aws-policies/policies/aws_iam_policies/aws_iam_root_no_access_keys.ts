// Root Account Has No Access Keys: The root user has no active access keys: root keys cannot be limited by any IAM policy.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface RootUser {
  readonly CredentialReport: { readonly AccessKey1Active: boolean | null; readonly AccessKey2Active: boolean | null } | null;
}

export function policy(event: PantherEvent<RootUser>): boolean {
  const resource = event.data;
  const r = resource.CredentialReport;
  // No credential report: nothing shows a key, and the scan recorded why it is missing.
  if (r === null) return true;
  return r.AccessKey1Active !== true && r.AccessKey2Active !== true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Root Account Has No Access Keys');
}
