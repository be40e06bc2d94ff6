import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { depsFromEnv, type RescanDeps } from './config.js';
import { handleEvent } from './enqueue.js';
import { rescanFromNotification } from './from-lake.js';

const logger = new Logger({ serviceName: 'cloud-rescan' });
const processor = new BatchProcessor(EventType.SQS);
let deps: RescanDeps | undefined;

/** An SQS batch (the lake's CloudTrail notifications) rather than an EventBridge event. */
function isSqsEvent(event: unknown): event is SQSEvent {
  if (typeof event !== 'object' || event === null) return false;
  const records = (event as { Records?: unknown }).Records;
  return Array.isArray(records) && records.length > 0 && (records[0] as { eventSource?: unknown } | null)?.eventSource === 'aws:sqs';
}

/** The handler with its dependencies given (tests). */
export async function dispatch(event: unknown, context: Context, ready: RescanDeps): Promise<unknown> {
  logger.addContext(context);
  if (isSqsEvent(event)) {
    const { lake, lakeBucket } = ready;
    if (lake === undefined || lakeBucket === undefined) throw new Error('an SQS batch of lake notifications, but LAKE_BUCKET is not set');
    const lakeDeps = { ...ready, lake, lakeBucket };
    // One message at a time: each holds one object's worth of targets and writes to the debouncer.
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const report = await rescanFromNotification(record.body, lakeDeps);
        logger.info('cloud-rescan', { messageId: record.messageId, ...report });
      },
      processor,
      { context, processInParallel: false },
    ) as Promise<SQSBatchResponse>;
  }
  const report = await handleEvent(event, ready);
  logger.info('cloud-rescan', { ...report });
  return report;
}

/**
 * EventBridge: the scan schedule's tick, or a monitored account's CloudTrail event -> scan units
 * queued. SQS: the lake's notifications of processed CloudTrail objects -> targeted units queued,
 * partial batch failures reported.
 */
export async function handler(event: unknown, context: Context): Promise<unknown> {
  deps ??= depsFromEnv(process.env);
  return dispatch(event, context, deps);
}
