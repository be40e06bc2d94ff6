// Password Policy Expires Passwords Within 90 Days: Passwords expire after at most 90 days (CIS 1.2; later CIS versions follow NIST and drop it: disable if you do too).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface PasswordPolicy {
  readonly AnyExist: boolean;
  readonly ExpirePasswords: boolean | null;
  readonly MaxPasswordAge: number | null;
}

export function policy(event: PantherEvent<PasswordPolicy>): boolean {
  const resource = event.data;
  const age = resource.MaxPasswordAge;
  return resource.AnyExist && resource.ExpirePasswords === true && age !== null && age <= 90;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Password Policy Expires Passwords Within 90 Days');
}
