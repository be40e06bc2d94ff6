// Redshift Cluster Is Not Publicly Accessible: The cluster endpoint is not public.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Cluster {
  readonly PubliclyAccessible: boolean | null;
}

export function policy(event: PantherEvent<Cluster>): boolean {
  const resource = event.data;
  return resource.PubliclyAccessible !== true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Redshift Cluster Is Not Publicly Accessible');
}
