// GuardDuty Detector Is Not Suspended: The detector is ENABLED, not suspended.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Detector {
  readonly Status: string | null;
}

export function policy(event: PantherEvent<Detector>): boolean {
  const resource = event.data;
  return resource.Status === 'ENABLED';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'GuardDuty Detector Is Not Suspended');
}
