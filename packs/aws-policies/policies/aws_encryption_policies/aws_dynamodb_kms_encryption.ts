// DynamoDB Table Is Encrypted With KMS: The table is encrypted with a KMS key the account controls (SSEDescription ENABLED), not only the AWS-owned default key.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Table {
  readonly SSEDescription: { readonly Status?: string; readonly SSEType?: string } | null;
}

export function policy(event: PantherEvent<Table>): boolean {
  const resource = event.data;
  const sse = resource.SSEDescription;
  return sse !== null && sse.Status === 'ENABLED' && sse.SSEType === 'KMS';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'DynamoDB Table Is Encrypted With KMS');
}
