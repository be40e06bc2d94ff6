// The AWS query engine: Athena in the deployment's workgroup, over the Glue databases of the lake.
// A query is started, polled with capped exponential backoff, then its results are read page by
// page; rows become the same plain JSON values the DuckDB engine returns (query/values.ts).
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { GetTablesCommand, GlueClient, type Column } from '@aws-sdk/client-glue';
import type { LakeDatabaseNames } from './lake-schema.js';
import { DEFAULT_MAX_ROWS, LAKE_DATABASES, QueryError, type QueryEngine, type QueryOptions, type QueryResult, type TableInfo } from './types.js';
import { isoTimestamp, safeInteger } from './values.js';
import { expandQueryMacros } from './macros.js';

export interface AthenaEngineOptions {
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
  /** The deployment's workgroup (stacks/query.ts: named after the prefix); it enforces the results location. */
  readonly workgroup: string;
  /** Database names; default panther_* (lakeDatabaseNames(prefix) for another prefix). */
  readonly databases?: LakeDatabaseNames;
  /** First poll delay, doubled after each poll up to maxPollMs. */
  readonly initialPollMs?: number;
  readonly maxPollMs?: number;
  /** Waits between polls; injectable so tests assert the backoff sequence without waiting. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** GetQueryResults' documented maximum page size. */
const PAGE_SIZE = 1000;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Athena returns every value as text. Arrays come as `[a, b]` without quoting, so an element
 * holding ", " cannot be told apart; `CAST(x AS JSON)` in the query gives exact JSON instead.
 */
export function athenaValue(text: string | undefined, type: string): unknown {
  if (text === undefined) return null;
  switch (type.toLowerCase()) {
    case 'boolean':
      return text === 'true';
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
      return Number(text);
    case 'bigint':
      return /^-?\d+$/.test(text) ? safeInteger(text) : text;
    case 'double':
    case 'float':
    case 'real':
    case 'decimal': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'timestamp':
    case 'timestamp with time zone':
      return isoTimestamp(text);
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    case 'array':
      if (text === '[]') return [];
      return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1).split(', ') : text;
    default:
      return text;
  }
}

export class AthenaQueryEngine implements QueryEngine {
  readonly kind = 'athena';
  private readonly dbs: LakeDatabaseNames;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly opts: AthenaEngineOptions) {
    this.dbs = opts.databases ?? LAKE_DATABASES;
    this.sleep = opts.sleep ?? defaultSleep;
  }

  async run(sql: string, o: QueryOptions = {}): Promise<QueryResult> {
    const started = Date.now();
    const maxRows = o.maxRows ?? DEFAULT_MAX_ROWS;
    if (o.signal?.aborted === true) throw new QueryError('query cancelled', 'CANCELLED');
    const text = expandQueryMacros(sql);
    let id: string;
    try {
      const r = await this.opts.athena.send(
        new StartQueryExecutionCommand({
          QueryString: text,
          WorkGroup: this.opts.workgroup,
          QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: this.dbs.logs },
        }),
      );
      if (r.QueryExecutionId === undefined) throw new Error('StartQueryExecution returned no QueryExecutionId');
      id = r.QueryExecutionId;
    } catch (err) {
      // InvalidRequestException carries Athena's reason (e.g. a syntax error found before running).
      throw new QueryError((err as Error).message);
    }
    const execution = await this.wait(id, started, o);
    const stats = { elapsedMs: Date.now() - started, executionId: id, ...(execution.Statistics?.DataScannedInBytes !== undefined ? { bytesScanned: execution.Statistics.DataScannedInBytes } : {}) };
    return { ...(await this.results(id, execution, maxRows, o.signal)), stats };
  }

  /** Polls until the query ends; an abort stops it in Athena too. */
  private async wait(id: string, started: number, o: QueryOptions): Promise<QueryExecution> {
    let delay = this.opts.initialPollMs ?? 250;
    const max = this.opts.maxPollMs ?? 5000;
    for (;;) {
      if (o.signal?.aborted === true) {
        await this.opts.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
        throw new QueryError('query cancelled', 'CANCELLED');
      }
      const r = await this.opts.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const ex = r.QueryExecution ?? {};
      const state = ex.Status?.State ?? 'UNKNOWN';
      const bytes = ex.Statistics?.DataScannedInBytes;
      o.onProgress?.({ state, elapsedMs: Date.now() - started, ...(bytes !== undefined ? { bytesScanned: bytes } : {}) });
      if (state === 'SUCCEEDED') return ex;
      if (state === 'FAILED') throw new QueryError(ex.Status?.StateChangeReason ?? ex.Status?.AthenaError?.ErrorMessage ?? 'query failed', 'FAILED');
      if (state === 'CANCELLED') throw new QueryError(ex.Status?.StateChangeReason ?? 'query cancelled', 'CANCELLED');
      await this.sleep(delay, o.signal);
      delay = Math.min(delay * 2, max);
    }
  }

  private async results(id: string, execution: QueryExecution, maxRows: number, signal: AbortSignal | undefined): Promise<Omit<QueryResult, 'stats'>> {
    let columns: ColumnInfo[] | undefined;
    const rows: Array<Record<string, unknown>> = [];
    let token: string | undefined;
    let first = true;
    let truncated = false;
    do {
      if (signal?.aborted === true) throw new QueryError('query cancelled', 'CANCELLED');
      const page = await this.opts.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, ...(token !== undefined ? { NextToken: token } : {}) }));
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      let data = page.ResultSet?.Rows ?? [];
      // A SELECT's first row is the header (the column labels), not data.
      if (first && execution.StatementType === 'DML') data = data.slice(1);
      first = false;
      for (const row of data) {
        if (rows.length === maxRows) {
          truncated = true;
          break;
        }
        const out: Record<string, unknown> = {};
        (row.Data ?? []).forEach((d, i) => {
          const c = columns?.[i];
          out[c?.Name ?? `_col${i}`] = athenaValue(d.VarCharValue, c?.Type ?? 'varchar');
        });
        rows.push(out);
      }
      token = page.NextToken;
    } while (token !== undefined && !truncated && rows.length < maxRows);
    // Rows left on a page not read yet count as more rows than maxRows.
    if (token !== undefined) truncated = true;
    return { columns: (columns ?? []).map((c, i) => ({ name: c.Name ?? `_col${i}`, type: c.Type ?? 'varchar' })), rows, truncated };
  }

  async tables(): Promise<TableInfo[]> {
    const out: TableInfo[] = [];
    const col = (c: Column): { name: string; type: string } => ({ name: c.Name ?? '', type: c.Type ?? '' });
    for (const database of Object.values(this.dbs)) {
      let token: string | undefined;
      do {
        const r = await this.opts.glue.send(new GetTablesCommand({ DatabaseName: database, ...(token !== undefined ? { NextToken: token } : {}) }));
        for (const t of r.TableList ?? []) {
          out.push({
            database,
            name: t.Name ?? '',
            ...(t.Description !== undefined ? { description: t.Description } : {}),
            columns: [...(t.StorageDescriptor?.Columns ?? []).map(col), ...(t.PartitionKeys ?? []).map(col)],
          });
        }
        token = r.NextToken;
      } while (token !== undefined);
    }
    return out;
  }

  async close(): Promise<void> {
    // The clients belong to the caller.
  }
}
