// AWS Config Recorder Records All Resource Types: The recorder is on and records all supported resource types.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Recorder {
  readonly RecordingGroup: { readonly allSupported?: boolean } | null;
  readonly Status: { readonly recording?: boolean } | null;
}

export function policy(event: PantherEvent<Recorder>): boolean {
  const resource = event.data;
  return resource.RecordingGroup?.allSupported === true && resource.Status?.recording !== false;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'AWS Config Recorder Records All Resource Types');
}
