// Redshift Cluster Has Audit Logging: Connection and user audit logging is on.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Cluster {
  readonly LoggingStatus: { readonly LoggingEnabled?: boolean } | null;
}

export function policy(event: PantherEvent<Cluster>): boolean {
  const resource = event.data;
  return resource.LoggingStatus?.LoggingEnabled === true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Redshift Cluster Has Audit Logging');
}
