// One SQS message: the lake objects it announces (normalized logs under logs/<table>/, not
// logs/unclassified/) go through the rules; the alerts that opened are queued for delivery. Any
// failure fails the message alone (partial batch response): it is retried, then dead-lettered.
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { openRuleSession, tableOfKey, type RuleSession } from '../../detections/pipeline/run-detections.js';
import { objectsFromMessage } from '../../processing/notifications.js';
import type { DetectionDeps } from './config.js';
import type { LoadedDetections } from './detection-source.js';

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

/** The lake keys of a notification that detections read. */
export function detectionKeys(body: string, lakeBucket: string): string[] {
  return objectsFromMessage(body)
    .filter((r) => r.bucket === lakeBucket && tableOfKey(r.key) !== undefined)
    .map((r) => r.key);
}

/** The detections whose load errors were logged last (they are logged once per change). */
let reported: LoadedDetections | undefined;

/**
 * The loaded rules, kept across messages and warm invocations until the detections change: loading
 * imports every module and, with Python rules, starts Pyodide (seconds), which per message would
 * cost more than the evaluation itself. One per deps (tests build several).
 */
const sessions = new WeakMap<DetectionDeps, { readonly loaded: LoadedDetections; readonly session: Promise<RuleSession> }>();
const open = new Set<Promise<RuleSession>>();

function sessionFor(deps: DetectionDeps, loaded: LoadedDetections): Promise<RuleSession> {
  const current = sessions.get(deps);
  if (current?.loaded === loaded) return current.session;
  if (current !== undefined) void retire(current.session);
  const session = openRuleSession({
    lake: deps.lake,
    detections: loaded.items,
    alertStore: deps.alertStore,
    now: deps.now(),
    ...(deps.cache !== undefined ? { cache: deps.cache } : {}),
    ...(deps.timeLimitMs !== undefined ? { timeLimitMs: deps.timeLimitMs } : {}),
  });
  open.add(session);
  // A session that failed to open is not kept: the next message tries again.
  session.catch(() => {
    open.delete(session);
    if (sessions.get(deps)?.session === session) sessions.delete(deps);
  });
  sessions.set(deps, { loaded, session });
  return session;
}

async function retire(session: Promise<RuleSession>): Promise<void> {
  open.delete(session);
  await (await session.catch(() => undefined))?.close();
}

/** Closes every rule session (and so the Python workers): tests, and a process that must exit. */
export async function closeRuleSessions(): Promise<void> {
  await Promise.all([...open].map(retire));
}

export async function processMessage(body: string, deps: DetectionDeps, logger: Logger, metrics: Metrics): Promise<void> {
  const keys = detectionKeys(body, deps.lakeBucket);
  if (keys.length === 0) {
    logger.info('notification announces no normalized log object: ignored');
    return;
  }
  const loaded = await deps.detections();
  if (loaded !== reported) {
    reported = loaded;
    logger.info('detections loaded', { detections: loaded.items.length, errors: loaded.errors.length, skipped: loaded.skipped.length });
    for (const e of loaded.errors) logger.warn('detection not loaded', { error: e });
    for (const s of loaded.skipped) logger.warn('detection skipped', { reason: s });
  }
  const session = await sessionFor(deps, loaded);
  const stats = await session.run({ keys, now: deps.now() });
  for (const e of stats.loadErrors) logger.warn('detection not loaded', { error: e });
  logger.info('objects evaluated', { keys, events: stats.events, evaluations: stats.evaluations, matches: stats.matches, errors: stats.errors, alertsOpened: stats.alertsOpened, written: stats.keys.length });
  metrics.addMetric('EventsEvaluated', MetricUnit.Count, stats.events);
  metrics.addMetric('RuleMatches', MetricUnit.Count, sum(stats.matches));
  metrics.addMetric('RuleErrors', MetricUnit.Count, sum(stats.errors));
  metrics.addMetric('AlertsOpened', MetricUnit.Count, stats.alertsOpened);
  if (stats.openedAlertIds.length > 0) await deps.enqueue(stats.openedAlertIds);
}
