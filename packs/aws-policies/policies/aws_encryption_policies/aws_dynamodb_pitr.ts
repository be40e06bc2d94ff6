// DynamoDB Table Has Point-In-Time Recovery: Continuous backups with point-in-time recovery are on.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Table {
  readonly ContinuousBackupsDescription: { readonly PointInTimeRecoveryDescription?: { readonly PointInTimeRecoveryStatus?: string } } | null;
}

export function policy(event: PantherEvent<Table>): boolean {
  const resource = event.data;
  return resource.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'DynamoDB Table Has Point-In-Time Recovery');
}
