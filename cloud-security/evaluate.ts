// Policy evaluation over resource snapshots: every enabled policy runs on every resource of its
// ResourceTypes, through the same runtimes as rules (TypeScript in-process or in a worker pool,
// Python in the Pyodide engine), and each (policy, resource) becomes a compliance entry: PASS when
// policy() returned true, FAIL on false, ERROR (with the message) when it raised, timed out or
// returned a non-bool. A failing evaluation also carries its normalized match (title, context...)
// for the policy alert.
import { fileURLToPath } from 'node:url';
import { loadAnalysisDir } from '../detections/analysis/load.js';
import { detectionSettings, type PolicyItem } from '../detections/analysis/spec.js';
import { PantherEvent } from '../detections/engine/event.js';
import { normalizePolicy } from '../detections/engine/normalize.js';
import { DEFAULT_TIME_LIMIT_MS, loadTsDetection, runTsPolicy } from '../detections/engine/ts-runtime.js';
import type { TsWorkerPool } from '../detections/engine/ts-worker-pool.js';
import { PythonEngine, PythonLoadError } from '../detections/python/engine.js';
import type { DetectionSettings, RawDetectionOutput, RuleMatch } from '../detections/types.js';
import { matchesPattern } from './compliance/state.js';
import type { ComplianceEntry } from './compliance/types.js';
import type { ResourceSnapshot } from './types.js';

export const BUILTIN_POLICY_PACK_DIR = fileURLToPath(new URL('../packs/aws-policies', import.meta.url));

export interface EvaluateOptions {
  /** The time of the evaluation (lastUpdated of every entry); default now. */
  readonly now?: Date;
  /** Budget of one policy on one resource, in milliseconds. */
  readonly timeLimitMs?: number;
  /**
   * Run TypeScript policies in this worker pool (a synchronous infinite loop is stopped at the
   * limit) instead of in-process (faster; a synchronous policy past its limit is reported, not stopped).
   */
  readonly pool?: TsWorkerPool;
}

/** One policy on one resource: the entry, and for a FAIL the normalized match the alert is made of. */
export interface PolicyEvaluation {
  readonly entry: ComplianceEntry;
  readonly match?: RuleMatch;
}

export interface EvaluationResult {
  readonly evaluations: PolicyEvaluation[];
  /** Policies that could not be loaded: "<id>: <error>"; their resources get ERROR entries. */
  readonly loadErrors: string[];
}

type Runner = (resource: ResourceSnapshot) => Promise<RawDetectionOutput>;

/** A policy that could not load gives ERROR on each of its resources, so the console shows it. */
const failing = (message: string): Runner => async () => ({ matched: undefined, aux: {}, errors: { policy: message } });

/** Whether a policy applies to a resource type (no ResourceTypes: every type, as in Panther). */
export function appliesTo(policy: PolicyItem, resourceType: string): boolean {
  const types = policy.spec.ResourceTypes ?? [];
  return types.length === 0 || types.includes(resourceType);
}

async function runners(policies: readonly PolicyItem[], opts: EvaluateOptions, loadErrors: string[]): Promise<{ runs: Map<string, Runner>; python?: PythonEngine }> {
  const limit = opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const runs = new Map<string, Runner>();
  let python: PythonEngine | undefined;
  for (const p of policies) {
    if (p.body.language === 'python') {
      python ??= await PythonEngine.start({ timeLimitMs: limit });
      const py = python;
      try {
        await py.loadDetection({ id: p.id, body: p.body.source, kind: 'policy' });
      } catch (err) {
        if (!(err instanceof PythonLoadError)) throw err;
        loadErrors.push(`${p.id}: ${err.pythonError}`);
        runs.set(p.id, failing(err.pythonError));
        continue;
      }
      runs.set(p.id, (r) => py.run(p.id, r, { timeLimitMs: limit }));
    } else if (opts.pool !== undefined) {
      const pool = opts.pool;
      runs.set(p.id, (r) => pool.run(p.body.path, r as unknown as Record<string, unknown>, { kind: 'policy', timeLimitMs: limit }));
    } else {
      try {
        const mod = await loadTsDetection(p.body.path);
        runs.set(p.id, (r) => runTsPolicy(mod, new PantherEvent(r), { timeLimitMs: limit }));
      } catch (err) {
        loadErrors.push(`${p.id}: ${(err as Error).message}`);
        runs.set(p.id, failing(`${(err as Error).name}: ${(err as Error).message}`));
      }
    }
  }
  return python !== undefined ? { runs, python } : { runs };
}

/** The entry (and match) of one raw output: see the file comment. */
export function toEvaluation(policy: PolicyItem, settings: DetectionSettings, resource: ResourceSnapshot, raw: RawDetectionOutput, now: string): PolicyEvaluation {
  const out = normalizePolicy(raw, settings, { logType: resource.ResourceType });
  const suppressed = (policy.spec.Suppressions ?? []).some((pattern) => matchesPattern(pattern, resource.ResourceId));
  const base = {
    policyId: policy.id,
    resourceId: resource.ResourceId,
    resourceType: resource.ResourceType,
    accountId: resource.AccountId,
    region: resource.Region,
    severity: settings.severity,
    suppressed,
    lastUpdated: now,
  };
  if (out.kind === 'error') return { entry: { ...base, status: 'ERROR', errorMessage: out.error.error } };
  if (out.kind === 'nomatch') return { entry: { ...base, status: 'PASS' } };
  return { entry: { ...base, status: 'FAIL' }, match: out.match };
}

/** Every enabled policy on every resource it applies to; see the file comment. */
export async function evaluatePolicyResults(resources: readonly ResourceSnapshot[], policies: readonly PolicyItem[], opts: EvaluateOptions = {}): Promise<EvaluationResult> {
  const now = (opts.now ?? new Date()).toISOString();
  const enabled = policies.filter((p) => p.spec.Enabled);
  const loadErrors: string[] = [];
  const { runs, python } = await runners(enabled, opts, loadErrors);
  const evaluations: PolicyEvaluation[] = [];
  try {
    for (const p of enabled) {
      const run = runs.get(p.id);
      if (run === undefined) continue;
      const settings = detectionSettings(p);
      for (const r of resources) {
        if (!appliesTo(p, r.ResourceType)) continue;
        let raw: RawDetectionOutput;
        try {
          raw = await run(r);
        } catch (err) {
          // The runtime itself failed (a crashed worker): an error of this pair, the others go on.
          raw = { matched: undefined, aux: {}, errors: { policy: `${(err as Error).name}: ${(err as Error).message}` } };
        }
        evaluations.push(toEvaluation(p, settings, r, raw, now));
      }
    }
  } finally {
    await python?.close();
  }
  return { evaluations, loadErrors };
}

/** The compliance entries of every enabled policy on every resource it applies to. */
export async function evaluatePolicies(resources: readonly ResourceSnapshot[], policies: readonly PolicyItem[], opts: EvaluateOptions = {}): Promise<ComplianceEntry[]> {
  const { evaluations } = await evaluatePolicyResults(resources, policies, opts);
  return evaluations.map((e) => e.entry);
}

/**
 * The built-in policy pack, plus an optional Panther-format directory whose policies replace
 * pack policies with the same ID. Spec errors are returned, not thrown.
 */
export async function loadPolicies(extraDir?: string): Promise<{ policies: PolicyItem[]; errors: string[] }> {
  const pack = await loadAnalysisDir(BUILTIN_POLICY_PACK_DIR);
  const errors = pack.errors.map((e) => `packs/aws-policies/${e.text}`);
  let policies = pack.items.filter((i): i is PolicyItem => i.type === 'policy');
  if (extraDir !== undefined) {
    const extra = await loadAnalysisDir(extraDir);
    errors.push(...extra.errors.map((e) => e.text));
    const mine = extra.items.filter((i): i is PolicyItem => i.type === 'policy');
    const ids = new Set(mine.map((p) => p.id));
    policies = [...policies.filter((p) => !ids.has(p.id)), ...mine];
  }
  return { policies, errors };
}
