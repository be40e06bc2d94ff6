// Network ACL Modified (CIS AWS Foundations 3.11): successful Network ACL change API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
]);

export function rule(event: Event): boolean {
  return isChange(event, 'ec2.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'Network ACL change');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
