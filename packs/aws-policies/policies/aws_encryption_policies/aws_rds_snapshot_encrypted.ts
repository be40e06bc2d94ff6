// RDS Snapshot Is Encrypted: The manual snapshot is encrypted.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface DbSnapshot {
  readonly Encrypted: boolean | null;
}

export function policy(event: PantherEvent<DbSnapshot>): boolean {
  const resource = event.data;
  return resource.Encrypted === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'RDS Snapshot Is Encrypted');
}
