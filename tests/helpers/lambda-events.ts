// What the Lambda runtime hands a handler, built for the handler tests: a context with the fields
// the handlers and their logger read, and SQS batches whose message ids (m0, m1, ...) are what
// batchItemFailures name.
import type { Context, SQSEvent } from 'aws-lambda';

/** A context for the named function, with `remainingMs` left of its timeout. */
export function lambdaContext(functionName: string, remainingMs: number): Context {
  return { functionName, awsRequestId: 'req', getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
}

/** A builder of batches delivered from the queue `queueArn` (its region is the records' awsRegion): one record a body. */
export function sqsEventsFrom(queueArn: string): (...bodies: string[]) => SQSEvent {
  const awsRegion = queueArn.split(':')[3] ?? '';
  return (...bodies) => ({
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`,
      receiptHandle: 'r',
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion,
    })),
  });
}
