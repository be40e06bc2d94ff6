// The scan pipeline: scan the accounts (or take snapshots already read, like the local fixture),
// evaluate the policies, record the compliance state, and raise a policy alert for every pair that
// newly fails. The alert goes through the AlertStore port like a rule's, keyed by (policy, resource
// id) so a resource that fails again within the dedup window updates the same alert.
import type { ObjectStore } from '../adapters/object-store.js';
import type { PolicyItem } from '../detections/analysis/spec.js';
import type { AlertStore, RuleMatch } from '../detections/types.js';
import { withSuppression } from './compliance/state.js';
import type { ComplianceEntry, ComplianceStore } from './compliance/types.js';
import { autoRemediate, type AutoRemediateOptions, type AutoRemediationResult } from './auto-remediate.js';
import { writeHistory } from './history.js';
import { evaluatePolicyResults, type EvaluateOptions, type PolicyEvaluation } from './evaluate.js';
import { ALL_TYPES, scanAccount, type AccountScanOptions, type AccountScanResult } from './scan.js';
import type { ResourceSnapshot, ScanProblem } from './types.js';

export interface ScanAndEvaluateOptions extends EvaluateOptions {
  /** Accounts scanned one after the other (each with its own credentials and ignore lists). */
  readonly accounts?: readonly AccountScanOptions[];
  /** Snapshots already read (the local fixture, a resumed scan): evaluated with the scanned ones. */
  readonly snapshots?: readonly ResourceSnapshot[];
  readonly policies: readonly PolicyItem[];
  readonly compliance: ComplianceStore;
  /** Where policy alerts open; without it the pipeline only records compliance. */
  readonly alerts?: AlertStore;
  /**
   * Drop the compliance entries of scanned accounts' resources the scan no longer saw where it
   * could have (default true; needs the store's removeResources).
   */
  readonly prune?: boolean;
  /** The lake: when given, every evaluation and snapshot is appended to the history tables (cloud-security/history.ts). */
  readonly lake?: ObjectStore;
  /** Opt-in automatic remediation of new failures of these policies (dry runs unless `apply`). */
  readonly autoRemediate?: AutoRemediateOptions;
}

export interface ScanAndEvaluateResult {
  /** The snapshots evaluated (scanned and given). */
  readonly snapshots: ResourceSnapshot[];
  readonly resources: number;
  readonly resourcesByType: Record<string, number>;
  readonly problems: ScanProblem[];
  /** Policy x resource evaluations. */
  readonly evaluations: number;
  readonly counts: { pass: number; fail: number; error: number; suppressed: number };
  /** Entries whose status changed (or that are new) in this run. */
  readonly changed: ComplianceEntry[];
  readonly alertsOpened: number;
  readonly openedAlertIds: string[];
  readonly loadErrors: string[];
  /** Resources whose entries were dropped: deleted since the last scan. */
  readonly removedResources: string[];
  /** The history objects written to the lake (none without `lake`). */
  readonly historyKeys: string[];
  /** The automatic remediations run (dry or applied), one per new failure of an opted-in policy. */
  readonly remediations: AutoRemediationResult[];
}

/** Alerts recorded at once (each is a conditional write on DynamoDB). */
const ALERT_BATCH = 25;

/**
 * The alert match of a failing pair: the policy's normalized match, with the dedup string set to
 * the resource id (policies have no dedup(): one alert per failing resource and window).
 */
export function policyAlertMatch(e: PolicyEvaluation): RuleMatch | undefined {
  if (e.match === undefined) return undefined;
  const m: RuleMatch = {
    ...e.match,
    dedup: e.entry.resourceId.slice(0, 1000),
    // Policy windows and alerts are apart from rule ones even for equal ids and dedup strings.
    alertType: 'POLICY',
    alertContext: { ...(e.match.alertContext ?? {}), resourceId: e.entry.resourceId, resourceType: e.entry.resourceType, accountId: e.entry.accountId, region: e.entry.region },
  };
  return m;
}

/**
 * The resources of a scanned account that have compliance entries but were not seen by the scan,
 * counting only types and regions the scan covered completely: an ignored type or region, or a
 * listing that failed (denied, throttled, region disabled), says nothing about deletion.
 */
export function staleResources(account: AccountScanOptions, scan: AccountScanResult, stored: readonly ComplianceEntry[]): string[] {
  const ignoredTypes = new Set(account.ignore?.resourceTypes ?? []);
  const scanners = account.scanners.filter((s) => !ignoredTypes.has(s.resourceType));
  const globalTypes = new Set(scanners.filter((s) => s.global === true).map((s) => s.resourceType));
  const regionalTypes = new Set(scanners.filter((s) => s.global !== true).map((s) => s.resourceType));
  const ignoredRegions = new Set(account.ignore?.regions ?? []);
  const regions = new Set(account.regions.filter((r) => !ignoredRegions.has(r)));
  // Listing-level problems (no resource id): that type (or every type) in that region is unknown.
  const listingProblems = scan.problems.filter((p) => p.resourceId === undefined);
  const blocked = (type: string, region: string): boolean =>
    listingProblems.some((p) => (p.resourceType === type || p.resourceType === ALL_TYPES) && (p.region === region || globalTypes.has(type)));
  const seen = new Set(scan.snapshots.map((s) => s.ResourceId));
  const stale = new Set<string>();
  for (const e of stored) {
    if (e.accountId !== account.accountId || seen.has(e.resourceId)) continue;
    const covered = globalTypes.has(e.resourceType) || (regionalTypes.has(e.resourceType) && regions.has(e.region));
    if (covered && !blocked(e.resourceType, e.region)) stale.add(e.resourceId);
  }
  return [...stale];
}

export async function scanAndEvaluate(opts: ScanAndEvaluateOptions): Promise<ScanAndEvaluateResult> {
  const now = opts.now ?? new Date();
  // Before anything is recorded: a misconfigured opt-in fails the run, not after the compliance writes.
  if (opts.autoRemediate?.apply === true && opts.autoRemediate.context === undefined) throw new Error('auto-remediation: apply needs a remediation context (credentials)');
  const snapshots: ResourceSnapshot[] = [...(opts.snapshots ?? [])];
  const problems: ScanProblem[] = [];
  const scanned: Array<{ account: AccountScanOptions; result: AccountScanResult }> = [];
  for (const account of opts.accounts ?? []) {
    const r = await scanAccount(account);
    scanned.push({ account, result: r });
    snapshots.push(...r.snapshots);
    problems.push(...r.problems);
  }
  const results = await evaluatePolicyResults(snapshots, opts.policies, { ...opts, now });
  const { loadErrors } = results;
  // The stored suppressions applied here, so counts and alerts agree with the store (given to it: read once).
  const suppressions = await opts.compliance.suppressions();
  const evaluations = results.evaluations.map((e) => ({ ...e, entry: withSuppression(e.entry, suppressions) }));
  const { changed } = await opts.compliance.record(evaluations.map((e) => e.entry), { suppressions });
  const removedResources: string[] = [];
  if (opts.prune !== false && opts.compliance.removeResources !== undefined) {
    for (const { account, result } of scanned) {
      const stored = (await opts.compliance.list({ accountId: account.accountId })).items;
      removedResources.push(...staleResources(account, result, stored));
    }
    if (removedResources.length > 0) await opts.compliance.removeResources(removedResources);
  }

  // New failures (not suppressed) alert; the recorded entry says whether a suppression matched.
  const newFails = new Set(changed.filter((e) => e.status === 'FAIL' && !e.suppressed).map((e) => JSON.stringify([e.policyId, e.resourceId])));
  const toAlert = evaluations.filter((e) => newFails.has(JSON.stringify([e.entry.policyId, e.entry.resourceId])));
  const openedAlertIds: string[] = [];
  if (opts.alerts !== undefined) {
    const store = opts.alerts;
    const matches = toAlert.map(policyAlertMatch).filter((m): m is RuleMatch => m !== undefined);
    for (let i = 0; i < matches.length; i += ALERT_BATCH) {
      const outcomes = await Promise.all(matches.slice(i, i + ALERT_BATCH).map((m) => store.recordMatch(m, now)));
      for (const o of outcomes) if (o.opened && o.alert !== undefined) openedAlertIds.push(o.alert.alertId);
    }
  }

  let remediations: AutoRemediationResult[] = [];
  if (opts.autoRemediate !== undefined && opts.autoRemediate.policies.size > 0) {
    const byId = new Map(snapshots.map((s) => [s.ResourceId, s]));
    const policyById = new Map(opts.policies.map((p) => [p.id, p]));
    const failures = toAlert.flatMap((e) => {
      const resource = byId.get(e.entry.resourceId);
      const policy = policyById.get(e.entry.policyId);
      return resource === undefined ? [] : [{ policyId: e.entry.policyId, resource, ...(policy !== undefined ? { policy } : {}) }];
    });
    remediations = await autoRemediate(failures, opts.autoRemediate);
  }

  // Last: the compliance record above is what decides new failures, so a failed history write
  // (the run is retried) must come after the alerts and remediations it would otherwise lose.
  const historyKeys = opts.lake === undefined ? [] : (await writeHistory(opts.lake, evaluations.map((e) => e.entry), snapshots, now)).keys;

  const counts = { pass: 0, fail: 0, error: 0, suppressed: 0 };
  for (const { entry } of evaluations) {
    if (entry.suppressed) counts.suppressed++;
    else if (entry.status === 'PASS') counts.pass++;
    else if (entry.status === 'FAIL') counts.fail++;
    else counts.error++;
  }
  const resourcesByType: Record<string, number> = {};
  for (const s of snapshots) resourcesByType[s.ResourceType] = (resourcesByType[s.ResourceType] ?? 0) + 1;
  return {
    snapshots,
    resources: snapshots.length,
    resourcesByType,
    problems,
    evaluations: evaluations.length,
    counts,
    changed,
    alertsOpened: openedAlertIds.length,
    openedAlertIds,
    loadErrors,
    removedResources,
    historyKeys,
    remediations,
  };
}
