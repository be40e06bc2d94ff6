// One unit message of the scan queue: parsed (a malformed body is logged and dropped: retrying
// cannot fix it), run (scan, policies, compliance, policy alerts), opened alerts queued for
// delivery. A unit that failed with a recorded reason is acknowledged (its state says failed and
// the scheduler retries it); an exception (AssumeRole refused, a table unreachable) fails the
// message so SQS retries it, then moves it to the DLQ.
import type { Logger } from '@aws-lambda-powertools/logger';
import { remediationFailed, type AutoRemediationResult } from '../../cloud-security/auto-remediate.js';
import type { RescanDebouncer } from '../../cloud-security/realtime/debounce.js';
import { runUnit, type UnitRunDeps } from '../../cloud-security/units/scan-unit.js';
import { parseUnitMessage, unitId } from '../../cloud-security/units/unit.js';

export interface ScanDeps extends UnitRunDeps {
  /** Queues the opened alerts for delivery. */
  readonly enqueueAlerts: (alertIds: readonly string[]) => Promise<void>;
  /** Widens an event-triggered unit with the events that joined it (cloud-rescan's debouncer). */
  readonly debounce?: RescanDebouncer;
}

export type UnitLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface UnitReport {
  readonly unit?: string;
  readonly status: 'done' | 'failed' | 'malformed';
  readonly resources: number;
  readonly alertsOpened: number;
  /** Automatic remediations run (dry or applied); absent when none. */
  readonly remediations?: number;
}

/** Error text kept in a log line: enough to see the cause, bounded. */
const MAX_ERROR_LOG = 300;

/**
 * One remediation's log fields: ids, the outcome and the calls' API names only (their inputs
 * carry resource settings and names, and say nothing the ids do not).
 */
export function remediationLogFields(unit: string, r: AutoRemediationResult): Record<string, unknown> {
  const api = (c: { service: string; operation: string }): string => `${c.service}:${c.operation}`;
  const failedCalls = r.calls.filter((c) => c.ok === false).map(api);
  return {
    unit,
    policyId: r.policyId,
    resourceId: r.resourceId,
    remediationId: r.remediationId,
    dryRun: r.dryRun,
    applied: r.applied,
    calls: r.calls.map(api),
    ...(failedCalls.length > 0 ? { failedCalls } : {}),
    ...(r.error !== undefined ? { error: r.error.slice(0, MAX_ERROR_LOG) } : {}),
  };
}


export async function processUnitMessage(body: string, deps: ScanDeps, logger: UnitLogger): Promise<UnitReport> {
  let parsed: ReturnType<typeof parseUnitMessage>;
  try {
    parsed = parseUnitMessage(body);
  } catch (err) {
    // The body is not echoed: only its size, never attacker-shaped text in the logs.
    logger.error('malformed scan unit message dropped', { bytes: body.length, error: (err as Error).name });
    return { status: 'malformed', resources: 0, alertsOpened: 0 };
  }
  const { reason } = parsed;
  const unit = reason === 'event' && deps.debounce !== undefined ? await deps.debounce.take(parsed.unit) : parsed.unit;
  const id = unitId(unit);
  const r = await runUnit(unit, deps);
  if (!r.outcome.ok) {
    logger.warn('scan unit failed', { unit: id, reason, error: r.outcome.error });
    return { unit: id, status: 'failed', resources: 0, alertsOpened: 0 };
  }
  const opened = r.pipeline?.openedAlertIds ?? [];
  if (opened.length > 0) await deps.enqueueAlerts(opened);
  for (const p of r.outcome.problems) logger.warn('scan problem', { unit: id, kind: p.kind, resourceId: p.resourceId, message: p.message });
  logger.info('scan unit done', {
    unit: id,
    reason,
    targeted: unit.resources !== undefined ? unit.resources.length : 0,
    resources: r.outcome.resources,
    evaluations: r.pipeline?.evaluations ?? 0,
    ...(r.pipeline !== undefined ? { counts: r.pipeline.counts } : {}),
    alertsOpened: opened.length,
    // Resources deleted since the unit's last run: their compliance entries were dropped.
    removed: r.pipeline?.removedResources.length ?? 0,
  });
  const remediations = r.pipeline?.remediations ?? [];
  for (const rem of remediations) {
    if (remediationFailed(rem)) logger.warn('auto-remediation failed', remediationLogFields(id, rem));
    else logger.info(rem.dryRun ? 'auto-remediation planned (dry run)' : 'auto-remediation applied', remediationLogFields(id, rem));
  }
  return { unit: id, status: 'done', resources: r.outcome.resources, alertsOpened: opened.length, ...(remediations.length > 0 ? { remediations: remediations.length } : {}) };
}
