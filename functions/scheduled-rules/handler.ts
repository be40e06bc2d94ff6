import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { depsFromEnv, type ScheduledDeps } from './config.js';
import { runTick } from './tick.js';

const logger = new Logger({ serviceName: 'scheduled-rules' });
const metrics = new Metrics({ namespace: 'Panther', serviceName: 'scheduled-rules' });
let deps: ScheduledDeps | undefined;

/** EventBridge schedule tick -> due scheduled queries run in Athena, their scheduled rules, alerts queued. */
export async function handler(_event: ScheduledEvent, context: Context): Promise<{ queries: number; failed: number; alertsOpened: number }> {
  deps ??= depsFromEnv(process.env);
  logger.addContext(context);
  try {
    const report = await runTick(deps, logger, context.getRemainingTimeInMillis());
    const failed = report.queries.filter((q) => q.status === 'failed').length;
    metrics.addMetric('ScheduledQueriesRun', MetricUnit.Count, report.queries.length);
    metrics.addMetric('ScheduledQueriesFailed', MetricUnit.Count, failed);
    metrics.addMetric('AlertsOpened', MetricUnit.Count, report.alertsOpened);
    return { queries: report.queries.length, failed, alertsOpened: report.alertsOpened };
  } finally {
    metrics.publishStoredMetrics();
  }
}
