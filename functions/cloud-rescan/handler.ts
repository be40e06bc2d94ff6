import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { depsFromEnv } from './config.js';
import { handleEvent, type EnqueueDeps } from './enqueue.js';

const logger = new Logger({ serviceName: 'cloud-rescan' });
let deps: EnqueueDeps | undefined;

/** EventBridge: the scan schedule's tick, or a monitored account's CloudTrail event -> scan units queued. */
export async function handler(event: unknown, context: Context): Promise<unknown> {
  deps ??= depsFromEnv(process.env);
  logger.addContext(context);
  const report = await handleEvent(event, deps);
  logger.info('cloud-rescan', { ...report });
  return report;
}
