// Compliance and resource history in the lake: every scan appends one row per evaluation to
// logs/compliance_history/ and one row per resource snapshot to logs/resource_history/, in the
// lake's hour partitions, so past states can be queried like logs (the compliance store keeps
// only the latest status). The columns are declared here once; query/lake-schema.ts (DuckDB)
// and stacks/data-catalog.ts (Glue) build their tables from these declarations.
import { randomBytes } from 'node:crypto';
import type { ObjectStore } from '../adapters/object-store.js';
import { STANDARD_COLUMNS, type GlueColumn } from '../parsers/core/glue.js';
import { formatEpochMs } from '../parsers/core/time.js';
import { partitionKey } from '../processing/keys.js';
import { PartitionWriter } from '../processing/partition-writer.js';
import type { ComplianceEntry } from './compliance/types.js';
import type { ResourceSnapshot } from './types.js';

export const COMPLIANCE_HISTORY_TABLE = 'compliance_history';
export const RESOURCE_HISTORY_TABLE = 'resource_history';
export const COMPLIANCE_HISTORY_LOG_TYPE = 'Compliance.History';
export const RESOURCE_HISTORY_LOG_TYPE = 'Resource.History';

/** The standard fields history rows carry (no source, no indicators: nothing was parsed). */
const HISTORY_STANDARD = STANDARD_COLUMNS.filter((c) => ['p_log_type', 'p_row_id', 'p_event_time', 'p_parse_time'].includes(c.name));

/** A compliance_history row's columns: the JSON keys as written (Glue lowercases them; its SerDe reads case-insensitively). */
export const COMPLIANCE_HISTORY_COLUMNS: readonly GlueColumn[] = [
  { name: 'policyId', type: 'string', comment: 'The policy evaluated' },
  { name: 'resourceId', type: 'string', comment: 'The resource evaluated (ARN or stable id)' },
  { name: 'resourceType', type: 'string', comment: 'The resource type, e.g. AWS.S3.Bucket' },
  { name: 'accountId', type: 'string', comment: 'The account of the resource' },
  { name: 'region', type: 'string', comment: 'The region of the resource, or global' },
  { name: 'status', type: 'string', comment: 'PASS, FAIL or ERROR' },
  { name: 'severity', type: 'string', comment: 'The severity of the policy' },
  { name: 'errorMessage', type: 'string', comment: 'The policy error when status is ERROR' },
  { name: 'suppressed', type: 'boolean', comment: 'Whether a suppression matched the resource' },
  ...HISTORY_STANDARD,
];

/** A resource_history row's columns: the snapshot's common fields, and the whole snapshot as JSON text. */
export const RESOURCE_HISTORY_COLUMNS: readonly GlueColumn[] = [
  { name: 'ResourceId', type: 'string', comment: 'The ARN where the resource has one, else a stable id' },
  { name: 'ResourceType', type: 'string', comment: 'The resource type, e.g. AWS.S3.Bucket' },
  { name: 'AccountId', type: 'string', comment: 'The account of the resource' },
  { name: 'Region', type: 'string', comment: 'The region of the resource, or global' },
  { name: 'Name', type: 'string', comment: 'The name of the resource' },
  { name: 'ARN', type: 'string', comment: 'The ARN of the resource' },
  { name: 'Tags', type: 'map<string,string>', comment: 'The tags of the resource' },
  // ISO 8601 text, as the snapshot holds it (not every API gives one).
  { name: 'TimeCreated', type: 'string', comment: 'When the resource was created (ISO 8601), if known' },
  { name: 'resource', type: 'string', comment: 'The whole snapshot, as JSON text' },
  ...HISTORY_STANDARD,
];

export interface HistoryTableDeclaration {
  readonly table: string;
  readonly logType: string;
  readonly description: string;
  readonly columns: readonly GlueColumn[];
}

export const HISTORY_TABLES: readonly HistoryTableDeclaration[] = [
  { table: COMPLIANCE_HISTORY_TABLE, logType: COMPLIANCE_HISTORY_LOG_TYPE, description: 'Every policy evaluation of every scan: the compliance status over time', columns: COMPLIANCE_HISTORY_COLUMNS },
  { table: RESOURCE_HISTORY_TABLE, logType: RESOURCE_HISTORY_LOG_TYPE, description: 'Every resource snapshot of every scan: the configuration over time (whole, as JSON text in resource)', columns: RESOURCE_HISTORY_COLUMNS },
];

export function complianceHistoryRow(e: ComplianceEntry, eventTime: string, parseTime: string, rowId: string): Record<string, unknown> {
  return {
    policyId: e.policyId,
    resourceId: e.resourceId,
    resourceType: e.resourceType,
    accountId: e.accountId,
    region: e.region,
    status: e.status,
    severity: e.severity,
    errorMessage: e.errorMessage ?? null,
    suppressed: e.suppressed,
    p_log_type: COMPLIANCE_HISTORY_LOG_TYPE,
    p_row_id: rowId,
    p_event_time: eventTime,
    p_parse_time: parseTime,
  };
}

export function resourceHistoryRow(s: ResourceSnapshot, eventTime: string, rowId: string): Record<string, unknown> {
  return {
    ResourceId: s.ResourceId,
    ResourceType: s.ResourceType,
    AccountId: s.AccountId,
    Region: s.Region,
    Name: s.Name,
    ARN: s.ARN,
    Tags: s.Tags,
    TimeCreated: s.TimeCreated,
    resource: JSON.stringify(s),
    p_log_type: RESOURCE_HISTORY_LOG_TYPE,
    p_row_id: rowId,
    p_event_time: eventTime,
    p_parse_time: eventTime,
  };
}

/** A lake timestamp ("YYYY-MM-DD HH:MM:SS.fffffffff") of an ISO 8601 time; an invalid one falls back to `fallback`. */
function lakeTime(iso: string, fallback: string): string {
  return formatEpochMs(Date.parse(iso)) ?? fallback;
}

/** Rows written between back-pressure checks (a large account has many thousand evaluations). */
const BACKPRESSURE_ROWS = 1000;

export interface HistoryWriteResult {
  readonly keys: string[];
  readonly complianceRows: number;
  readonly resourceRows: number;
}

/**
 * Appends this scan's evaluations and snapshots to the lake. Each entry's time is its evaluation
 * time (lastUpdated), each snapshot's the scan time. The objects are new keys per call (a random
 * id), so a run never replaces an earlier run's history.
 */
export async function writeHistory(lake: ObjectStore, entries: readonly ComplianceEntry[], snapshots: readonly ResourceSnapshot[], scanTime: Date): Promise<HistoryWriteResult> {
  const id = randomBytes(8).toString('hex');
  const scanTs = formatEpochMs(scanTime.getTime());
  if (scanTs === null) throw new Error('history: invalid scan time');
  const writer = new PartitionWriter(lake);
  let row = 0;
  const rowId = (): string => id + (row++).toString(16).padStart(8, '0');
  try {
    for (const e of entries) {
      const ts = lakeTime(e.lastUpdated, scanTs);
      writer.write(partitionKey(COMPLIANCE_HISTORY_TABLE, ts, scanTime, id), JSON.stringify(complianceHistoryRow(e, ts, scanTs, rowId())));
      if (row % BACKPRESSURE_ROWS === 0) await writer.backpressure();
    }
    for (const s of snapshots) {
      writer.write(partitionKey(RESOURCE_HISTORY_TABLE, scanTs, scanTime, id), JSON.stringify(resourceHistoryRow(s, scanTs, rowId())));
      if (row % BACKPRESSURE_ROWS === 0) await writer.backpressure();
    }
    const { keys } = await writer.close();
    return { keys, complianceRows: entries.length, resourceRows: snapshots.length };
  } catch (err) {
    await writer.abort(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}
