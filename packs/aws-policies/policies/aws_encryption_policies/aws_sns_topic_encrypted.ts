// SNS Topic Is Encrypted: Messages are encrypted at rest with a KMS key (KmsMasterKeyId set).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Topic {
  readonly KmsMasterKeyId: string | null;
}

export function policy(event: PantherEvent<Topic>): boolean {
  const resource = event.data;
  return (resource.KmsMasterKeyId ?? '') !== '';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'SNS Topic Is Encrypted');
}
