// CloudTrail Log File Validation Enabled: The trail writes signed digest files, so tampering with log files can be detected.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Trail {
  readonly LogFileValidationEnabled: boolean | null;
}

export function policy(event: PantherEvent<Trail>): boolean {
  const resource = event.data;
  return resource.LogFileValidationEnabled === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Log File Validation Enabled');
}
