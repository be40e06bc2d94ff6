// IAM Users With Console Access Have MFA: Every IAM user with a console password has an MFA device.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface User {
  readonly CredentialReport: { readonly PasswordEnabled: boolean | null; readonly MfaActive: boolean | null } | null;
}

export function policy(event: PantherEvent<User>): boolean {
  const resource = event.data;
  const r = resource.CredentialReport;
  if (r === null || r.PasswordEnabled !== true) return true;
  return r.MfaActive === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'IAM Users With Console Access Have MFA');
}
