import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { depsFromEnv } from './config.js';
import { processUnitMessage, type ScanDeps } from './process-unit.js';

const logger = new Logger({ serviceName: 'cloud-scan' });
const processor = new BatchProcessor(EventType.SQS);
let ready: Promise<ScanDeps> | undefined;

/** SQS batch of scan units -> each scanned, evaluated, recorded; partial batch failures reported. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  ready ??= depsFromEnv(process.env).then(({ deps, packErrors, warnings }) => {
    for (const e of packErrors) logger.error('policy not loaded', { error: e });
    for (const w of warnings) logger.warn('setting without effect', { warning: w });
    const auto = deps.autoRemediation;
    if (auto !== undefined) logger.info('automatic remediation', { policies: [...auto.policies], apply: auto.apply, remediationRoleName: auto.remediationRoleName });
    return deps;
  });
  const deps = await ready;
  logger.addContext(context);
  // One unit at a time: a unit is sized to fit one invocation, not several at once.
  return processPartialResponse(event, (record: SQSRecord) => processUnitMessage(record.body, deps, logger), processor, { context, processInParallel: false });
}
