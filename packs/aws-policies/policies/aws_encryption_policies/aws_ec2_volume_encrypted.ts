// EBS Volume Is Encrypted: The EBS volume is encrypted at rest.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Volume {
  readonly Encrypted: boolean | null;
}

export function policy(event: PantherEvent<Volume>): boolean {
  const resource = event.data;
  return resource.Encrypted === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'EBS Volume Is Encrypted');
}
