// KMS Key Policy Does Not Allow Everyone: No statement of the key policy lets any principal use the key without a condition restricting the caller.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { publicStatements } from '../../helpers/iam-document.js';

interface Key {
  readonly Policy: string | null;
}

export function policy(event: PantherEvent<Key>): boolean {
  const resource = event.data;
  return publicStatements(resource.Policy).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'KMS Key Policy Does Not Allow Everyone');
}
