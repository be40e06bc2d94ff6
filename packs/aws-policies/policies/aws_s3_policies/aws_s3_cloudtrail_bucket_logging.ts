// CloudTrail Log Bucket Has Access Logging: A bucket CloudTrail writes into has server access logging on, so reads of the audit trail are themselves recorded.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { list, statements } from '../../helpers/iam-document.js';

interface Bucket {
  readonly Policy: string | null;
  readonly LoggingPolicy: { readonly TargetBucket?: string } | null;
}

/** CloudTrail buckets are recognised by the statement letting CloudTrail write into them. */
function isCloudTrailBucket(doc: string | null): boolean {
  return statements(doc).some((s) => {
    const p = s.Principal;
    const services = p !== null && typeof p === 'object' ? list((p as Record<string, unknown>).Service) : [];
    return s.Effect === 'Allow' && services.includes('cloudtrail.amazonaws.com') && list(s.Action).includes('s3:PutObject');
  });
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  if (!isCloudTrailBucket(resource.Policy)) return true;
  return (resource.LoggingPolicy?.TargetBucket ?? '') !== '';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Log Bucket Has Access Logging');
}
