// The cloud-rescan function's work: it queues scan units, for two kinds of EventBridge events.
// - The schedule's tick: every onboarded account planned into units, the due ones (never scanned,
//   failed, lost, or past the interval) marked queued and sent, at most maxUnitsPerTick of them
//   (the rest are still due at the next tick: a large organization is scanned over a few ticks).
// - A CloudTrail "AWS API Call via CloudTrail" event from a monitored account: the resources it
//   touched, as targeted units, sent with a delay so a burst of calls settles before the rescan.
// The lake path (processed AWS.CloudTrail objects, from-lake.ts) shares the event path's tail.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { coalesceTargets } from '../../cloud-security/realtime/coalesce.js';
import type { RescanDebouncer } from '../../cloud-security/realtime/debounce.js';
import { targetsOfEvent, type CloudTrailEnvelope, type RescanTarget } from '../../cloud-security/realtime/cloudtrail-targets.js';
import { mapLimit } from '../../cloud-security/scanners/common.js';
import type { ResourceScanner } from '../../cloud-security/types.js';
import type { AccountDirectory } from '../../cloud-security/units/accounts.js';
import { dueUnits, type UnitStateStore } from '../../cloud-security/units/state.js';
import { formatUnitMessage, planUnits, type ScanUnit } from '../../cloud-security/units/unit.js';

export interface OutgoingUnit {
  readonly body: string;
  readonly delaySeconds?: number;
}

export interface EnqueueDeps {
  readonly accounts: AccountDirectory;
  readonly states: UnitStateStore;
  readonly scanners: readonly ResourceScanner[];
  readonly send: (messages: readonly OutgoingUnit[]) => Promise<void>;
  readonly now: () => Date;
  readonly intervalMs: number;
  readonly staleMs: number;
  /** A failed unit waits this long, doubling per consecutive failure (state.ts isDue). Default 0. */
  readonly retryBaseMs?: number;
  /** Default 2000. */
  readonly maxUnitsPerTick?: number;
  /** Delay of event-triggered units (SQS allows 0-900). Default 60. */
  readonly rescanDelaySeconds?: number;
  /** Joins events on a unit within the delay into one rescan; without it every event sends. */
  readonly debounce?: RescanDebouncer;
}

export interface TickReport {
  readonly kind: 'schedule';
  readonly accounts: number;
  readonly units: number;
  readonly due: number;
  readonly queued: number;
}

export interface RescanReport {
  readonly kind: 'event';
  readonly targets: number;
  readonly queued: number;
  /** Units that joined a rescan already pending. */
  readonly joined: number;
}

export interface IgnoredReport {
  readonly kind: 'ignored';
  readonly reason: string;
}

/** State writes in flight at once. */
const STATE_CONCURRENCY = 16;

export async function scheduleTick(deps: EnqueueDeps): Promise<TickReport> {
  const now = deps.now();
  const accounts = await deps.accounts.all();
  const units = planUnits(accounts, deps.scanners);
  const due = dueUnits(units, await deps.states.all(), now, { intervalMs: deps.intervalMs, staleMs: deps.staleMs, ...(deps.retryBaseMs !== undefined ? { retryBaseMs: deps.retryBaseMs } : {}) });
  const batch = due.slice(0, deps.maxUnitsPerTick ?? 2000);
  // Marked before sending: a unit whose message is lost stays "queued" until stale, then is due again.
  await mapLimit(batch, STATE_CONCURRENCY, (u) => deps.states.markQueued(u, now));
  await deps.send(batch.map((u) => ({ body: formatUnitMessage(u, 'schedule') })));
  return { kind: 'schedule', accounts: accounts.length, units: units.length, due: due.length, queued: batch.length };
}

/**
 * Targets -> units of the onboarded accounts (their regions and types), merged per unit. Reads the
 * accounts once: a caller with many targets (a lake object) keeps the function for all of them.
 */
export async function onboardedCoalescer(deps: Pick<EnqueueDeps, 'accounts' | 'scanners'>): Promise<(targets: readonly RescanTarget[]) => ScanUnit[]> {
  const accounts = new Map((await deps.accounts.all()).map((a) => [a.accountId, a]));
  return (targets) => coalesceTargets(targets, { accountOf: (id) => accounts.get(id), scanners: deps.scanners });
}

/**
 * The tail shared by every event path (EventBridge, lake): the coalesced units pass the debouncer
 * (units already pending are joined, not sent again) and go to the unit queue with the delay.
 */
export async function queueRescans(coalesced: readonly ScanUnit[], deps: EnqueueDeps): Promise<{ readonly queued: number; readonly joined: number }> {
  if (coalesced.length === 0) return { queued: 0, joined: 0 };
  const units = deps.debounce !== undefined ? await deps.debounce.admit(coalesced, deps.now()) : coalesced;
  const delay = deps.rescanDelaySeconds ?? 60;
  try {
    await deps.send(units.map((u) => ({ body: formatUnitMessage(u, 'event'), delaySeconds: delay })));
  } catch (err) {
    // Not queued: the event is retried, and must then open its rescans again.
    await deps.debounce?.release(units);
    throw err;
  }
  return { queued: units.length, joined: coalesced.length - units.length };
}

export async function rescanFromEvent(event: CloudTrailEnvelope, deps: EnqueueDeps): Promise<RescanReport> {
  const targets = targetsOfEvent(event);
  if (targets.length === 0) return { kind: 'event', targets: 0, queued: 0, joined: 0 };
  const coalesce = await onboardedCoalescer(deps);
  return { kind: 'event', targets: targets.length, ...(await queueRescans(coalesce(targets), deps)) };
}

/** EventBridge event -> the work it asks for. */
export async function handleEvent(event: unknown, deps: EnqueueDeps): Promise<TickReport | RescanReport | IgnoredReport> {
  if (typeof event !== 'object' || event === null) return { kind: 'ignored', reason: 'not an EventBridge event' };
  const e = event as CloudTrailEnvelope & { source?: unknown };
  if (e['detail-type'] === 'Scheduled Event' && e.source === 'aws.events') return scheduleTick(deps);
  if (e['detail-type'] === 'AWS API Call via CloudTrail') return rescanFromEvent(e, deps);
  return { kind: 'ignored', reason: `detail-type ${JSON.stringify(String(e['detail-type'])).slice(0, 100)}` };
}

/** SQS batches of at most 10 entries. */
const BATCH = 10;

/** Sends unit messages; throws when SQS refuses an entry (the event is then retried by EventBridge/Lambda). */
export function sqsUnitQueue(sqs: SQSClient, queueUrl: string): (messages: readonly OutgoingUnit[]) => Promise<void> {
  return async (messages) => {
    const chunks: OutgoingUnit[][] = [];
    for (let i = 0; i < messages.length; i += BATCH) chunks.push(messages.slice(i, i + BATCH));
    await mapLimit(chunks, 8, async (chunk) => {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((m, j) => ({ Id: String(j), MessageBody: m.body, ...(m.delaySeconds !== undefined ? { DelaySeconds: m.delaySeconds } : {}) })),
        }),
      );
      const failed = out.Failed ?? [];
      if (failed.length > 0) throw new Error(`could not queue ${failed.length} scan unit(s): ${failed.map((f) => `${f.Code ?? 'error'}${f.SenderFault === true ? ' (sender)' : ''}`).join(', ')}`);
    });
  };
}
