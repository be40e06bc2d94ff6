// CloudTrail Log Bucket Is Not Public: A bucket CloudTrail writes into grants nothing to everyone, neither by ACL nor by bucket policy.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { list, publicStatements, statements } from '../../helpers/iam-document.js';

interface Bucket {
  readonly Policy: string | null;
  readonly Grants: ReadonlyArray<{ readonly Grantee?: { readonly URI?: string } }> | null;
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
  const publicAcl = (resource.Grants ?? []).some((g) => /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/.test(g.Grantee?.URI ?? ''));
  return !publicAcl && publicStatements(resource.Policy).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Log Bucket Is Not Public');
}
