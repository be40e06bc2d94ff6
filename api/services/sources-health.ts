// Log source health from per-source statistics (document collection `source-stats`, one document
// per source id): hourly counts of objects, classified events and unclassified lines, and the
// latest object and event times. Listing the lake would be too coarse (objects are written per log
// type and hour, not per source) and slow on S3, so the processor records what it saw per object
// with recordSourceObject(); until it has, a source is reported `healthy: false, 'no data yet'`.
import type { DocumentCollection } from '../../adapters/document-store.js';
import { VersionConflictError } from '../../adapters/document-store.js';

export const STATS_COLLECTION = 'source-stats';
/** Hours of counts kept per source: the 24 h window plus a margin for late writers. */
const KEEP_HOURS = 48;
const HOUR_MS = 3_600_000;

export interface HourCounts {
  readonly objects: number;
  readonly events: number;
  readonly unclassified: number;
}

export interface SourceStats {
  /** ISO 8601 UTC: when the last object was processed. */
  readonly lastObjectTime?: string;
  /** ISO 8601 UTC: the newest p_event_time seen. */
  readonly lastEventTime?: string;
  /** Counts by processing hour, keyed `YYYY-MM-DDTHH`. */
  readonly hours: Readonly<Record<string, HourCounts>>;
}

export interface SourceHealth {
  readonly lastObjectTime?: string;
  readonly lastEventTime?: string;
  readonly objects24h: number;
  readonly unclassified24h: number;
  readonly healthy: boolean;
  readonly reason?: string;
}

export const emptySourceStats = (): SourceStats => ({ hours: {} });

const hourKey = (d: Date): string => d.toISOString().slice(0, 13);

/** What one processed object adds to its source's statistics (pure). */
export function addObject(stats: SourceStats, object: { processedAt: Date; events: number; unclassified: number; lastEventTime?: string }): SourceStats {
  const key = hourKey(object.processedAt);
  const oldest = hourKey(new Date(object.processedAt.getTime() - KEEP_HOURS * HOUR_MS));
  const hours: Record<string, HourCounts> = {};
  for (const [k, v] of Object.entries(stats.hours)) if (k >= oldest) hours[k] = v;
  const h = hours[key] ?? { objects: 0, events: 0, unclassified: 0 };
  hours[key] = { objects: h.objects + 1, events: h.events + object.events, unclassified: h.unclassified + object.unclassified };
  const processed = object.processedAt.toISOString();
  const lastObjectTime = stats.lastObjectTime !== undefined && stats.lastObjectTime > processed ? stats.lastObjectTime : processed;
  const lastEventTime = [stats.lastEventTime, object.lastEventTime].filter((t): t is string => t !== undefined).sort().pop();
  return { lastObjectTime, ...(lastEventTime !== undefined ? { lastEventTime } : {}), hours };
}

/** Records one processed object (optimistic concurrency: retried when another writer moved on). */
export async function recordSourceObject(
  stats: DocumentCollection<SourceStats>,
  sourceId: string,
  object: { processedAt: Date; events: number; unclassified: number; lastEventTime?: string },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await stats.get(sourceId);
    try {
      await stats.put(sourceId, addObject(current?.value ?? emptySourceStats(), object), { ifVersion: current?.version ?? 'absent' });
      return;
    } catch (err) {
      if (!(err instanceof VersionConflictError) || attempt >= 9) throw err;
    }
  }
}

/**
 * Healthy when objects arrived in the last 24 hours and some of their lines were classified.
 * The 24 h window is counted in whole processing hours (the current one and the 23 before).
 */
export function sourceHealth(stats: SourceStats, now: Date): SourceHealth {
  const since = hourKey(new Date(now.getTime() - 23 * HOUR_MS));
  let objects24h = 0;
  let events24h = 0;
  let unclassified24h = 0;
  for (const [k, v] of Object.entries(stats.hours)) {
    if (k < since) continue;
    objects24h += v.objects;
    events24h += v.events;
    unclassified24h += v.unclassified;
  }
  const times = {
    ...(stats.lastObjectTime !== undefined ? { lastObjectTime: stats.lastObjectTime } : {}),
    ...(stats.lastEventTime !== undefined ? { lastEventTime: stats.lastEventTime } : {}),
  };
  const base = { ...times, objects24h, unclassified24h };
  if (stats.lastObjectTime === undefined) return { ...base, healthy: false, reason: 'no data yet' };
  if (objects24h === 0) return { ...base, healthy: false, reason: 'no objects in the last 24 hours' };
  if (events24h === 0 && unclassified24h > 0) return { ...base, healthy: false, reason: 'no line was classified in the last 24 hours: check the log types of the prefixes' };
  return { ...base, healthy: true };
}
