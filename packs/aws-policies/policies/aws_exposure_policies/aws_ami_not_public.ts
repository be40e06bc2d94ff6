// AMI Is Not Public: The account's own AMI is not shared with every AWS account.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Ami {
  readonly Public: boolean | null;
}

export function policy(event: PantherEvent<Ami>): boolean {
  const resource = event.data;
  return resource.Public !== true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'AMI Is Not Public');
}
