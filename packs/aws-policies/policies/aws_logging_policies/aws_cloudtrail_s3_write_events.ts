// CloudTrail Records S3 Object Writes: A multi-region trail records S3 object-level write events for all buckets.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Selector {
  readonly ReadWriteType?: string;
  readonly DataResources?: ReadonlyArray<{ readonly Type?: string; readonly Values?: readonly string[] }>;
}
interface TrailMeta {
  readonly GlobalEventSelectors: readonly Selector[];
}

const WANTED = "WriteOnly";

export function policy(event: PantherEvent<TrailMeta>): boolean {
  const resource = event.data;
  return resource.GlobalEventSelectors.some(
    (s) =>
      (s.ReadWriteType === 'All' || s.ReadWriteType === WANTED) &&
      (s.DataResources ?? []).some((d) => d.Type === 'AWS::S3::Object' && (d.Values ?? []).some((v) => v === 'arn:aws:s3' || v === 'arn:aws:s3:::')),
  );
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Records S3 Object Writes');
}
