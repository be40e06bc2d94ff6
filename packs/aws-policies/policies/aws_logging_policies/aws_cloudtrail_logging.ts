// CloudTrail Trail Is Logging: The trail is started (a stopped trail records nothing).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Trail {
  readonly Status: { readonly IsLogging?: boolean } | null;
}

export function policy(event: PantherEvent<Trail>): boolean {
  const resource = event.data;
  // Status null: it could not be read; the scan recorded why, so the trail is not flagged.
  return resource.Status === null || resource.Status.IsLogging === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Trail Is Logging');
}
