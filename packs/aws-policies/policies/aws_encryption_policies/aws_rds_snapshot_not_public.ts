// RDS Snapshot Is Not Public: The manual snapshot cannot be restored by every AWS account (restore attribute without "all").
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface DbSnapshot {
  readonly DBSnapshotAttributes: ReadonlyArray<{ readonly AttributeName?: string; readonly AttributeValues?: readonly string[] }> | null;
}

export function policy(event: PantherEvent<DbSnapshot>): boolean {
  const resource = event.data;
  return !(resource.DBSnapshotAttributes ?? []).some((a) => a.AttributeName === 'restore' && (a.AttributeValues ?? []).includes('all'));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'RDS Snapshot Is Not Public');
}
