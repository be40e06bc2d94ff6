import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { IngestDeps } from '../../processing/ingest.js';
import { depsFromEnv } from './config.js';
import { processMessage } from './process-record.js';

const logger = new Logger({ serviceName: 'log-processor' });
const metrics = new Metrics({ namespace: 'Panther', serviceName: 'log-processor' });
const processor = new BatchProcessor(EventType.SQS);
let deps: Promise<IngestDeps> | undefined;

/** SQS batch of S3 notifications -> processed objects, reporting partial batch failures. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  deps ??= depsFromEnv(process.env, undefined, { warn: (message) => logger.warn(message) });
  const ready = await deps;
  logger.addContext(context);
  try {
    return await processPartialResponse(event, (record: SQSRecord) => processMessage(record.body, ready, logger, metrics), processor, {
      context,
      // One object at a time: processing is CPU-bound, and memory stays that of one object.
      processInParallel: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
}
