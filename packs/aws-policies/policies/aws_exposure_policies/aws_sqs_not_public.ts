// SQS Queue Policy Does Not Allow Everyone: No statement of the queue policy lets any principal send, receive or manage messages without a restricting condition.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { publicStatements } from '../../helpers/iam-document.js';

interface Queue {
  readonly Policy: string | null;
}

export function policy(event: PantherEvent<Queue>): boolean {
  const resource = event.data;
  return publicStatements(resource.Policy).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'SQS Queue Policy Does Not Allow Everyone');
}
