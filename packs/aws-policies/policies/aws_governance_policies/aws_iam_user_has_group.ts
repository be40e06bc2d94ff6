// IAM User Belongs To A Group: Every IAM user is in at least one group, where its permissions are meant to come from.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface User {
  readonly Groups: readonly unknown[] | null;
}

export function policy(event: PantherEvent<User>): boolean {
  const resource = event.data;
  // null: the groups could not be listed (the scan recorded why).
  return resource.Groups === null || resource.Groups.length > 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'IAM User Belongs To A Group');
}
