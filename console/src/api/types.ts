// The API's shapes as the console sees them. Shared domain types are imported from the server's
// own declarations (type-only: nothing of the server is bundled).
import type { Alert, AlertStatus, Severity } from '../../../detections/types.js';
import type { QueryColumn, QueryResult, TableInfo } from '../../../query/types.js';
import type { Role } from '../auth/roles.js';
import type { ComplianceEntry, ComplianceOverview, ComplianceCounts } from '../../../cloud-security/compliance/types.js';

export type { Role };
export type { Alert, AlertStatus, Severity, QueryColumn, QueryResult, TableInfo, ComplianceEntry, ComplianceOverview, ComplianceCounts };

// Runtime lists (the console cannot import server modules' values without bundling them; these are
// checked against the server's union types below, so a new severity or status fails the typecheck).
export const SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const satisfies readonly Severity[];
export const ALERT_STATUSES = ['OPEN', 'TRIAGED', 'CLOSED', 'RESOLVED'] as const satisfies readonly AlertStatus[];
type Exhaustive<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const severitiesComplete: Exhaustive<(typeof SEVERITIES)[number], Severity> = true;
export const statusesComplete: Exhaustive<(typeof ALERT_STATUSES)[number], AlertStatus> = true;

export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

export interface Settings {
  mode: 'local' | 'aws';
  version: string;
  engine: 'duckdb' | 'athena';
  lake: string;
  region?: string;
}

export type SeverityCounts = Record<Severity, number>;

export interface Overview {
  alertsOverTime: Array<{ day: string } & SeverityCounts>;
  openAlertsBySeverity: SeverityCounts;
  eventsByLogType: Array<{ logType: string; events: number }>;
  compliance?: ComplianceCounts;
}

export interface AlertDetail {
  alert: Alert;
  events: { columns: QueryColumn[]; rows: Array<Record<string, unknown>> };
}

export type Language = 'python' | 'typescript';

export interface DetectionSummary {
  id: string;
  type: string;
  displayName?: string;
  severity?: Severity;
  enabled: boolean;
  logTypes?: string[];
  resourceTypes?: string[];
  language: Language | null;
  tags?: string[];
  tests: number;
  builtin: boolean;
}

export interface Detection {
  id: string;
  type: string;
  builtin: boolean;
  enabled: boolean;
  language: Language | null;
  spec: Record<string, unknown>;
  yaml: string;
  body: string | null;
  filename: string | null;
}

export interface DetectionTestResult {
  name: string;
  passed: boolean;
  expected: unknown;
  actual?: unknown;
  error?: string;
  title?: string;
  dedup?: string;
  alertContext?: unknown;
}

export interface DetectionTestRun {
  id: string;
  passed: number;
  failed: number;
  results: DetectionTestResult[];
  errors: string[];
}

export type QueryState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryJob {
  id: string;
  state: QueryState;
  sql: string;
  result?: QueryResult;
  error?: string;
}

export interface SavedQuery {
  id: string;
  name: string;
  sql: string;
  description?: string;
  updatedAt?: string;
}

export interface SourcePrefix {
  prefix: string;
  logTypes: string[];
}

export interface Source {
  id: string;
  label: string;
  bucket: string;
  prefixes: SourcePrefix[];
  roleArn?: string;
  externalId?: string;
  kmsKeyArn?: string;
}

export interface SourceHealth {
  lastObjectTime?: string;
  lastEventTime?: string;
  objects24h: number;
  unclassified24h: number;
  healthy: boolean;
  reason?: string;
}

export interface LogTypeInfo {
  name: string;
  table: string;
  description: string;
  fields: number;
}

export interface CloudAccount {
  id: string;
  accountId: string;
  label: string;
  auditRoleArn: string;
  externalId?: string;
  remediationRoleArn?: string;
  regions?: string[];
  scanIntervalMinutes?: number;
}

export interface PolicySummary extends ComplianceCounts {
  policyId: string;
  displayName?: string;
  severity: Severity;
  resourceTypes: string[];
  enabled: boolean;
}

export interface ResourceSummary extends ComplianceCounts {
  resourceId: string;
  resourceType: string;
  accountId: string;
  region: string;
}

export interface RemediationResult {
  remediation: string;
  dryRun: boolean;
  plan: string[];
  applied: boolean;
  error?: string;
}

export interface Destination {
  id: string;
  name: string;
  type: string;
  defaultForSeverity: Severity[];
  settings: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

/** `GET /api/me`: who the caller is and what they may do (console/src/auth/roles.ts). */
export interface Me {
  username: string;
  role: Role;
}

export interface User {
  username: string;
  email?: string;
  status: string;
  enabled: boolean;
  createdAt?: string;
  role: Role;
}
