// CloudTrail Records S3 Object Reads: A multi-region trail records S3 object-level read events for all buckets.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { recordsAllS3DataEvents, type TrailMeta } from '../../helpers/cloudtrail.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

export function policy(event: PantherEvent<TrailMeta>): boolean {
  return recordsAllS3DataEvents(event.data, 'ReadOnly');
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Records S3 Object Reads');
}
