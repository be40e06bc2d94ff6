// RDS Instance Applies Minor Version Upgrades: Minor engine upgrades (security fixes) are applied automatically in the maintenance window.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface DbInstance {
  readonly AutoMinorVersionUpgrade: boolean | null;
}

export function policy(event: PantherEvent<DbInstance>): boolean {
  const resource = event.data;
  return resource.AutoMinorVersionUpgrade === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'RDS Instance Applies Minor Version Upgrades');
}
