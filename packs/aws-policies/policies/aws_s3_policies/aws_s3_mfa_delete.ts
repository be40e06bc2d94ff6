// S3 Bucket Has MFA Delete: Versioning with MFA delete is on, so versions cannot be deleted or versioning suspended without the root MFA.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Bucket {
  readonly Versioning: string | null;
  readonly MFADelete: string | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return resource.Versioning === 'Enabled' && resource.MFADelete === 'Enabled';
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Has MFA Delete');
}
