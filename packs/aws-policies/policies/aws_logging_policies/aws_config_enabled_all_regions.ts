// AWS Config Records In Every Region: Every region has a configuration recorder that is recording.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface RecorderMeta {
  readonly Recorders: readonly string[];
  readonly RecordingRecorders: readonly string[] | null;
}

export function policy(event: PantherEvent<RecorderMeta>): boolean {
  const resource = event.data;
  // null: the status could not be read; the scan recorded the problem, not a failure.
  if (resource.RecordingRecorders === null) return true;
  return resource.RecordingRecorders.length > 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'AWS Config Records In Every Region');
}
