// S3 Bucket Policy Does Not Allow Everyone: No Allow statement of the bucket policy has a "*" principal without a condition restricting it to known accounts, networks or sources.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { publicStatements } from '../../helpers/iam-document.js';

interface Bucket {
  readonly Policy: string | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return publicStatements(resource.Policy).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Policy Does Not Allow Everyone');
}
