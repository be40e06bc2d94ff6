// S3 Bucket Policy Modified (CIS AWS Foundations 3.8): successful S3 bucket policy change API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'PutBucketAcl',
  'PutBucketPolicy',
  'PutBucketCors',
  'PutBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketPolicy',
  'DeleteBucketCors',
  'DeleteBucketLifecycle',
  'DeleteBucketReplication',
]);

export function rule(event: Event): boolean {
  return isChange(event, 's3.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'S3 bucket policy change');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
