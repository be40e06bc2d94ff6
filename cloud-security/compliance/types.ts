// The compliance state port: the latest status of every (policy, resource) pair, its history, and
// suppressions. DynamoDB on AWS, embedded locally; the scan pipeline writes, the API reads.
import type { Severity } from '../../detections/types.js';

export type ComplianceStatus = 'PASS' | 'FAIL' | 'ERROR';

/** One policy evaluated on one resource, as of its last scan. */
export interface ComplianceEntry {
  readonly policyId: string;
  readonly resourceId: string;
  readonly resourceType: string;
  readonly accountId: string;
  readonly region: string;
  readonly status: ComplianceStatus;
  readonly severity: Severity;
  /** The policy's error ("policy: KeyError: 'x'") when status is ERROR. */
  readonly errorMessage?: string;
  /** True when a suppression matches the resource: kept, shown, but not counted as failing nor alerted. */
  readonly suppressed: boolean;
  /** ISO 8601 UTC of the evaluation. */
  readonly lastUpdated: string;
}

export interface ComplianceHistoryEntry {
  readonly policyId: string;
  readonly resourceId: string;
  readonly status: ComplianceStatus;
  readonly time: string;
}

export interface ComplianceFilter {
  readonly policyId?: string;
  readonly resourceId?: string;
  readonly resourceType?: string;
  readonly accountId?: string;
  readonly status?: ComplianceStatus;
  readonly severity?: Severity;
  readonly limit?: number;
  /** Opaque, from a previous page's `next`. */
  readonly cursor?: string;
}

export interface ComplianceCounts {
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
}

export interface ComplianceOverview {
  readonly totals: ComplianceCounts;
  readonly bySeverity: Readonly<Record<Severity, ComplianceCounts>>;
  readonly byPolicy: ReadonlyArray<{ policyId: string; severity: Severity } & ComplianceCounts>;
  readonly byResourceType: ReadonlyArray<{ resourceType: string } & ComplianceCounts>;
  readonly byAccount: ReadonlyArray<{ accountId: string } & ComplianceCounts>;
}

/** A resource-id pattern (`*` wildcards, Panther's Suppressions semantics) exempted from a policy. */
export interface Suppression {
  readonly policyId: string;
  readonly resourcePattern: string;
  readonly reason?: string;
  readonly createdBy?: string;
  readonly createdAt: string;
}

export interface ComplianceStore {
  /** Records one scan's evaluations; returns the entries whose status changed (new FAILs raise policy alerts). */
  record(entries: readonly ComplianceEntry[], opts?: RecordOptions): Promise<{ changed: ComplianceEntry[] }>;
  list(filter?: ComplianceFilter): Promise<{ items: ComplianceEntry[]; next?: string }>;
  history(policyId: string, resourceId: string): Promise<ComplianceHistoryEntry[]>;
  overview(): Promise<ComplianceOverview>;
  suppress(s: Suppression): Promise<void>;
  suppressions(policyId?: string): Promise<Suppression[]>;
  /**
   * Drops the entries (and their history) of resources that no longer exist, so deleted resources
   * stop counting; returns how many entries were removed. Optional so that other implementations
   * of the port (test fakes) need not have it; both stores of this folder do.
   */
  removeResources?(resourceIds: readonly string[]): Promise<number>;
  /**
   * The resources of one type in one account (and region, when given) that have entries: what a
   * scan unit compares with what it saw, to find the resources deleted since. Optional like
   * removeResources.
   */
  resourcesOf?(scope: ResourceScope): Promise<string[]>;
}

export interface RecordOptions {
  /** The stored suppressions, when the caller has just read them: the store does not read them again. */
  readonly suppressions?: readonly Suppression[];
}

/** One account's resources of one type, in one region or (global types, no region) all of them. */
export interface ResourceScope {
  readonly accountId: string;
  readonly resourceType: string;
  readonly region?: string;
}
