// The alert-delivery queue's messages: the detections function sends one per opened alert; the
// delivery function re-queues an alert, limited to the destinations that failed, when others got it
// (so a retry never sends twice to a destination that already has the alert).
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';

export const AlertDeliveryMessage = z.strictObject({
  alertId: z.string().min(1).max(200),
  /** Only these destination ids (a retry); absent: every destination the alert routes to. */
  destinationIds: z.array(z.string().min(1)).max(100).optional(),
  /** Re-queues so far (0 for the first message). */
  attempt: z.number().int().min(0).max(100).default(0),
});
export type AlertDeliveryMessage = z.infer<typeof AlertDeliveryMessage>;

export function formatDeliveryMessage(m: { alertId: string; destinationIds?: readonly string[]; attempt?: number }): string {
  return JSON.stringify({ alertId: m.alertId, ...(m.destinationIds !== undefined ? { destinationIds: [...m.destinationIds] } : {}), ...(m.attempt ? { attempt: m.attempt } : {}) });
}

/** Throws on a malformed body (the message then fails and ends in the DLQ). */
export function parseDeliveryMessage(body: string): AlertDeliveryMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new Error('alert-delivery message: not JSON');
  }
  const parsed = AlertDeliveryMessage.safeParse(raw);
  if (!parsed.success) throw new Error(`alert-delivery message: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;

/**
 * Queues alerts for the alert-delivery function (whatever opened them: rules, scheduled rules,
 * policies). Throws when SQS refuses an entry, so the caller's message is retried.
 */
export function sqsAlertQueue(sqs: SQSClient, queueUrl: string): (alertIds: readonly string[]) => Promise<void> {
  return async (alertIds) => {
    for (let i = 0; i < alertIds.length; i += BATCH) {
      const chunk = alertIds.slice(i, i + BATCH);
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((id, j) => ({ Id: String(j), MessageBody: formatDeliveryMessage({ alertId: id }) })) }));
      const failed = out.Failed ?? [];
      if (failed.length > 0) throw new Error(`could not queue ${failed.length} alert(s) for delivery: ${failed.map((f) => `${f.Code ?? 'error'}${f.SenderFault === true ? ' (sender)' : ''}`).join(', ')}`);
    }
  };
}
