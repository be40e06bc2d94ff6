// Opt-in automatic remediation: after a scan, each NEW failure of a policy the operator opted in
// (and that has a remediation) is remediated: planned only (a dry run) unless `apply` is set.
// Nothing runs for policies not opted in, for failures already known (a failure that stays is
// remediated once, when it appears), nor for suppressed resources (the caller passes only new,
// unsuppressed failures).
import type { PolicyItem } from '../detections/analysis/spec.js';
import { remediationForPolicy } from './remediations/by-policy.js';
import type { PlannedCall, Remediation, RemediationContext } from './remediations/types.js';
import type { ResourceSnapshot } from './types.js';

export interface AutoRemediateOptions {
  /** The policy ids opted in: only their failures are remediated. */
  readonly policies: ReadonlySet<string>;
  /** Send the calls (default false: plan them only). */
  readonly apply?: boolean;
  /** The SDK client configuration (the remediation role's credentials); needed to apply. */
  readonly context?: RemediationContext;
  /** The remediation of a policy (default: the spec's AutoRemediationID, else the built-in mapping). */
  readonly remediationFor?: (policyId: string, policy?: PolicyItem) => Remediation | undefined;
}

/** A new failure: the policy that failed and the snapshot it failed on. */
export interface NewFailure {
  readonly policyId: string;
  readonly policy?: PolicyItem;
  readonly resource: ResourceSnapshot;
}

export interface AutoRemediationCall extends PlannedCall {
  /** Absent in a dry run (nothing was sent). */
  readonly ok?: boolean;
  readonly error?: string;
}

export interface AutoRemediationResult {
  readonly policyId: string;
  readonly resourceId: string;
  readonly remediationId: string;
  /** The calls sent (apply) or that would be sent (dry run); [] when already compliant. */
  readonly calls: readonly AutoRemediationCall[];
  /** True only when every call was sent and succeeded. */
  readonly applied: boolean;
  readonly dryRun: boolean;
  /** Why the remediation could not plan or did not complete. */
  readonly error?: string;
}

/** A remediation that should have done something and did not: its error, or a call that failed. */
export function remediationFailed(r: AutoRemediationResult): boolean {
  return r.error !== undefined || r.calls.some((c) => c.ok === false);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Remediates the opted-in new failures one after the other (calls to one account stay few at a
 * time) and reports each. Failures never throw: each result carries its error.
 */
export async function autoRemediate(failures: readonly NewFailure[], opts: AutoRemediateOptions): Promise<AutoRemediationResult[]> {
  const apply = opts.apply === true;
  if (apply && opts.context === undefined) throw new Error('auto-remediation: apply needs a remediation context (credentials)');
  const find = opts.remediationFor ?? remediationForPolicy;
  const results: AutoRemediationResult[] = [];
  for (const f of failures) {
    if (!opts.policies.has(f.policyId)) continue;
    const remediation = find(f.policyId, f.policy);
    if (remediation === undefined) continue;
    const params = f.policy?.spec.AutoRemediationParameters ?? {};
    const base = { policyId: f.policyId, resourceId: f.resource.ResourceId, remediationId: remediation.id, dryRun: !apply };
    if (!apply) {
      try {
        results.push({ ...base, calls: remediation.plan(f.resource, params), applied: false });
      } catch (err) {
        results.push({ ...base, calls: [], applied: false, error: message(err) });
      }
      continue;
    }
    try {
      const r = await remediation.apply(opts.context as RemediationContext, f.resource, params);
      const calls: AutoRemediationCall[] = [
        ...r.calls.map((o) => ({ ...o.call, ok: o.ok, ...(o.error !== undefined ? { error: o.error } : {}) })),
        ...r.skipped.map((c) => ({ ...c, ok: false, error: 'not sent: an earlier call failed' })),
      ];
      const error = r.error ?? r.calls.find((o) => !o.ok)?.error;
      results.push({ ...base, calls, applied: r.status === 'applied', ...(error !== undefined ? { error } : {}) });
    } catch (err) {
      // apply reports failures in its result; a throw is a bug in the remediation: reported all the same.
      results.push({ ...base, calls: [], applied: false, error: message(err) });
    }
  }
  return results;
}
