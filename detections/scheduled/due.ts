// Which scheduled queries are due at a tick of the scheduler (pure). The scheduler ticks every
// minute or few minutes; each query keeps two marks: when it last ran (the minute of the tick that
// ran it) and when the scheduler last looked at it.
// - RateMinutes: due when it never ran or at least RateMinutes have passed since it last ran.
// - CronExpression: due when a fire time falls after the last look and at or before now (a tick
//   that comes late still runs a missed slot, once). Without any mark, only a fire time in the
//   current minute counts: a new query waits for its next slot rather than running at deploy time.
import type { ScheduledQueryItem } from '../analysis/spec.js';
import { lastFireBetween, parseCron } from './cron.js';

export interface RunMarks {
  /** ISO 8601 UTC minute of the last run. */
  readonly lastRun?: string;
  /** ISO 8601 UTC of the scheduler's last look at the query (due or not). */
  readonly lastCheck?: string;
}

export interface DueQuery {
  readonly item: ScheduledQueryItem;
  /** The minute the run stands for (the cron slot, or now's minute for a rate). */
  readonly slot: Date;
}

const MINUTE = 60_000;

export function floorMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / MINUTE) * MINUTE);
}

/** Whether one query is due; returns the slot or undefined. Disabled queries never are. */
export function dueSlot(item: ScheduledQueryItem, marks: RunMarks | undefined, now: Date): Date | undefined {
  if (!item.spec.Enabled) return undefined;
  const minute = floorMinute(now);
  const schedule = item.spec.Schedule;
  const rate = schedule.RateMinutes;
  if (schedule.CronExpression === undefined && rate !== undefined) {
    const last = marks?.lastRun !== undefined ? Date.parse(marks.lastRun) : NaN;
    if (Number.isNaN(last)) return minute;
    return minute.getTime() - floorMinute(new Date(last)).getTime() >= rate * MINUTE ? minute : undefined;
  }
  if (schedule.CronExpression === undefined) return undefined;
  const cron = parseCron(schedule.CronExpression);
  const seen = [marks?.lastCheck, marks?.lastRun].map((s) => (s === undefined ? NaN : Date.parse(s))).filter((n) => !Number.isNaN(n));
  // The window starts after the later mark; without marks, only the current minute.
  const after = seen.length > 0 ? new Date(Math.max(...seen)) : new Date(minute.getTime() - MINUTE);
  return lastFireBetween(cron, after, now);
}

/** The due queries among `queries`, in their given order, with the slot each run stands for. */
export function dueQueries(queries: readonly ScheduledQueryItem[], lastRuns: ReadonlyMap<string, RunMarks>, now: Date): DueQuery[] {
  const out: DueQuery[] = [];
  for (const item of queries) {
    const slot = dueSlot(item, lastRuns.get(item.id), now);
    if (slot !== undefined) out.push({ item, slot });
  }
  return out;
}
