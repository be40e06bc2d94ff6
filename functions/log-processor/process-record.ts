// One SQS message: every object it announces goes through the processor; any failure fails
// the message alone (partial batch response), so it is retried and then dead-lettered.
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { ingestObject, type IngestDeps } from '../../processing/ingest.js';
import { objectsFromMessage } from '../../processing/notifications.js';

export async function processMessage(body: string, deps: IngestDeps, logger: Logger, metrics: Metrics): Promise<void> {
  const refs = objectsFromMessage(body);
  if (refs.length === 0) logger.info('notification holds no created object (test or other event): ignored');
  for (const ref of refs) {
    const stats = await ingestObject(ref, deps);
    const classified = Object.values(stats.classified).reduce((a, b) => a + b, 0);
    logger.info('object processed', { bucket: ref.bucket, key: ref.key, ...stats, keys: stats.keys.length });
    for (const w of stats.warnings) logger.warn('object damaged', { bucket: ref.bucket, key: ref.key, warning: w });
    if (stats.statsWarning !== undefined) logger.warn('source statistics not recorded', { bucket: ref.bucket, key: ref.key, warning: stats.statsWarning });
    metrics.addMetric('EventsClassified', MetricUnit.Count, classified);
    metrics.addMetric('LinesUnclassified', MetricUnit.Count, stats.unclassified);
    metrics.addMetric('BytesProcessed', MetricUnit.Bytes, stats.bytesIn);
    if (stats.warnings.length > 0) metrics.addMetric('DamagedObjects', MetricUnit.Count, 1);
  }
}
