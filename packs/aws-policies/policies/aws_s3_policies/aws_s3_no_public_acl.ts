// S3 Bucket ACL Grants Nothing To Everyone: The bucket ACL grants no permission to AllUsers (anyone) or AuthenticatedUsers (any AWS account).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Grant {
  readonly Grantee?: { readonly Type?: string; readonly URI?: string };
  readonly Permission?: string;
}
interface Bucket {
  readonly Grants: readonly Grant[] | null;
}

const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return !(resource.Grants ?? []).some((g) => g.Grantee?.Type === 'Group' && PUBLIC_GROUPS.includes(g.Grantee.URI ?? ''));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket ACL Grants Nothing To Everyone');
}
