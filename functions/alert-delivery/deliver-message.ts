// One SQS message: one alert sent to its destinations (each send retried with backoff). When some
// destinations failed, the alert is re-queued with a growing delay for those destinations only, so
// the others never get it twice; past MAX_REQUEUES the message fails, SQS retries it and then
// moves it to the DLQ.
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { dispatchAlert } from '../../detections/delivery/dispatch.js';
import { formatDeliveryMessage, parseDeliveryMessage } from '../../detections/delivery/queue-message.js';
import type { DeliveryDeps } from './config.js';

export const MAX_REQUEUES = 3;

/** SQS allows delays up to 15 minutes: 1, 2, 4 ... minutes, capped there. */
export function requeueDelaySeconds(attempt: number): number {
  return Math.min(900, 60 * 2 ** attempt);
}

export async function deliverMessage(body: string, deps: DeliveryDeps, logger: Logger, metrics: Metrics): Promise<void> {
  const msg = parseDeliveryMessage(body);
  // Strongly consistent read: the alert was written just before its id was queued.
  const alert = await deps.alerts.get(msg.alertId);
  if (alert === undefined) throw new Error(`alert ${msg.alertId} not found`);
  const destinations = await deps.destinations();
  const only = msg.destinationIds === undefined ? undefined : new Set(msg.destinationIds);
  const report = await dispatchAlert(alert, destinations, {
    consoleUrl: deps.consoleUrl,
    ...(deps.retry !== undefined ? { retry: deps.retry } : {}),
    // Entries are redacted by the delivery code; they name destinations, never their secrets.
    log: (e) => logger[e.level](e.message, { alertId: alert.alertId, ...(e.destination !== undefined ? { destination: e.destination } : {}), ...(e.status !== undefined ? { status: e.status } : {}) }),
  }, only);
  const failed = report.results.filter((r) => !r.ok);
  logger.info('alert delivered', {
    alertId: alert.alertId,
    ruleId: alert.ruleId,
    attempt: msg.attempt,
    results: report.results.map((r) => ({ destination: r.destinationName, type: r.type, ok: r.ok, attempts: r.attempts, ...(r.status !== undefined ? { status: r.status } : {}), ...(r.error !== undefined ? { error: r.error } : {}) })),
    ...(report.unknownDestinations.length > 0 ? { unknownDestinations: report.unknownDestinations } : {}),
  });
  metrics.addMetric('AlertDeliveries', MetricUnit.Count, report.results.length - failed.length);
  metrics.addMetric('AlertDeliveryFailures', MetricUnit.Count, failed.length);
  if (report.results.length === 0) logger.warn('alert routed to no destination', { alertId: alert.alertId, severity: alert.severity, configured: destinations.length });
  if (failed.length === 0) return;
  const ids = failed.map((r) => r.destinationId);
  if (msg.attempt < MAX_REQUEUES) {
    await deps.requeue(formatDeliveryMessage({ alertId: alert.alertId, destinationIds: ids, attempt: msg.attempt + 1 }), requeueDelaySeconds(msg.attempt));
    return;
  }
  // The message is already limited to the failing destinations: SQS's own retries and then the
  // DLQ keep it inspectable and redrivable.
  throw new Error(`alert ${alert.alertId}: delivery to ${ids.join(', ')} failed after ${MAX_REQUEUES} re-queues`);
}
