// The query port: one interface over the lake's SQL engines (Athena on AWS, DuckDB locally). Both
// expose the same databases and table names, so a documented query runs unchanged on either.

/** Databases (Athena/Glue) or schemas (DuckDB) of the lake; unqualified names resolve in LOGS. */
export const LAKE_DATABASES = {
  /** One table per log type (`aws_cloudtrail`), plus `unclassified`. */
  logs: 'panther_logs',
  /** Rule matches, one table per log type: rules/<table>/ in the lake. */
  ruleMatches: 'panther_rule_matches',
  /** Rule errors, one table per log type: rule_errors/<table>/ in the lake. */
  ruleErrors: 'panther_rule_errors',
  /** Views across tables: all_logs, all_rule_matches, all_rule_errors. */
  views: 'panther_views',
} as const;

export interface QueryColumn {
  readonly name: string;
  /** The engine's type name, e.g. `varchar`, `timestamp`, `array(varchar)` / `VARCHAR[]`. */
  readonly type: string;
}

export interface QueryStats {
  readonly elapsedMs: number;
  /** Bytes the engine read (Athena's DataScannedInBytes; DuckDB: undefined). */
  readonly bytesScanned?: number;
  /** The engine's id of the execution (Athena QueryExecutionId). */
  readonly executionId?: string;
}

export interface QueryResult {
  readonly columns: readonly QueryColumn[];
  /** Rows as plain JSON values: timestamps as ISO-8601 strings, arrays as arrays, big integers as numbers when safe, else strings. */
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  /** True when the engine had more rows than maxRows. */
  readonly truncated: boolean;
  readonly stats: QueryStats;
}

/** Rows a query returns when QueryOptions.maxRows is not given. */
export const DEFAULT_MAX_ROWS = 10_000;

export interface QueryOptions {
  /** Cancels the running query (Athena StopQueryExecution; DuckDB interrupt). */
  readonly signal?: AbortSignal;
  /** At most this many rows are returned (default 10,000). */
  readonly maxRows?: number;
  /** Called while the query runs (state changes, polling), for progress output. */
  readonly onProgress?: (p: { state: string; elapsedMs: number; bytesScanned?: number }) => void;
}

export interface TableInfo {
  readonly database: string;
  readonly name: string;
  readonly description?: string;
  readonly columns: readonly QueryColumn[];
}

export interface QueryEngine {
  /** `athena` or `duckdb`. */
  readonly kind: string;
  run(sql: string, opts?: QueryOptions): Promise<QueryResult>;
  /** Tables and views of the lake databases with their columns. */
  tables(): Promise<TableInfo[]>;
  close(): Promise<void>;
}

/** A query failed: bad SQL, a failed or cancelled execution. `message` is the engine's reason. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly state: 'FAILED' | 'CANCELLED' | 'TIMEOUT' = 'FAILED',
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
