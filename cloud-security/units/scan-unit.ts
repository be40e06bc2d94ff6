// One scan unit run end to end: the account's audit role assumed with its ExternalId, the unit's
// one scanner in its one region, the rescan's resource filter, then the pipeline (policies,
// compliance, policy alerts). A full unit's state records the run; a rescan leaves it alone (it
// saw only some resources).
import type { STSClient } from '@aws-sdk/client-sts';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import type { AlertStore } from '../../detections/types.js';
import { accountScanOptions, roleArnFor, type BaseCredentials } from '../accounts.js';
import type { ComplianceStore } from '../compliance/types.js';
import type { EvaluateOptions } from '../evaluate.js';
import { scanAndEvaluate, type ScanAndEvaluateResult } from '../pipeline.js';
import { scanAccount, type ScanIgnore } from '../scan.js';
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
    const scanned = await scanAccount(opts);
    const failedWith = fatal(scanned.problems);
    if (failedWith !== undefined) return { outcome: await finish({ ok: false, error: failedWith.message }) };
    const wanted = unit.resources;
    const snapshots = wanted === undefined ? scanned.snapshots : scanned.snapshots.filter((s) => wanted.some((k) => matchesResource(s, k)));
    const pipeline = await scanAndEvaluate({
      snapshots,
      policies: deps.policies,
      compliance: deps.compliance,
      ...(deps.alerts !== undefined ? { alerts: deps.alerts } : {}),
      now: clock(),
      ...(deps.timeLimitMs !== undefined ? { timeLimitMs: deps.timeLimitMs } : {}),
      ...(deps.pool !== undefined ? { pool: deps.pool } : {}),
    });
    const outcome = await finish({ ok: true, resources: snapshots.length, problems: scanned.problems });
    return { outcome, pipeline: { ...pipeline, problems: scanned.problems } };
  } catch (err) {
    // AssumeRole refused, the compliance table unreachable...: the unit failed, its state says why.
    const e = err as Error;
    await finish({ ok: false, error: `${e.name}: ${e.message}` });
    throw err;
  }
}
