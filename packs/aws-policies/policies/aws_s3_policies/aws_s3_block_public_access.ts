// S3 Bucket Blocks Public Access: All four S3 Block Public Access settings are on for the bucket.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Bucket {
  readonly PublicAccessBlockConfiguration: {
    readonly BlockPublicAcls?: boolean;
    readonly IgnorePublicAcls?: boolean;
    readonly BlockPublicPolicy?: boolean;
    readonly RestrictPublicBuckets?: boolean;
  } | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  const c = resource.PublicAccessBlockConfiguration;
  return c !== null && c.BlockPublicAcls === true && c.IgnorePublicAcls === true && c.BlockPublicPolicy === true && c.RestrictPublicBuckets === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Blocks Public Access');
}
