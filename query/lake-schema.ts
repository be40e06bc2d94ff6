// The lake's tables and views as both query engines see them, derived from the log type
// declarations (parsers/core/glue.ts glueColumns): one table per log type in each of the logs,
// rule matches and rule errors databases, plus unclassified, and the cross-table views. The view
// SQL is generated here once and used by DuckDB (local) and by the Glue views (stacks/lake-views.ts).
import { HISTORY_TABLES } from '../cloud-security/history.js';
import { STANDARD_COLUMNS, glueColumns, type GlueColumn } from '../parsers/core/glue.js';
import type { LogType } from '../parsers/core/logtype.js';
import { UNCLASSIFIED_COLUMNS, UNCLASSIFIED_TABLE } from '../processing/keys.js';
import { parseHiveType, quoteIdent, type HiveType } from './hive-types.js';
import { LAKE_DATABASES } from './types.js';

export type LakeDatabaseNames = { readonly [K in keyof typeof LAKE_DATABASES]: string };

/** The database names of a deployment: `${prefix}_logs` etc. (stacks/data-catalog.ts names the logs one so). */
export function lakeDatabaseNames(prefix: string): LakeDatabaseNames {
  const p = prefix.replace(/-/g, '_');
  return { logs: `${p}_logs`, ruleMatches: `${p}_rule_matches`, ruleErrors: `${p}_rule_errors`, views: `${p}_views` };
}

/** Glue column names are lowercase identifiers; the JSON SerDe maps them back to the vendor's keys (same rule as stacks/data-catalog.ts). */
export function lakeColumnName(field: string): string {
  return field.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export interface LakeColumn {
  /** The column name in Glue, Athena and DuckDB: a lowercase identifier. */
  readonly name: string;
  /** The key in the lake's JSON lines (the vendor's spelling). */
  readonly key: string;
  /** Glue (Hive DDL) type. */
  readonly glueType: string;
  readonly type: HiveType;
  /** The type the lake's JSON is read with when it differs in struct member case (the SerDe ignores case, DuckDB does not). */
  readonly readType: HiveType;
  readonly comment: string;
}

/** Which lake prefix a table reads, and the database it belongs to. */
export type LakeArea = 'logs' | 'ruleMatches' | 'ruleErrors';

export const AREA_PREFIX: Readonly<Record<LakeArea, string>> = { logs: 'logs', ruleMatches: 'rules', ruleErrors: 'rule_errors' };

export interface LakeTable {
  readonly area: LakeArea;
  readonly name: string;
  readonly description: string;
  /** The log type it holds (absent for unclassified). */
  readonly logType?: string;
  /** Data columns, in order; the partition columns (PARTITION_COLUMNS) come after them. */
  readonly columns: readonly LakeColumn[];
}

/** Hive partitions of every table, integers as in the Glue tables' partition projection. */
export const PARTITION_COLUMNS = ['year', 'month', 'day', 'hour'] as const;

/** What detections/pipeline/run-detections.ts adds to a matched event (matchRow). */
export const RULE_MATCH_COLUMNS: readonly GlueColumn[] = [
  { name: 'p_rule_id', type: 'string', comment: 'Panther added field: the id of the rule that matched' },
  { name: 'p_alert_id', type: 'string', comment: 'Panther added field: the alert this match belongs to' },
  { name: 'p_alert_context', type: 'string', comment: 'Panther added field: the alert_context() value, as JSON text' },
  { name: 'p_rule_severity', type: 'string', comment: 'Panther added field: the severity of the match' },
  { name: 'p_rule_title', type: 'string', comment: 'Panther added field: the title of the match' },
  { name: 'p_dedup', type: 'string', comment: 'Panther added field: the dedup string of the match' },
  { name: 'p_dedup_period_mins', type: 'int', comment: 'Panther added field: the dedup period in minutes' },
  { name: 'p_rule_tags', type: 'array<string>', comment: 'Panther added field: the tags of the rule' },
  { name: 'p_rule_reports', type: 'map<string,array<string>>', comment: 'Panther added field: the reports (framework to controls) of the rule' },
];

/** What run-detections.ts adds to an event a rule failed on (errorRow). */
export const RULE_ERROR_COLUMNS: readonly GlueColumn[] = [
  { name: 'p_rule_id', type: 'string', comment: 'Panther added field: the id of the rule that failed' },
  { name: 'p_rule_error', type: 'string', comment: 'Panther added field: the error, with the function that raised it' },
  { name: 'p_rule_severity', type: 'string', comment: 'Panther added field: the severity of the rule' },
  { name: 'p_rule_title', type: 'string', comment: 'Panther added field: the title of the rule' },
  { name: 'p_rule_tags', type: 'array<string>', comment: 'Panther added field: the tags of the rule' },
];

/**
 * The table of scheduled rule matches and errors on rows without a log type (aggregates, see
 * detections/scheduled/run.ts), in the rule matches and rule errors databases: `rules/scheduled/`
 * and `rule_errors/scheduled/`. Its rows are the standard fields (p_log_type "ScheduledQuery",
 * p_event_time when the row had a time, the others null), these two, and the rule fields; the
 * row's own columns vary by query, so they are kept whole as JSON text in p_query_row (read them
 * with json_extract_scalar(p_query_row, '$.col') in Athena, json_extract_string in DuckDB).
 */
export const SCHEDULED_RULES_TABLE = 'scheduled';
export const SCHEDULED_ROW_COLUMNS: readonly GlueColumn[] = [
  { name: 'p_query_name', type: 'string', comment: 'Panther added field: the scheduled query whose row this is' },
  { name: 'p_query_row', type: 'string', comment: 'Panther added field: the query result row, as JSON text' },
];

/**
 * Struct members whose JSON key is not spelled as the Glue column type says: UNCLASSIFIED_COLUMNS
 * declares `reasons` with `logtype`, the processor writes `logType` (parsers/classifier.ts).
 */
const READ_TYPES: Readonly<Record<string, string>> = { [`${UNCLASSIFIED_TABLE}.reasons`]: 'array<struct<logType:string,reason:string>>' };

function lakeColumns(owner: string, columns: readonly GlueColumn[]): LakeColumn[] {
  const seen = new Map<string, string>();
  return columns.map((c) => {
    const name = lakeColumnName(c.name);
    const clash = seen.get(name);
    if (clash !== undefined) throw new Error(`${owner}: fields "${clash}" and "${c.name}" both become column "${name}"`);
    seen.set(name, c.name);
    const type = parseHiveType(c.type);
    const read = READ_TYPES[`${owner}.${c.name}`];
    return { name, key: c.name, glueType: c.type, type, readType: read === undefined ? type : parseHiveType(read), comment: c.comment };
  });
}

/** A log type's columns followed by the rule fields, none of which may collide with them. */
function withRuleFields(owner: string, columns: readonly LakeColumn[], rule: readonly LakeColumn[]): LakeColumn[] {
  const names = new Set(columns.map((c) => c.name));
  for (const r of rule) if (names.has(r.name)) throw new Error(`${owner}: field "${r.key}" collides with the rule field of the same name`);
  return [...columns, ...rule];
}

export interface LakeSchema {
  /** Every table of every area: logs (one per log type, then unclassified, then the two history tables), rule matches, rule errors (one per log type), then the scheduled rule matches and errors. */
  readonly tables: readonly LakeTable[];
  readonly views: readonly LakeView[];
}

export interface LakeView {
  readonly name: 'all_logs' | 'all_rule_matches' | 'all_rule_errors';
  readonly description: string;
  /** Its columns, in order (the partition columns last). */
  readonly columns: readonly LakeColumn[];
  /** The view's SELECT, valid in DuckDB and in Athena (Trino). */
  readonly sql: string;
}

const INT = parseHiveType('int');
const PARTITION_LAKE_COLUMNS: readonly LakeColumn[] = PARTITION_COLUMNS.map((p) => ({ name: p, key: p, glueType: 'int', type: INT, readType: INT, comment: 'partition' }));

/** The lake's tables and views for these log types, with view SQL qualified by `dbs`. */
export function lakeSchema(logTypes: readonly LogType[], dbs: LakeDatabaseNames = LAKE_DATABASES): LakeSchema {
  // The views are unions over the log type tables: an empty union is not SQL.
  if (logTypes.length === 0) throw new Error('the lake schema needs at least one log type');
  const sorted = [...logTypes].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  const tables: LakeTable[] = [];
  // Parsed once per log type; the rule tables add their fields after the same columns.
  const base = new Map(sorted.map((lt) => [lt, lakeColumns(lt.name, glueColumns(lt))]));
  const cols = (lt: LogType): LakeColumn[] => base.get(lt) ?? [];
  const matchCols = lakeColumns('rule matches', RULE_MATCH_COLUMNS);
  const errorCols = lakeColumns('rule errors', RULE_ERROR_COLUMNS);
  for (const lt of sorted) tables.push({ area: 'logs', name: lt.table, description: lt.description, logType: lt.name, columns: cols(lt) });
  tables.push({
    area: 'logs',
    name: UNCLASSIFIED_TABLE,
    description: 'Lines no log type accepted, kept with the reasons each candidate gave: nothing read is dropped',
    columns: lakeColumns(UNCLASSIFIED_TABLE, UNCLASSIFIED_COLUMNS),
  });
  // The cloud security scans' history (cloud-security/history.ts): logs/compliance_history/ and logs/resource_history/.
  for (const h of HISTORY_TABLES) tables.push({ area: 'logs', name: h.table, description: h.description, logType: h.logType, columns: lakeColumns(h.table, h.columns) });
  for (const lt of sorted) {
    tables.push({ area: 'ruleMatches', name: lt.table, description: `Rule matches on ${lt.name} events`, logType: lt.name, columns: withRuleFields(lt.name, cols(lt), matchCols) });
  }
  for (const lt of sorted) {
    tables.push({ area: 'ruleErrors', name: lt.table, description: `Rule errors on ${lt.name} events`, logType: lt.name, columns: withRuleFields(lt.name, cols(lt), errorCols) });
  }
  const std = lakeColumns('standard fields', STANDARD_COLUMNS);
  const scheduledCols = [...std, ...lakeColumns('scheduled rows', SCHEDULED_ROW_COLUMNS)];
  tables.push({ area: 'ruleMatches', name: SCHEDULED_RULES_TABLE, description: 'Scheduled rule matches on query rows without a log type (aggregates): the row as JSON in p_query_row', columns: withRuleFields('scheduled', scheduledCols, matchCols) });
  tables.push({ area: 'ruleErrors', name: SCHEDULED_RULES_TABLE, description: 'Scheduled rule errors on query rows without a log type (aggregates): the row as JSON in p_query_row', columns: withRuleFields('scheduled', scheduledCols, errorCols) });
  const logTables = sorted.map((lt) => lt.table);
  // A log type table named like a history table would mix two tables' rows.
  for (const h of HISTORY_TABLES) if (logTables.includes(h.table)) throw new Error(`a log type table is named "${h.table}", the name of a history table`);
  // A log type whose table is named like the scheduled one would mix two tables' rows.
  if (logTables.includes(SCHEDULED_RULES_TABLE)) throw new Error(`a log type table is named "${SCHEDULED_RULES_TABLE}", the name of the scheduled rules table`);
  const ruleTables = [...logTables, SCHEDULED_RULES_TABLE];
  const views: LakeView[] = [
    view('all_logs', 'Every log type table: the standard p_* fields and the partitions', dbs.logs, logTables, std),
    view('all_rule_matches', 'Every rule match (scheduled ones included): the standard p_* fields, the rule fields and the partitions', dbs.ruleMatches, ruleTables, [...std, ...matchCols]),
    view('all_rule_errors', 'Every rule error (scheduled ones included): the standard p_* fields, the rule fields and the partitions', dbs.ruleErrors, ruleTables, [...std, ...errorCols]),
  ];
  return { tables, views };
}

/** A UNION ALL of the same columns over these tables (SQL both DuckDB and Trino accept). */
function view(name: LakeView['name'], description: string, database: string, tableNames: readonly string[], columns: readonly LakeColumn[]): LakeView {
  const all = [...columns, ...PARTITION_LAKE_COLUMNS];
  const list = all.map((c) => quoteIdent(c.name)).join(', ');
  const sql = tableNames.map((t) => `SELECT ${list} FROM ${quoteIdent(database)}.${quoteIdent(t)}`).join('\nUNION ALL\n');
  return { name, description, columns: all, sql };
}
