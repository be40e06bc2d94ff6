// GuardDuty Is Enabled In Every Region: The region has an enabled GuardDuty detector, the threat detection the alerting relies on.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface DetectorMeta {
  readonly EnabledDetectors: readonly string[] | null;
}

export function policy(event: PantherEvent<DetectorMeta>): boolean {
  const resource = event.data;
  // null: a status could not be read; the scan recorded why.
  return resource.EnabledDetectors === null || resource.EnabledDetectors.length > 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'GuardDuty Is Enabled In Every Region');
}
