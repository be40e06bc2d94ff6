// EBS Snapshot Is Not Public: No createVolumePermission lets every AWS account (Group all) create a volume from the snapshot.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface EbsSnapshot {
  readonly CreateVolumePermissions: ReadonlyArray<{ readonly Group?: string; readonly UserId?: string }> | null;
}

export function policy(event: PantherEvent<EbsSnapshot>): boolean {
  const resource = event.data;
  return !(resource.CreateVolumePermissions ?? []).some((p) => p.Group === 'all');
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'EBS Snapshot Is Not Public');
}
