// SNS Topic Policy Does Not Allow Everyone: No statement of the topic policy lets any principal publish or subscribe without a restricting condition (the default policy is pinned to the owner account).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';
import { publicStatements } from '../../helpers/iam-document.js';

interface Topic {
  readonly Policy: string | null;
}

export function policy(event: PantherEvent<Topic>): boolean {
  const resource = event.data;
  return publicStatements(resource.Policy).length === 0;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'SNS Topic Policy Does Not Allow Everyone');
}
