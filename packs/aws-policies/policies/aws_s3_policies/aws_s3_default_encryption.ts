// S3 Bucket Has Default Encryption: The bucket has a default server-side encryption rule (SSE-S3 or SSE-KMS).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Bucket {
  readonly EncryptionRules: ReadonlyArray<{ readonly ApplyServerSideEncryptionByDefault?: { readonly SSEAlgorithm?: string } }> | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return (resource.EncryptionRules ?? []).some((r) => (r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? '') !== '');
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Has Default Encryption');
}
