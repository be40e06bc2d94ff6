// ModifySnapshotAttribute adding the "all" group to createVolumePermission.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { actor, changeTitle, cloudTrailContext, isChange, succeeded } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  if (!isChange(event, 'ec2.amazonaws.com', new Set(['ModifySnapshotAttribute']))) return false;
  const groups = event.deepWalk('requestParameters', 'createVolumePermission', 'add', 'items', 'group', { default: [] });
  return (Array.isArray(groups) ? groups : [groups]).includes('all');
}

export function title(event: Event): string {
  return `${actor(event)} made snapshot ${String(event.deepGet('requestParameters', 'snapshotId', { default: 'unknown' }))} public in ${event.get('awsRegion')}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return cloudTrailContext(event);
}
