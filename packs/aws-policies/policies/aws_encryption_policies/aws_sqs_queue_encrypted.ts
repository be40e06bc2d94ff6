// SQS Queue Is Encrypted: Messages are encrypted at rest, with a KMS key or SQS-managed keys.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Queue {
  readonly KmsMasterKeyId: string | null;
  readonly SqsManagedSseEnabled: string | null;
}

export function policy(event: PantherEvent<Queue>): boolean {
  const resource = event.data;
  // SQS gives attribute values as strings.
  return (resource.KmsMasterKeyId ?? '') !== '' || resource.SqsManagedSseEnabled === 'true';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'SQS Queue Is Encrypted');
}
