// RDS Instance Is Not Publicly Accessible: The database endpoint does not resolve to a public address.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface DbInstance {
  readonly PubliclyAccessible: boolean | null;
}

export function policy(event: PantherEvent<DbInstance>): boolean {
  const resource = event.data;
  return resource.PubliclyAccessible !== true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'RDS Instance Is Not Publicly Accessible');
}
