// S3 Bucket Has Server Access Logging: Server access logging is on for the bucket.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Bucket {
  readonly LoggingPolicy: { readonly TargetBucket?: string } | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return (resource.LoggingPolicy?.TargetBucket ?? '') !== '';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Has Server Access Logging');
}
