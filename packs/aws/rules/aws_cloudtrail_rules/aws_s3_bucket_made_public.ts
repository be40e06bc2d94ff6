// A successful PutBucketAcl whose grant names a public group, in a grant list or a canned ACL.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];
const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read']);

export function rule(event: Event): boolean {
  if (!isChange(event, 's3.amazonaws.com', new Set(['PutBucketAcl']))) return false;
  const uris = event.deepWalk('requestParameters', 'AccessControlPolicy', 'AccessControlList', 'Grant', 'Grantee', 'URI', { default: [] });
  const list = Array.isArray(uris) ? uris : [uris];
  if (list.some((u) => PUBLIC_GROUPS.includes(String(u)))) return true;
  const canned = event.deepGet('requestParameters', 'x-amz-acl');
  const cannedList = Array.isArray(canned) ? canned : [canned];
  return cannedList.some((c) => PUBLIC_CANNED.has(String(c)));
}

export function title(event: Event): string {
  return `${actor(event)} made S3 bucket ${String(event.deepGet('requestParameters', 'bucketName', { default: 'unknown' }))} public`;
}

export function dedup(event: Event): string {
  return String(event.deepGet('requestParameters', 'bucketName', { default: 'unknown' }));
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
