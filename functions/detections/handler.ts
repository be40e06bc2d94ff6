import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { depsFromEnv, type DetectionDeps } from './config.js';
import { processMessage } from './process-message.js';

const logger = new Logger({ serviceName: 'detections' });
const metrics = new Metrics({ namespace: 'Panther', serviceName: 'detections' });
const processor = new BatchProcessor(EventType.SQS);
let deps: DetectionDeps | undefined;

/** SQS batch of lake notifications -> rules run on the new events, opened alerts queued for delivery. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  deps ??= depsFromEnv(process.env);
  const ready = deps;
  logger.addContext(context);
  try {
    return await processPartialResponse(event, (record: SQSRecord) => processMessage(record.body, ready, logger, metrics), processor, {
      context,
      // One message at a time: rule evaluation is CPU-bound and the Python runtime is one worker.
      processInParallel: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
}
