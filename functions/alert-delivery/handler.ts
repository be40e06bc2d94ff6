import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { depsFromEnv, type DeliveryDeps } from './config.js';
import { deliverMessage } from './deliver-message.js';

const logger = new Logger({ serviceName: 'alert-delivery' });
const metrics = new Metrics({ namespace: 'Panther', serviceName: 'alert-delivery' });
const processor = new BatchProcessor(EventType.SQS);
let deps: DeliveryDeps | undefined;

/** SQS batch of alert ids -> alerts sent to their destinations, reporting partial batch failures. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  deps ??= depsFromEnv(process.env, undefined, (id, problems) => logger.error('destination unreadable', { destination: id, problems }));
  const ready = deps;
  logger.addContext(context);
  try {
    return await processPartialResponse(event, (record: SQSRecord) => deliverMessage(record.body, ready, logger, metrics), processor, {
      context,
      // Alerts are independent and sending is I/O-bound.
      processInParallel: true,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
}
