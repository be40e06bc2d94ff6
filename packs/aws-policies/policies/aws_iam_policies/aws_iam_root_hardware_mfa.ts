// Root Account Uses Hardware MFA: The root user MFA is a hardware device, not a virtual (phone) one.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface RootUser {
  readonly CredentialReport: { readonly MfaActive: boolean | null } | null;
  readonly VirtualMFA: { readonly SerialNumber: string | null } | null;
}

export function policy(event: PantherEvent<RootUser>): boolean {
  const resource = event.data;
  // MFA active and no virtual device assigned to root: the device is a hardware one.
  return resource.CredentialReport?.MfaActive === true && resource.VirtualMFA === null;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Root Account Uses Hardware MFA');
}
