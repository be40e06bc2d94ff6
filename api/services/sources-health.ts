// Log source health from the per-source statistics the processor records (processing/source-stats.ts,
// collection `source-stats`); until it has recorded any, a source is `healthy: false, 'no data yet'`.
import { hourKey, type SourceStats } from '../../processing/source-stats.js';

export {
  addObject,
  emptySourceStats,
  recordSourceObject,
  STATS_COLLECTION,
  type HourCounts,
  type ObjectCounts,
  type SourceStats,
} from '../../processing/source-stats.js';

const HOUR_MS = 3_600_000;

export interface SourceHealth {
  readonly lastObjectTime?: string;
  readonly lastEventTime?: string;
  readonly objects24h: number;
  readonly unclassified24h: number;
  readonly healthy: boolean;
  readonly reason?: string;
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
