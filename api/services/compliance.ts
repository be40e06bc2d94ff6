// Cloud security compliance for the API: the ComplianceStore's state joined with the policies
// (built-in pack + user policies) and the remediations. Remediation plans come from the latest
// snapshot of the resource; a dry run (the default) sends nothing.
import type { DocumentStore } from '../../adapters/document-store.js';
import { assumeRoleCredentials, type BaseCredentials } from '../../cloud-security/accounts.js';
import type { ComplianceEntry, ComplianceFilter, ComplianceStatus, ComplianceStore, Suppression } from '../../cloud-security/compliance/types.js';
import { remediationForPolicy } from '../../cloud-security/remediations/by-policy.js';
import { formatCall } from '../../cloud-security/remediations/index.js';
import type { RemediationContext } from '../../cloud-security/remediations/types.js';
import type { ResourceSnapshot } from '../../cloud-security/types.js';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import type { Severity } from '../../detections/types.js';
import { ProblemError, notFound, type Page } from '../http.js';
import { ACCOUNTS_COLLECTION, type CloudAccountInput } from './accounts.js';

export interface Counts {
  pass: number;
  fail: number;
  error: number;
}

export interface PolicySummary extends Counts {
  readonly policyId: string;
  readonly displayName?: string;
  readonly severity: Severity;
  readonly resourceTypes: readonly string[];
  readonly enabled: boolean;
  readonly description?: string;
  readonly runbook?: string;
  readonly reference?: string;
  /** The remediation the console can offer for failing resources. */
  readonly remediationId?: string;
}

export interface ResourceSummary extends Counts {
  readonly resourceId: string;
  readonly resourceType: string;
  readonly accountId: string;
  readonly region: string;
}

export interface RemediationAnswer {
  readonly remediation: string;
  readonly dryRun: boolean;
  /** The calls, one line each (`s3:PutPublicAccessBlock {...}`): planned, or sent and skipped when applied. */
  readonly plan: string[];
  readonly applied: boolean;
  readonly error?: string;
}

export interface ComplianceServiceOptions {
  readonly store: ComplianceStore;
  /** Every policy (built-in pack and user policies): see cachedPolicies(). */
  readonly policies: () => Promise<readonly PolicyItem[]>;
  /** The latest snapshot of a resource (local: cloud-security/resource-store.ts loadResources). */
  readonly resource: (resourceId: string) => Promise<ResourceSnapshot | undefined>;
  /** Credentials to apply a remediation to a resource; absent: only dry runs (apply is a 501). */
  readonly remediationContext?: (resource: ResourceSnapshot) => Promise<RemediationContext>;
  readonly now?: () => Date;
}

/** A store page size for the reads that walk every matching entry. */
const SCAN_PAGE = 1000;

const zero = (): Counts => ({ pass: 0, fail: 0, error: 0 });

/** Suppressed entries are accepted exceptions: they count as passing (as in the store's overview). */
function effectiveStatus(e: ComplianceEntry): ComplianceStatus {
  return e.suppressed ? 'PASS' : e.status;
}

function add(c: Counts, e: ComplianceEntry): void {
  const s = effectiveStatus(e);
  if (s === 'PASS') c.pass++;
  else if (s === 'FAIL') c.fail++;
  else c.error++;
}

function invalidCursor(): ProblemError {
  return new ProblemError(400, 'Invalid request', 'query.cursor: invalid cursor', [{ path: 'query.cursor', message: 'invalid cursor' }]);
}

/** Store errors about the caller's cursor are the caller's problem (400), not the server's. */
async function storeList(store: ComplianceStore, filter: ComplianceFilter): Promise<{ items: ComplianceEntry[]; next?: string }> {
  try {
    return await store.list(filter);
  } catch (err) {
    if (filter.cursor !== undefined && /cursor/i.test((err as Error).message)) throw invalidCursor();
    throw err;
  }
}

async function allEntries(store: ComplianceStore, filter: Omit<ComplianceFilter, 'limit' | 'cursor'>): Promise<ComplianceEntry[]> {
  const out: ComplianceEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...filter, limit: SCAN_PAGE, ...(cursor !== undefined ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return out;
}

function summaryOf(p: PolicyItem, counts: Counts): PolicySummary {
  const s = p.spec;
  const remediation = remediationForPolicy(p.id, p);
  return {
    policyId: p.id,
    ...(s.DisplayName !== undefined ? { displayName: s.DisplayName } : {}),
    severity: s.Severity,
    resourceTypes: s.ResourceTypes ?? [],
    enabled: s.Enabled,
    ...counts,
    ...(s.Description !== undefined ? { description: s.Description } : {}),
    ...(s.Runbook !== undefined ? { runbook: s.Runbook } : {}),
    ...(s.Reference !== undefined ? { reference: s.Reference } : {}),
    ...(remediation !== undefined ? { remediationId: remediation.id } : {}),
  };
}

const encodeResourceCursor = (resourceId: string): string => Buffer.from(JSON.stringify(['r', resourceId])).toString('base64url');
function decodeResourceCursor(cursor: string): string {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v[0] === 'r' && typeof v[1] === 'string') return v[1];
  } catch {
    // fall through
  }
  throw invalidCursor();
}

export class ComplianceService {
  private readonly now: () => Date;

  constructor(private readonly opts: ComplianceServiceOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  overview() {
    return this.opts.store.overview();
  }

  /**
   * Every known policy with its counts, by id. Policies that have entries but are no longer
   * loaded (a deleted user policy) are listed too, disabled, so no failing count is hidden.
   */
  async policies(): Promise<PolicySummary[]> {
    const [items, overview] = await Promise.all([this.opts.policies(), this.opts.store.overview()]);
    const counts = new Map(overview.byPolicy.map((p) => [p.policyId, p]));
    const out = items.map((p) => {
      const c = counts.get(p.id);
      return summaryOf(p, c ? { pass: c.pass, fail: c.fail, error: c.error } : zero());
    });
    const known = new Set(items.map((p) => p.id));
    for (const c of overview.byPolicy) {
      if (!known.has(c.policyId)) out.push({ policyId: c.policyId, severity: c.severity, resourceTypes: [], enabled: false, pass: c.pass, fail: c.fail, error: c.error });
    }
    return out.sort((a, b) => (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0));
  }

  async policy(policyId: string, filter: { status?: ComplianceStatus; limit?: number; cursor?: string }): Promise<{ policy: PolicySummary } & Page<ComplianceEntry>> {
    const policy = (await this.policies()).find((p) => p.policyId === policyId);
    if (policy === undefined) throw notFound(`policy ${policyId}`);
    const page = await storeList(this.opts.store, { policyId, ...filter });
    return { policy, items: page.items, ...(page.next !== undefined ? { next: page.next } : {}) };
  }

  /**
   * Resources with their counts, by resource id. The store pages entries, not resources, so the
   * matching entries are read whole and grouped here: fine for the thousands of resources of a
   * deployment; a store-side resource index would be the next step beyond that.
   */
  async resources(filter: { resourceType?: string; accountId?: string; status?: ComplianceStatus; limit: number; cursor?: string }): Promise<Page<ResourceSummary>> {
    const after = filter.cursor === undefined ? undefined : decodeResourceCursor(filter.cursor);
    const entries = await allEntries(this.opts.store, {
      ...(filter.resourceType !== undefined ? { resourceType: filter.resourceType } : {}),
      ...(filter.accountId !== undefined ? { accountId: filter.accountId } : {}),
    });
    const byResource = new Map<string, ResourceSummary>();
    const statuses = new Map<string, Set<ComplianceStatus>>();
    for (const e of entries) {
      let r = byResource.get(e.resourceId);
      if (r === undefined) byResource.set(e.resourceId, (r = { resourceId: e.resourceId, resourceType: e.resourceType, accountId: e.accountId, region: e.region, ...zero() }));
      add(r, e);
      let s = statuses.get(e.resourceId);
      if (s === undefined) statuses.set(e.resourceId, (s = new Set()));
      s.add(effectiveStatus(e));
    }
    const matching = [...byResource.values()]
      .filter((r) => filter.status === undefined || statuses.get(r.resourceId)?.has(filter.status))
      .filter((r) => after === undefined || r.resourceId > after)
      .sort((a, b) => (a.resourceId < b.resourceId ? -1 : 1));
    const items = matching.slice(0, filter.limit);
    const last = items[items.length - 1];
    return matching.length > filter.limit && last !== undefined ? { items, next: encodeResourceCursor(last.resourceId) } : { items };
  }

  async resource(resourceId: string): Promise<{ resourceId: string; items: ComplianceEntry[] }> {
    const items = await allEntries(this.opts.store, { resourceId });
    if (items.length === 0) throw notFound(`resource ${resourceId}`);
    return { resourceId, items };
  }

  async remediate(req: { policyId: string; resourceId: string; dryRun: boolean }): Promise<RemediationAnswer> {
    const policy = (await this.opts.policies()).find((p) => p.id === req.policyId);
    const remediation = remediationForPolicy(req.policyId, policy);
    if (remediation === undefined) throw new ProblemError(404, 'Not Found', `no remediation for policy ${req.policyId}`);
    const resource = await this.opts.resource(req.resourceId);
    if (resource === undefined) throw new ProblemError(404, 'Not Found', `resource ${req.resourceId} not found in the latest scan`);
    const params = policy?.spec.AutoRemediationParameters ?? {};
    if (req.dryRun) {
      try {
        return { remediation: remediation.id, dryRun: true, plan: remediation.plan(resource, params).map(formatCall), applied: false };
      } catch (err) {
        // The wrong resource type, invalid parameters, or a plan that needs a live read first.
        return { remediation: remediation.id, dryRun: true, plan: [], applied: false, error: (err as Error).message };
      }
    }
    if (this.opts.remediationContext === undefined) throw new ProblemError(501, 'Not Implemented', 'applying remediations is not configured here; dry runs are available');
    const result = await remediation.apply(await this.opts.remediationContext(resource), resource, params);
    const failed = result.calls.find((c) => !c.ok);
    const error = result.error ?? (failed !== undefined ? `${formatCall(failed.call)}: ${failed.error ?? 'failed'}` : undefined);
    return {
      remediation: remediation.id,
      dryRun: false,
      plan: [...result.calls.map((c) => formatCall(c.call)), ...result.skipped.map(formatCall)],
      applied: result.status === 'applied',
      ...(error !== undefined ? { error } : {}),
    };
  }

  async suppress(req: { policyId: string; resourcePattern: string; reason?: string }, createdBy: string | undefined): Promise<Suppression> {
    const known = (await this.opts.policies()).some((p) => p.id === req.policyId);
    if (!known) throw notFound(`policy ${req.policyId}`);
    const s: Suppression = {
      policyId: req.policyId,
      resourcePattern: req.resourcePattern,
      ...(req.reason !== undefined ? { reason: req.reason } : {}),
      ...(createdBy !== undefined ? { createdBy } : {}),
      createdAt: this.now().toISOString(),
    };
    await this.opts.store.suppress(s);
    return s;
  }
}

/** Loads the policies once and keeps them (the pack does not change while the server runs). */
export function cachedPolicies(load: () => Promise<readonly PolicyItem[]>): () => Promise<readonly PolicyItem[]> {
  let loaded: Promise<readonly PolicyItem[]> | undefined;
  return () => {
    loaded ??= load().catch((err: unknown) => {
      loaded = undefined;
      throw err;
    });
    return loaded;
  };
}

/**
 * Remediation credentials from the onboarded account (api/services/accounts.ts): its
 * remediationRoleArn assumed with its externalId. An account without one cannot be remediated.
 */
export function remediationContextFromAccounts(documents: DocumentStore, base?: { baseCredentials?: BaseCredentials }): (resource: ResourceSnapshot) => Promise<RemediationContext> {
  const accounts = documents.collection<CloudAccountInput>(ACCOUNTS_COLLECTION);
  return async (resource) => {
    const account = /^\d{12}$/.test(resource.AccountId) ? await accounts.get(resource.AccountId) : undefined;
    if (account === undefined) throw new ProblemError(409, 'Conflict', `account ${resource.AccountId} is not onboarded`);
    const roleArn = account.value.remediationRoleArn;
    if (roleArn === undefined) throw new ProblemError(409, 'Conflict', `account ${resource.AccountId} has no remediation role (remediationRoleArn)`);
    const credentials = assumeRoleCredentials({
      roleArn,
      ...(account.value.externalId !== undefined ? { externalId: account.value.externalId } : {}),
      sessionName: 'panther-remediation',
      ...(base?.baseCredentials !== undefined ? { baseCredentials: base.baseCredentials } : {}),
    });
    return { clientConfig: { region: resource.Region === 'global' ? 'us-east-1' : resource.Region, credentials, maxAttempts: 3 } };
  };
}
