// One tick of the scheduler (an EventBridge schedule): the due scheduled queries run in Athena,
// their rows feed the scheduled rules, opened alerts are queued for delivery. A failed query is
// logged with its reason and kept in its run state; it does not fail the tick (a retried tick
// would run the other queries twice).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduledQueryItem, ScheduledRuleItem } from '../../detections/analysis/spec.js';
import { runScheduledRules, type ScheduledRunReport } from '../../detections/scheduled/run.js';
import type { ScheduledDeps } from './config.js';

export type TickLogger = Pick<Logger, 'info' | 'error'>;

/** Leaves this much of the invocation for recording state and queueing alerts after the last query. */
export const SAFETY_MARGIN_MS = 30_000;

export async function runTick(deps: ScheduledDeps, logger: TickLogger, remainingMs: number = Number.POSITIVE_INFINITY): Promise<ScheduledRunReport> {
  const loaded = await deps.detections();
  for (const e of loaded.errors) logger.error('detection spec error', { error: e });
  const queries = loaded.items.filter((i): i is ScheduledQueryItem => i.type === 'scheduled_query');
  const rules = loaded.items.filter((i): i is ScheduledRuleItem => i.type === 'scheduled_rule');
  const report = await runScheduledRules({
    engine: deps.engine,
    queries,
    rules,
    helpers: loaded.items,
    alertStore: deps.alertStore,
    now: deps.now(),
    lake: deps.lake,
    runs: deps.runs,
    // A query may not outlive the invocation, whatever its TimeoutMinutes.
    ...(Number.isFinite(remainingMs) ? { deadline: new Date(Date.now() + remainingMs - SAFETY_MARGIN_MS) } : {}),
    ...(deps.timeLimitMs !== undefined ? { timeLimitMs: deps.timeLimitMs } : {}),
  });
  for (const q of report.queries) {
    const extra = { queryName: q.queryName, rows: q.rows, matches: q.matches, ruleErrors: q.ruleErrors, alertsOpened: q.alertsOpened, elapsedMs: q.elapsedMs, ...(q.bytesScanned !== undefined ? { bytesScanned: q.bytesScanned } : {}) };
    if (q.status === 'failed') logger.error('scheduled query failed', { ...extra, error: q.error });
    else logger.info(`scheduled query ${q.status}`, { ...extra, ...(q.error !== undefined ? { reason: q.error } : {}) });
  }
  for (const e of report.loadErrors) logger.error('scheduled rule not loaded', { error: e });
  if (report.openedAlertIds.length > 0) await deps.enqueue(report.openedAlertIds);
  return report;
}
