// Per-source statistics (document collection `source-stats`, one document per source id): hourly
// counts of objects, classified events and unclassified lines, and the latest object and event
// times. The processor records what it saw per object; the API's source health reads them
// (api/services/sources-health.ts). Listing the lake instead would be too coarse (objects are
// written per log type and hour, not per source) and slow on S3.
import type { DocumentCollection } from '../adapters/document-store.js';
import { VersionConflictError } from '../adapters/document-store.js';
import type { ProcessStats } from './process-object.js';

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

/** What one processed object contributes. */
export interface ObjectCounts {
  readonly processedAt: Date;
  readonly events: number;
  readonly unclassified: number;
  /** ISO 8601 UTC. */
  readonly lastEventTime?: string;
}

export const emptySourceStats = (): SourceStats => ({ hours: {} });

export const hourKey = (d: Date): string => d.toISOString().slice(0, 13);

/** What one processed object adds to its source's statistics (pure). */
export function addObject(stats: SourceStats, object: ObjectCounts): SourceStats {
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
export async function recordSourceObject(stats: DocumentCollection<SourceStats>, sourceId: string, object: ObjectCounts): Promise<void> {
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

/** The counts of one object's processing run. */
export function objectCounts(stats: ProcessStats, processedAt: Date): ObjectCounts {
  return {
    processedAt,
    events: Object.values(stats.classified).reduce((a, b) => a + b, 0),
    unclassified: stats.unclassified,
    ...(stats.lastEventTime !== undefined ? { lastEventTime: stats.lastEventTime } : {}),
  };
}

/**
 * Records one processed object and never throws: the object is in the lake already, so a
 * statistics store that is down must not fail (and reprocess) it. Returns the warning, if any.
 */
export async function recordProcessed(stats: DocumentCollection<SourceStats>, sourceId: string, processed: ProcessStats, processedAt: Date): Promise<string | undefined> {
  try {
    await recordSourceObject(stats, sourceId, objectCounts(processed, processedAt));
    return undefined;
  } catch (err) {
    return `statistics of source ${JSON.stringify(sourceId)} not recorded: ${(err as Error).message}`;
  }
}
