// The alerting semantics, pure: dedup windows, thresholds, alert ids and the alert record itself.
// Both stores (embedded and DynamoDB) implement exactly these rules; the embedded store calls these
// functions directly, the DynamoDB store expresses the same steps as conditional updates.
//
// Rules (after Panther's alert merger):
// - Matches are grouped by (ruleId, dedup). A window starts at the first match of the group that
//   falls outside any live window and lasts DedupPeriodMinutes: a match at `now` belongs to the
//   window when start <= now < start + period (half-open), else it starts a new window.
// - Every match increments the window's count. No alert exists while count < Threshold; the match
//   whose count equals Threshold opens the alert (opened: true, once per window); later matches of
//   the window update it: eventCount (= the window's count), updateTime, logTypes (union).
// - The alert's title, severity, context, destinations, description, reference and runbook are
//   those of the match that opened it, later matches do not change them. Panther sets the title only
//   when the dedup window opens and merges later events into it; with Threshold 1 the two coincide.
// - The alertId is a hash of (ruleId, dedup, window start), and of the alert type when it is not
//   RULE (rule errors and scheduled rules have windows of their own): retries and concurrent
//   writers that agree on the window agree on the id.
// - Status changes (OPEN, TRIAGED, CLOSED, RESOLVED) only set status and updateTime; they do not
//   end the window, so later matches of the window still update the same alert.
// - The time is the caller's `now` (processing time), as in Panther.

import { createHash } from 'node:crypto';
import { ALERT_STATUSES, ALERT_TYPES, SEVERITIES } from '../types.js';
import type { Alert, AlertFilter, AlertStatus, AlertType, RuleMatch } from '../types.js';

export const DEFAULT_DEDUP_PERIOD_MINUTES = 60;

/** The live state of one (ruleId, dedup) window. */
export interface WindowState {
  readonly ruleId: string;
  readonly dedup: string;
  /** Absent: RULE (state written before alert types had windows of their own). */
  readonly type?: AlertType;
  /** ISO 8601 UTC. */
  readonly start: string;
  /** ISO 8601 UTC, exclusive. */
  readonly end: string;
  readonly count: number;
}

/** Builds the `eventsLink` of an alert (a console URL on AWS, a lake query locally). */
export type EventsLinkFn = (alert: { alertId: string; ruleId: string; dedup: string; creationTime: string }) => string;

const sha256 = (parts: readonly string[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * Stable key of the (ruleId, dedup) group of one alert type: a hash, so any dedup string (up to
 * 1,000 chars) fits a key. RULE keeps the type out of the hash, so its keys and ids stay as before.
 */
export function windowKey(ruleId: string, dedup: string, type: AlertType = 'RULE'): string {
  return sha256(type === 'RULE' ? [ruleId, dedup] : [type, ruleId, dedup]);
}

/** The alert id of a window: deterministic, so every writer of the window converges on it. */
export function alertIdFor(ruleId: string, dedup: string, windowStart: string, type: AlertType = 'RULE'): string {
  return sha256(type === 'RULE' ? [ruleId, dedup, windowStart] : [type, ruleId, dedup, windowStart]).slice(0, 32);
}

/** The alert type a match counts toward. */
export function alertTypeOf(match: Pick<RuleMatch, 'alertType'>): AlertType {
  return match.alertType ?? 'RULE';
}

/** Threshold of at least 1 (0 or garbage would mean "alert before any match"). */
export function effectiveThreshold(match: Pick<RuleMatch, 'threshold'>): number {
  const t = Math.floor(match.threshold);
  return Number.isFinite(t) && t >= 1 ? t : 1;
}

/** Dedup period in milliseconds: the spec's minutes, the default when missing or not positive. */
export function dedupPeriodMs(match: Pick<RuleMatch, 'dedupPeriodMinutes'>): number {
  const m = match.dedupPeriodMinutes;
  return (Number.isFinite(m) && m > 0 ? m : DEFAULT_DEDUP_PERIOD_MINUTES) * 60_000;
}

/**
 * Counts one match into its window. A match before the live window's start (a caller with an
 * older clock) still counts into the live window rather than reopening it. `alertId` is the
 * window's alert id whether or not the alert exists yet; `reached`: the count is at the threshold.
 */
export function advanceWindow(
  current: WindowState | undefined,
  match: RuleMatch,
  now: Date,
): { window: WindowState; opened: boolean; alertId: string; reached: boolean } {
  const live = current !== undefined && now.getTime() < Date.parse(current.end);
  const type = alertTypeOf(match);
  const window: WindowState = live
    ? { ...current, count: current.count + 1 }
    : {
        ruleId: match.ruleId,
        dedup: match.dedup,
        ...(type !== 'RULE' ? { type } : {}),
        start: now.toISOString(),
        end: new Date(now.getTime() + dedupPeriodMs(match)).toISOString(),
        count: 1,
      };
  const threshold = effectiveThreshold(match);
  const opened = window.count === threshold;
  return { window, opened, alertId: alertIdFor(window.ruleId, window.dedup, window.start, type), reached: window.count >= threshold };
}

/** The alert a match opens; `count` is the window's count (the matches before the threshold count too). */
export function openAlert(match: RuleMatch, alertId: string, count: number, now: Date, eventsLink?: EventsLinkFn): Alert {
  const creationTime = now.toISOString();
  const alert: Alert = {
    alertId,
    type: alertTypeOf(match),
    ruleId: match.ruleId,
    title: match.title,
    severity: match.severity,
    dedup: match.dedup,
    eventCount: count,
    logTypes: [match.logType],
    creationTime,
    updateTime: creationTime,
    status: 'OPEN',
    alertContext: match.alertContext,
    destinations: [...(match.destinations ?? [])],
    ...(match.description !== undefined ? { description: match.description } : {}),
    ...(match.reference !== undefined ? { reference: match.reference } : {}),
    ...(match.runbook !== undefined ? { runbook: match.runbook } : {}),
  };
  return eventsLink ? { ...alert, eventsLink: eventsLink(alert) } : alert;
}

/** A later match of the window: only the count, the update time and the log types change. */
export function mergeMatch(alert: Alert, match: RuleMatch, count: number, now: Date): Alert {
  const logTypes = alert.logTypes.includes(match.logType) ? alert.logTypes : [...alert.logTypes, match.logType].sort();
  return { ...alert, eventCount: Math.max(alert.eventCount, count), updateTime: laterIso(alert.updateTime, now), logTypes };
}

export function assertStatus(status: string): asserts status is AlertStatus {
  if (!(ALERT_STATUSES as readonly string[]).includes(status)) {
    throw new Error(`invalid alert status "${status}": expected one of ${ALERT_STATUSES.join(', ')}`);
  }
}

export function withStatus(alert: Alert, status: AlertStatus, now: Date): Alert {
  assertStatus(status);
  return { ...alert, status, updateTime: now.toISOString() };
}

/** Validates a filter and normalizes `since` to the ISO form creation times are stored in. */
export function normalizeFilter(filter: AlertFilter = {}): AlertFilter {
  if (filter.status !== undefined) assertStatus(filter.status);
  if (filter.severity !== undefined && !(SEVERITIES as readonly string[]).includes(filter.severity)) {
    throw new Error(`invalid severity "${filter.severity}": expected one of ${SEVERITIES.join(', ')}`);
  }
  if (filter.type !== undefined && !(ALERT_TYPES as readonly string[]).includes(filter.type)) {
    throw new Error(`invalid alert type "${filter.type}": expected one of ${ALERT_TYPES.join(', ')}`);
  }
  if (filter.limit !== undefined && !(Number.isInteger(filter.limit) && filter.limit >= 0)) {
    throw new Error(`invalid limit ${filter.limit}: expected a non-negative integer`);
  }
  if (filter.since === undefined) return filter;
  const since = Date.parse(filter.since);
  if (Number.isNaN(since)) throw new Error(`invalid since "${filter.since}": expected an ISO 8601 time`);
  return { ...filter, since: new Date(since).toISOString() };
}

/** Whether an alert passes a normalized filter (limit and cursor aside). */
export function matchesFilter(alert: Alert, filter: AlertFilter): boolean {
  return (
    (filter.status === undefined || alert.status === filter.status) &&
    (filter.type === undefined || alert.type === filter.type) &&
    (filter.severity === undefined || alert.severity === filter.severity) &&
    (filter.ruleId === undefined || alert.ruleId === filter.ruleId) &&
    (filter.since === undefined || alert.creationTime >= filter.since)
  );
}

/** List order: newest first, then by id so equal times have a stable order. */
export function compareAlerts(a: Alert, b: Alert): number {
  if (a.creationTime !== b.creationTime) return a.creationTime < b.creationTime ? 1 : -1;
  return a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0;
}

function laterIso(iso: string, now: Date): string {
  return Date.parse(iso) > now.getTime() ? iso : now.toISOString();
}
