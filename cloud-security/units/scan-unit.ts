// One scan unit run end to end: the account's audit role assumed with its ExternalId, the unit's
// one scanner in its one region, the rescan's resource filter, then the pipeline (policies,
// compliance, policy alerts, the lake's history rows, opted-in automatic remediation through the
// account's remediation role). A full unit's state records the run; a rescan leaves it alone (it
// saw only some resources).
import type { STSClient } from '@aws-sdk/client-sts';
import type { ObjectStore } from '../../adapters/object-store.js';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import type { AlertStore } from '../../detections/types.js';
import { accountScanOptions, assumeRoleCredentials, roleArnFor, type BaseCredentials } from '../accounts.js';
import type { AutoRemediateOptions } from '../auto-remediate.js';
import type { ComplianceStore } from '../compliance/types.js';
import type { EvaluateOptions } from '../evaluate.js';
import { scanAndEvaluate, type ScanAndEvaluateResult } from '../pipeline.js';
import type { RemediationContext } from '../remediations/types.js';
import { globalRegion, scanAccount, type ScanIgnore } from '../scan.js';
import { matchesKey } from '../scanners/common.js';
import { scannerFor } from '../scanners/index.js';
import type { ResourceScanner, ScanProblem } from '../types.js';
import type { UnitOutcome, UnitStateStore } from './state.js';
import { matchesResource, type ScanUnit } from './unit.js';

export interface UnitRunDeps extends EvaluateOptions {
  readonly policies: readonly PolicyItem[];
  readonly compliance: ComplianceStore;
  readonly alerts?: AlertStore;
  readonly states: UnitStateStore;
  /** Name of the audit role in every account (modules/audit-role). */
  readonly auditRoleName: string;
  readonly externalId?: string;
  /** The account's ignore lists (from the configuration), undefined for none. */
  readonly ignoreFor?: (accountId: string) => ScanIgnore | undefined;
  readonly baseCredentials?: BaseCredentials;
  readonly sts?: STSClient;
  /** Scanner lookup (tests); default the registry. */
  readonly scannerFor?: (resourceType: string) => ResourceScanner | undefined;
  readonly clock?: () => Date;
  /** The lake: each run's evaluations and snapshots are appended to the history tables. */
  readonly lake?: ObjectStore;
  /** Opt-in automatic remediation of the unit's new failures; absent: none. */
  readonly autoRemediation?: UnitAutoRemediation;
}

export interface UnitAutoRemediation {
  /** The policy ids opted in. */
  readonly policies: ReadonlySet<string>;
  /** Send the calls (through the remediation role); false: dry runs, the planned calls only. */
  readonly apply: boolean;
  /** The remediation role's name in every account (modules/remediation-role), assumed with the ExternalId. */
  readonly remediationRoleName: string;
  /** The remediation of a policy (tests); default the spec's AutoRemediationID, else the built-in mapping. */
  readonly remediationFor?: AutoRemediateOptions['remediationFor'];
}

export interface UnitRunResult {
  readonly outcome: UnitOutcome;
  /** Absent when the scan failed before evaluation. */
  readonly pipeline?: ScanAndEvaluateResult;
}

/**
 * A problem of the whole type (not of one resource) means the unit did not read it: the unit
 * failed and is retried with backoff. Only a disabled region is a result (nothing to scan there).
 * An access-denied type fails too: it is how a refused AssumeRole shows, and it must not pass as
 * "no resources".
 */
function fatal(problems: readonly ScanProblem[]): ScanProblem | undefined {
  return problems.find((p) => p.resourceId === undefined && p.kind !== 'region-disabled');
}

/**
 * The remediation role of the unit's account as SDK client configuration. The credentials are a
 * provider: the role is assumed on the first call a remediation sends, so a run with nothing to
 * apply never assumes it.
 */
export function remediationContext(unit: Pick<ScanUnit, 'accountId' | 'partition'>, deps: Pick<UnitRunDeps, 'externalId' | 'baseCredentials' | 'sts'>, roleName: string): RemediationContext {
  const credentials = assumeRoleCredentials({
    roleArn: roleArnFor(unit.accountId, roleName, unit.partition),
    ...(deps.externalId !== undefined ? { externalId: deps.externalId } : {}),
    sessionName: `panther-remediate-${unit.accountId}`,
    ...(deps.baseCredentials !== undefined ? { baseCredentials: deps.baseCredentials } : {}),
    ...(deps.sts !== undefined ? { sts: deps.sts } : {}),
  });
  // Global resources (IAM) are remediated from the partition's home region; others in their own.
  return { clientConfig: { region: globalRegion(unit.partition), credentials, maxAttempts: 3 } };
}

function autoRemediateOptions(unit: ScanUnit, deps: UnitRunDeps): AutoRemediateOptions | undefined {
  const auto = deps.autoRemediation;
  if (auto === undefined || auto.policies.size === 0) return undefined;
  return {
    policies: auto.policies,
    apply: auto.apply,
    ...(auto.apply ? { context: remediationContext(unit, deps, auto.remediationRoleName) } : {}),
    ...(auto.remediationFor !== undefined ? { remediationFor: auto.remediationFor } : {}),
  };
}

/**
 * The unit's resources that have compliance entries but that the scan no longer saw where it
 * looked: deleted since (for a rescan, only among the resources it names). Nothing is concluded
 * from an incomplete listing (an ignored type or region, a listing-level problem such as a
 * disabled region), and a resource with a problem of its own is kept.
 */
export async function deletedResources(
  unit: ScanUnit,
  scanner: ResourceScanner,
  scanned: { readonly snapshots: readonly { readonly ResourceId: string }[]; readonly problems: readonly ScanProblem[] },
  compliance: ComplianceStore,
  ignore?: ScanIgnore,
): Promise<string[]> {
  if (compliance.resourcesOf === undefined) return [];
  const global = scanner.global === true;
  if (ignore?.resourceTypes?.includes(unit.resourceType) === true || (!global && ignore?.regions?.includes(unit.region) === true)) return [];
  if (scanned.problems.some((p) => p.resourceId === undefined)) return [];
  const stored = await compliance.resourcesOf({ accountId: unit.accountId, resourceType: unit.resourceType, ...(global ? {} : { region: unit.region }) });
  const seen = new Set(scanned.snapshots.map((s) => s.ResourceId));
  const withProblems = new Set(scanned.problems.flatMap((p) => (p.resourceId !== undefined ? [p.resourceId] : [])));
  const named = unit.resources;
  return stored.filter((id) => !seen.has(id) && !withProblems.has(id) && (named === undefined || named.some((k) => matchesKey({ id, arn: id }, k))));
}

export async function runUnit(unit: ScanUnit, deps: UnitRunDeps): Promise<UnitRunResult> {
  const clock = deps.clock ?? (() => new Date());
  const full = unit.resources === undefined;
  if (full) await deps.states.markRunning(unit, clock());
  const finish = async (outcome: UnitOutcome): Promise<UnitOutcome> => {
    if (full) await deps.states.markFinished(unit, clock(), outcome);
    return outcome;
  };
  try {
    const scanner = (deps.scannerFor ?? scannerFor)(unit.resourceType);
    if (scanner === undefined) return { outcome: await finish({ ok: false, error: `no scanner for ${unit.resourceType}` }) };
    const ignore = deps.ignoreFor?.(unit.accountId);
    const opts = accountScanOptions(
      {
        accountId: unit.accountId,
        roleArn: roleArnFor(unit.accountId, deps.auditRoleName, unit.partition),
        ...(deps.externalId !== undefined ? { externalId: deps.externalId } : {}),
        // A global type is scanned from the home region whatever the list; a regional one in its unit's region.
        regions: scanner.global === true ? [] : [unit.region],
        ...(ignore !== undefined ? { ignore } : {}),
      },
      [scanner],
      { sessionName: `panther-scan-${unit.accountId}`, ...(deps.baseCredentials !== undefined ? { baseCredentials: deps.baseCredentials } : {}), ...(deps.sts !== undefined ? { sts: deps.sts } : {}) },
    );
    // A rescan reads only the resources it names (scanners skip the others' detail calls).
    const scanned = await scanAccount(unit.resources !== undefined ? { ...opts, only: unit.resources } : opts);
    const failedWith = fatal(scanned.problems);
    if (failedWith !== undefined) return { outcome: await finish({ ok: false, error: failedWith.message }) };
    const wanted = unit.resources;
    const snapshots = wanted === undefined ? scanned.snapshots : scanned.snapshots.filter((s) => wanted.some((k) => matchesResource(s, k)));
    const autoRemediate = autoRemediateOptions(unit, deps);
    const pipeline = await scanAndEvaluate({
      snapshots,
      policies: deps.policies,
      compliance: deps.compliance,
      ...(deps.alerts !== undefined ? { alerts: deps.alerts } : {}),
      now: clock(),
      ...(deps.timeLimitMs !== undefined ? { timeLimitMs: deps.timeLimitMs } : {}),
      ...(deps.pool !== undefined ? { pool: deps.pool } : {}),
      ...(deps.lake !== undefined ? { lake: deps.lake } : {}),
      ...(autoRemediate !== undefined ? { autoRemediate } : {}),
    });
    const removedResources = await deletedResources(unit, scanner, scanned, deps.compliance, ignore);
    if (removedResources.length > 0) await deps.compliance.removeResources?.(removedResources);
    const outcome = await finish({ ok: true, resources: snapshots.length, problems: scanned.problems });
    return { outcome, pipeline: { ...pipeline, problems: scanned.problems, removedResources } };
  } catch (err) {
    // AssumeRole refused, the compliance table unreachable...: the unit failed, its state says why.
    const e = err as Error;
    await finish({ ok: false, error: `${e.name}: ${e.message}` });
    throw err;
  }
}
