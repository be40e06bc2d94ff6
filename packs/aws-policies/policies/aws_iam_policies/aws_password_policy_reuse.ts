// Password Policy Prevents Reuse: The password policy remembers the last 24 passwords.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface PasswordPolicy {
  readonly AnyExist: boolean;
  readonly PasswordReusePrevention: number | null;
}

export function policy(event: PantherEvent<PasswordPolicy>): boolean {
  const resource = event.data;
  return resource.AnyExist && (resource.PasswordReusePrevention ?? 0) >= 24;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Password Policy Prevents Reuse');
}
