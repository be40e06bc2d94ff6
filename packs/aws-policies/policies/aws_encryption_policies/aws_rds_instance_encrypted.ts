// RDS Instance Storage Is Encrypted: The database storage, backups and snapshots are encrypted.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface DbInstance {
  readonly StorageEncrypted: boolean | null;
}

export function policy(event: PantherEvent<DbInstance>): boolean {
  const resource = event.data;
  return resource.StorageEncrypted === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'RDS Instance Storage Is Encrypted');
}
