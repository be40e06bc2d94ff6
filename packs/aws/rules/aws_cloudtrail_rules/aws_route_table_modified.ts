// Route Table Modified (CIS AWS Foundations 3.13): successful Route table change API calls.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

const CHANGES: ReadonlySet<string> = new Set([
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
]);

export function rule(event: Event): boolean {
  return isChange(event, 'ec2.amazonaws.com', CHANGES);
}

export function title(event: Event): string {
  return changeTitle(event, 'Route table change');
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
