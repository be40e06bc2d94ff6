// CloudTrail Records S3 Object Writes: A multi-region trail records S3 object-level write events for all buckets.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { recordsAllS3DataEvents, type TrailMeta } from '../../helpers/cloudtrail.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

export function policy(event: PantherEvent<TrailMeta>): boolean {
  return recordsAllS3DataEvents(event.data, 'WriteOnly');
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Records S3 Object Writes');
}
