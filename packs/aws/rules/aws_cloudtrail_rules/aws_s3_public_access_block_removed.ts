// Deleting a public access block, or putting one with any of its four settings false.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];

function relaxed(event: Event): boolean {
  return SETTINGS.some((s) => event.deepGet('requestParameters', 'PublicAccessBlockConfiguration', s) === false);
}

export function rule(event: Event): boolean {
  if (!succeeded(event)) return false;
  const name = event.get('eventName');
  if (name === 'DeleteBucketPublicAccessBlock' || name === 'DeleteAccountPublicAccessBlock') return true;
  return (name === 'PutBucketPublicAccessBlock' || name === 'PutAccountPublicAccessBlock') && relaxed(event);
}

export function title(event: Event): string {
  const bucket = event.deepGet('requestParameters', 'bucketName');
  return changeTitle(event, bucket === undefined ? 'Account S3 Block Public Access removed' : `S3 Block Public Access removed from ${String(bucket)}`);
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
