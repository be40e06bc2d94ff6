// S3 Bucket Has An Enabled Lifecycle Rule: The bucket has at least one enabled lifecycle rule, so old objects and versions do not accumulate forever.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Bucket {
  readonly LifecycleRules: ReadonlyArray<{ readonly Status?: string }> | null;
}

export function policy(event: PantherEvent<Bucket>): boolean {
  const resource = event.data;
  return (resource.LifecycleRules ?? []).some((r) => r.Status === 'Enabled');
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'S3 Bucket Has An Enabled Lifecycle Rule');
}
