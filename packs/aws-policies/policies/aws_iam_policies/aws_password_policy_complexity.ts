// Password Policy Requires Complexity: Passwords need an uppercase and a lowercase letter, a number and a symbol.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface PasswordPolicy {
  readonly AnyExist: boolean;
  readonly RequireUppercaseCharacters: boolean | null;
  readonly RequireLowercaseCharacters: boolean | null;
  readonly RequireNumbers: boolean | null;
  readonly RequireSymbols: boolean | null;
}

export function policy(event: PantherEvent<PasswordPolicy>): boolean {
  const resource = event.data;
  const r = resource;
  return r.AnyExist && r.RequireUppercaseCharacters === true && r.RequireLowercaseCharacters === true && r.RequireNumbers === true && r.RequireSymbols === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Password Policy Requires Complexity');
}
