// Root Account MFA Enabled: The root user signs in with a second factor.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface RootUser {
  readonly CredentialReport: { readonly MfaActive: boolean | null } | null;
}

export function policy(event: PantherEvent<RootUser>): boolean {
  const resource = event.data;
  // Unknown (no report) is not evidence of MFA: it fails so that the gap is looked at.
  return resource.CredentialReport?.MfaActive === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Root Account MFA Enabled');
}
