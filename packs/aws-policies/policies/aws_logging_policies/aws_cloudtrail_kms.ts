// CloudTrail Logs Are Encrypted With KMS: The trail encrypts its log files with a customer KMS key (SSE-KMS), so reading them needs kms:Decrypt too.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Trail {
  readonly KmsKeyId: string | null;
}

export function policy(event: PantherEvent<Trail>): boolean {
  const resource = event.data;
  return (resource.KmsKeyId ?? '') !== '';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Logs Are Encrypted With KMS');
}
