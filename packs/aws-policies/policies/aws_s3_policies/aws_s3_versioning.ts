// S3 Bucket Has Versioning Enabled: Versioning is enabled, so overwritten and deleted objects can be recovered.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Bucket {
  readonly Versioning: string | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return resource.Versioning === 'Enabled';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Has Versioning Enabled');
}
