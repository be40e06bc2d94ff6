// The compliance semantics, pure, shared by both stores (embedded and DynamoDB): suppression
// patterns, what counts as a change, history, filters, the list order and its cursor, the overview.
//
// - Suppressions follow Panther's policy Suppressions: a glob on the resource id, `*` any run of
//   characters, `?` one character, matched against the whole id, case-sensitively. A suppressed
//   entry is kept and listed with `suppressed: true`, never alerted, and counted as passing (the
//   resource was accepted as an exception).
// - An entry "changed" when its (policy, resource) pair had no status yet or a different one;
//   each change appends one history entry (the status transitions of the pair).
import { SEVERITIES, type Severity } from '../../detections/types.js';
import type {
  ComplianceCounts,
  ComplianceEntry,
  ComplianceFilter,
  ComplianceHistoryEntry,
  ComplianceOverview,
  ComplianceStatus,
  Suppression,
} from './types.js';

export const COMPLIANCE_STATUSES: readonly ComplianceStatus[] = ['PASS', 'FAIL', 'ERROR'];

/** History entries kept per (policy, resource): the latest transitions. */
export const MAX_HISTORY = 100;

const globCache = new Map<string, RegExp>();

/** Panther's suppression glob as an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (re === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
    re = new RegExp(`^${body}$`);
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

export function matchesPattern(pattern: string, resourceId: string): boolean {
  return globToRegExp(pattern).test(resourceId);
}

/** Whether a suppression of the entry's policy (or a policy spec's own patterns) covers the resource. */
export function isSuppressed(policyId: string, resourceId: string, suppressions: readonly Suppression[]): boolean {
  return suppressions.some((s) => s.policyId === policyId && matchesPattern(s.resourcePattern, resourceId));
}

/**
 * The entry as stored: suppressed when the caller said so (the policy spec's Suppressions) or a
 * stored suppression matches.
 */
export function withSuppression(entry: ComplianceEntry, suppressions: readonly Suppression[]): ComplianceEntry {
  const suppressed = entry.suppressed || isSuppressed(entry.policyId, entry.resourceId, suppressions);
  return suppressed === entry.suppressed ? entry : { ...entry, suppressed };
}

export function entryKey(policyId: string, resourceId: string): string {
  return JSON.stringify([policyId, resourceId]);
}

/** Whether recording `next` over `prev` is a change (a new pair, or another status). */
export function isChange(prev: Pick<ComplianceEntry, 'status'> | undefined, next: ComplianceEntry): boolean {
  return prev === undefined || prev.status !== next.status;
}

export function historyEntry(e: ComplianceEntry): ComplianceHistoryEntry {
  return { policyId: e.policyId, resourceId: e.resourceId, status: e.status, time: e.lastUpdated };
}

/** Validates an entry before it is stored (the API and the scan pipeline both write). */
export function assertEntry(e: ComplianceEntry): void {
  if (typeof e.policyId !== 'string' || e.policyId === '') throw new Error('compliance entry: policyId is required');
  if (typeof e.resourceId !== 'string' || e.resourceId === '') throw new Error(`compliance entry ${e.policyId}: resourceId is required`);
  // Key attributes of the DynamoDB store's scope index: an empty string there is refused by DynamoDB.
  for (const k of ['accountId', 'resourceType', 'region'] as const) {
    if (typeof e[k] !== 'string' || e[k] === '') throw new Error(`compliance entry ${e.policyId}/${e.resourceId}: ${k} is required`);
  }
  if (!COMPLIANCE_STATUSES.includes(e.status)) throw new Error(`compliance entry ${e.policyId}/${e.resourceId}: invalid status "${String(e.status)}"`);
  if (!(SEVERITIES as readonly string[]).includes(e.severity)) throw new Error(`compliance entry ${e.policyId}/${e.resourceId}: invalid severity "${String(e.severity)}"`);
  if (Number.isNaN(Date.parse(e.lastUpdated))) throw new Error(`compliance entry ${e.policyId}/${e.resourceId}: lastUpdated is not an ISO time`);
}

/** Within one record() call the last entry of a pair wins (a scan that saw a resource twice). */
export function lastPerPair(entries: readonly ComplianceEntry[]): ComplianceEntry[] {
  const byKey = new Map<string, ComplianceEntry>();
  for (const e of entries) {
    assertEntry(e);
    byKey.set(entryKey(e.policyId, e.resourceId), e);
  }
  return [...byKey.values()];
}

export function validateFilter(f: ComplianceFilter = {}): ComplianceFilter {
  if (f.status !== undefined && !COMPLIANCE_STATUSES.includes(f.status)) {
    throw new Error(`invalid status "${String(f.status)}": expected one of ${COMPLIANCE_STATUSES.join(', ')}`);
  }
  if (f.severity !== undefined && !(SEVERITIES as readonly string[]).includes(f.severity)) {
    throw new Error(`invalid severity "${String(f.severity)}": expected one of ${SEVERITIES.join(', ')}`);
  }
  if (f.limit !== undefined && !(Number.isInteger(f.limit) && f.limit > 0)) throw new Error(`invalid limit ${String(f.limit)}: expected a positive integer`);
  if (f.cursor !== undefined) decodeCursor(f.cursor);
  return f;
}

export function matchesFilter(e: ComplianceEntry, f: ComplianceFilter): boolean {
  return (
    (f.policyId === undefined || e.policyId === f.policyId) &&
    (f.resourceId === undefined || e.resourceId === f.resourceId) &&
    (f.resourceType === undefined || e.resourceType === f.resourceType) &&
    (f.accountId === undefined || e.accountId === f.accountId) &&
    (f.status === undefined || e.status === f.status) &&
    (f.severity === undefined || e.severity === f.severity)
  );
}

/** List order: by policy, then resource id (stable across pages). */
export function compareEntries(a: Pick<ComplianceEntry, 'policyId' | 'resourceId'>, b: Pick<ComplianceEntry, 'policyId' | 'resourceId'>): number {
  if (a.policyId !== b.policyId) return a.policyId < b.policyId ? -1 : 1;
  return a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0;
}

export function encodeCursor(e: Pick<ComplianceEntry, 'policyId' | 'resourceId'>): string {
  return Buffer.from(JSON.stringify([e.policyId, e.resourceId])).toString('base64url');
}

export function decodeCursor(cursor: string): { policyId: string; resourceId: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { policyId: v[0], resourceId: v[1] };
  } catch {
    // fall through
  }
  throw new Error('invalid cursor');
}

/** One page of the matching entries (already filtered), in list order, after the filter's cursor. */
export function page(matching: readonly ComplianceEntry[], f: ComplianceFilter): { items: ComplianceEntry[]; next?: string } {
  const after = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
  const sorted = matching.filter((e) => after === undefined || compareEntries(e, after) > 0).sort(compareEntries);
  if (f.limit === undefined || sorted.length <= f.limit) return { items: sorted };
  const items = sorted.slice(0, f.limit);
  const last = items[items.length - 1] as ComplianceEntry;
  return { items, next: encodeCursor(last) };
}

const zero = (): { pass: number; fail: number; error: number } => ({ pass: 0, fail: 0, error: 0 });

function count(c: { pass: number; fail: number; error: number }, e: ComplianceEntry): void {
  // Suppressed entries are accepted exceptions: they count as passing.
  if (e.suppressed || e.status === 'PASS') c.pass++;
  else if (e.status === 'FAIL') c.fail++;
  else c.error++;
}

/** The counts of the compliance page: totals, by severity, policy, resource type and account. */
export function overviewOf(entries: Iterable<ComplianceEntry>): ComplianceOverview {
  const totals = zero();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, zero()])) as Record<Severity, ComplianceCounts & { pass: number; fail: number; error: number }>;
  const byPolicy = new Map<string, { policyId: string; severity: Severity; pass: number; fail: number; error: number }>();
  const byType = new Map<string, { resourceType: string; pass: number; fail: number; error: number }>();
  const byAccount = new Map<string, { accountId: string; pass: number; fail: number; error: number }>();
  for (const e of entries) {
    count(totals, e);
    count(bySeverity[e.severity], e);
    let p = byPolicy.get(e.policyId);
    if (p === undefined) byPolicy.set(e.policyId, (p = { policyId: e.policyId, severity: e.severity, ...zero() }));
    count(p, e);
    let r = byType.get(e.resourceType);
    if (r === undefined) byType.set(e.resourceType, (r = { resourceType: e.resourceType, ...zero() }));
    count(r, e);
    let a = byAccount.get(e.accountId);
    if (a === undefined) byAccount.set(e.accountId, (a = { accountId: e.accountId, ...zero() }));
    count(a, e);
  }
  // Most failing first, then by name: what the console shows at the top.
  const order = <T extends { fail: number; error: number }>(key: (x: T) => string) => (a: T, b: T) =>
    b.fail - a.fail || b.error - a.error || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    totals,
    bySeverity,
    byPolicy: [...byPolicy.values()].sort(order((x) => x.policyId)),
    byResourceType: [...byType.values()].sort(order((x) => x.resourceType)),
    byAccount: [...byAccount.values()].sort(order((x) => x.accountId)),
  };
}

export function assertSuppression(s: Suppression): void {
  if (typeof s.policyId !== 'string' || s.policyId === '') throw new Error('suppression: policyId is required');
  if (typeof s.resourcePattern !== 'string' || s.resourcePattern === '') throw new Error('suppression: resourcePattern is required');
  if (Number.isNaN(Date.parse(s.createdAt))) throw new Error('suppression: createdAt is not an ISO time');
}
