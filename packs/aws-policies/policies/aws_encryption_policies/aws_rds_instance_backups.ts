// RDS Instance Keeps Backups For 7 Days: Automated backups are kept at least 7 days.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface DbInstance {
  readonly BackupRetentionPeriod: number | null;
}

export function policy(event: PantherEvent<DbInstance>): boolean {
  const resource = event.data;
  return (resource.BackupRetentionPeriod ?? 0) >= 7;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'RDS Instance Keeps Backups For 7 Days');
}
