// Redshift Cluster Is Encrypted: The cluster is encrypted at rest.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Cluster {
  readonly Encrypted: boolean | null;
}

export function policy(event: PantherEvent<Cluster>): boolean {
  const resource = event.data;
  return resource.Encrypted === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Redshift Cluster Is Encrypted');
}
