// CloudTrail Logs Every Region: The region is covered by a logging multi-region trail that records all management events (read and write).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Selector {
  readonly ReadWriteType?: string;
  readonly IncludeManagementEvents?: boolean;
}
interface Summary {
  readonly IsMultiRegionTrail: boolean;
  readonly IsLogging: boolean | null;
  readonly EventSelectors: readonly Selector[] | null;
  readonly AdvancedEventSelectors: readonly unknown[] | null;
}
interface TrailMeta {
  readonly TrailSummaries: readonly Summary[];
}

function recordsAllManagement(s: Summary): boolean {
  // Advanced selectors are not interpreted here: a trail using them counts when it is logging.
  if ((s.AdvancedEventSelectors ?? []).length > 0) return true;
  return (s.EventSelectors ?? []).some((e) => e.IncludeManagementEvents === true && e.ReadWriteType === 'All');
}

export function policy(event: PantherEvent<TrailMeta>): boolean {
  const resource = event.data;
  return resource.TrailSummaries.some((s) => s.IsMultiRegionTrail && s.IsLogging === true && recordsAllManagement(s));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Logs Every Region');
}
