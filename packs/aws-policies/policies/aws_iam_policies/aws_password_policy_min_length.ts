// Password Policy Requires 14 Characters: The account password policy requires passwords of at least 14 characters.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface PasswordPolicy {
  readonly AnyExist: boolean;
  readonly MinimumPasswordLength: number | null;
}

export function policy(event: PantherEvent<PasswordPolicy>): boolean {
  const resource = event.data;
  return resource.AnyExist && (resource.MinimumPasswordLength ?? 0) >= 14;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Password Policy Requires 14 Characters');
}
