// The embedded query engine: DuckDB over a local lake directory, with the same databases, tables
// and views as Athena (query/lake-schema.ts), so a documented query runs unchanged on either.
// Each table is a view over its files read with explicit columns typed from the declaration,
// hive-partitioned so year/month/day/hour are integer columns (Athena's partition projection).
import { opendir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import {
  DuckDBInstance,
  DuckDBMapValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  StatementType,
  type DuckDBConnection,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';
import type { LogType } from '../parsers/core/logtype.js';
import { duckDbType, quoteIdent } from './hive-types.js';
import { AREA_PREFIX, lakeSchema, PARTITION_COLUMNS, type LakeSchema, type LakeTable } from './lake-schema.js';
import { DEFAULT_MAX_ROWS, LAKE_DATABASES, QueryError, type QueryEngine, type QueryOptions, type QueryResult, type TableInfo } from './types.js';
import { isoTimestamp, safeInteger } from './values.js';
import { expandQueryMacros } from './macros.js';

export interface DuckDbEngineOptions {
  /** The local lake directory (`.panther` by default in the CLI). */
  readonly lakeDir: string;
  /** The declared log types: one table each. */
  readonly logTypes: readonly LogType[];
  /** DuckDB worker threads (default: DuckDB's, one per core). */
  readonly threads?: number;
}


const isAborted = (s: AbortSignal | undefined): boolean => s?.aborted === true;

/** A SQL string literal. */
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const SCHEMA_OF: Readonly<Record<LakeTable['area'], string>> = { logs: LAKE_DATABASES.logs, ruleMatches: LAKE_DATABASES.ruleMatches, ruleErrors: LAKE_DATABASES.ruleErrors };

/** True when a directory holds a `.json.gz` file somewhere below it (stops at the first). */
async function hasLakeFiles(dir: string): Promise<boolean> {
  let handle;
  try {
    handle = await opendir(dir);
  } catch {
    return false;
  }
  const subdirs: string[] = [];
  for await (const e of handle) {
    if (e.isFile() && e.name.endsWith('.json.gz')) return true;
    if (e.isDirectory()) subdirs.push(join(dir, e.name));
  }
  for (const d of subdirs) if (await hasLakeFiles(d)) return true;
  return false;
}

/**
 * Rows as plain JSON: timestamps as ISO-8601, 64-bit integers as numbers when exact, maps as
 * objects, decimals as numbers; the rest as DuckDB's JSON conversion gives them.
 */
const toJson: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return typeof value === 'bigint' ? safeInteger(value) : String(value);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return isoTimestamp(String(value));
    case DuckDBTypeId.DECIMAL:
      return Number(String(value));
    case DuckDBTypeId.MAP: {
      const out: Record<string, Json> = {};
      if (value instanceof DuckDBMapValue) {
        const t = type as unknown as { keyType: Parameters<DuckDBValueConverter<Json>>[1]; valueType: Parameters<DuckDBValueConverter<Json>>[1] };
        for (const e of value.entries) out[String(converter(e.key, t.keyType, converter))] = converter(e.value, t.valueType, converter);
      }
      return out;
    }
    default:
      return JsonDuckDBValueConverter(value, type, converter);
  }
};

export class DuckDbQueryEngine implements QueryEngine {
  readonly kind = 'duckdb';
  readonly lakeDir: string;
  readonly schema: LakeSchema;
  /** Tables whose view reads no file yet (an empty relation with the same columns). */
  private readonly empty = new Set<LakeTable>();
  private refreshing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly setup: DuckDBConnection,
    lakeDir: string,
    logTypes: readonly LogType[],
  ) {
    this.lakeDir = lakeDir;
    this.schema = lakeSchema(logTypes);
  }

  /** An in-memory DuckDB with the lake's schemas and views, allowed to read only the lake directory. */
  static async open(opts: DuckDbEngineOptions): Promise<DuckDbQueryEngine> {
    const lakeDir = resolve(opts.lakeDir);
    const instance = await DuckDBInstance.create(':memory:', opts.threads !== undefined ? { threads: String(opts.threads) } : {});
    const setup = await instance.connect();
    const engine = new DuckDbQueryEngine(instance, setup, lakeDir, opts.logTypes);
    try {
      const present = await Promise.all(engine.schema.tables.map((t) => hasLakeFiles(engine.tableDir(t))));
      // One batch: a round trip per statement costs more than the statements.
      await setup.run(
        [
          ...Object.values(LAKE_DATABASES).map((s) => `CREATE SCHEMA ${quoteIdent(s)}`),
          ...engine.schema.tables.map((t, i) => engine.tableViewSql(t, present[i] === true)),
          ...engine.schema.views.map((v) => `CREATE VIEW ${quoteIdent(LAKE_DATABASES.views)}.${quoteIdent(v.name)} AS ${v.sql}`),
        ].join(';\n'),
      );
      engine.schema.tables.forEach((t, i) => {
        if (present[i] !== true) engine.empty.add(t);
      });
      // Queries are the user's SQL: they may read the lake and nothing else, and cannot undo that.
      await setup.run(`SET allowed_directories = [${literal(lakeDir.endsWith(sep) ? lakeDir : lakeDir + sep)}]`);
      await setup.run('SET enable_external_access = false');
      await setup.run('SET autoinstall_known_extensions = false');
      await setup.run('SET autoload_known_extensions = false');
      // No lock_configuration: each query's connection sets its search_path. Queries cannot change
      // settings anyway (only SELECT/EXPLAIN run), and DuckDB refuses to re-enable external access.
    } catch (err) {
      await engine.close();
      throw err;
    }
    return engine;
  }

  private tableDir(t: LakeTable): string {
    return join(this.lakeDir, AREA_PREFIX[t.area], t.name);
  }

  /** `CREATE OR REPLACE VIEW` of a table over its files, or over nothing (same columns) when it has none. */
  private tableViewSql(t: LakeTable, hasFiles: boolean): string {
    let source: string;
    if (hasFiles) {
      const columns = t.columns.map((c) => `${literal(c.key)}: ${literal(duckDbType(c.readType))}`).join(', ');
      const hive = PARTITION_COLUMNS.map((p) => `${literal(p)}: 'INTEGER'`).join(', ');
      const glob = `${this.tableDir(t)}/**/*.json.gz`;
      source = `read_json(${literal(glob)}, format = 'newline_delimited', hive_partitioning = true, hive_types = {${hive}}, columns = {${columns}})`;
    } else {
      const nulls = [...t.columns.map((c) => `CAST(NULL AS ${duckDbType(c.readType)}) AS ${quoteIdent(c.key)}`), ...PARTITION_COLUMNS.map((p) => `CAST(NULL AS INTEGER) AS ${p}`)];
      source = `(SELECT ${nulls.join(', ')} WHERE false)`;
    }
    const projection = [...t.columns.map((c) => `${quoteIdent(c.key)} AS ${quoteIdent(c.name)}`), ...PARTITION_COLUMNS];
    return `CREATE OR REPLACE VIEW ${quoteIdent(SCHEMA_OF[t.area])}.${quoteIdent(t.name)} AS SELECT ${projection.join(', ')} FROM ${source}`;
  }

  /** Tables that had no file and now have some start reading them (new files of other tables are read anyway: views glob at query time). */
  refresh(): Promise<void> {
    // A failed refresh does not block the next one.
    this.refreshing = this.refreshing.catch(() => undefined).then(async () => {
      for (const t of [...this.empty]) {
        // A cheap stat first: most empty tables stay empty.
        const exists = await stat(this.tableDir(t)).then(() => true, () => false);
        if (exists && (await hasLakeFiles(this.tableDir(t)))) {
          await this.setup.run(this.tableViewSql(t, true));
          this.empty.delete(t);
        }
      }
    });
    return this.refreshing;
  }

  async run(sql: string, opts: QueryOptions = {}): Promise<QueryResult> {
    if (this.closed) throw new QueryError('the query engine is closed');
    const started = Date.now();
    const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
    if (opts.signal?.aborted === true) throw new QueryError('query cancelled', 'CANCELLED');
    const text = expandQueryMacros(sql);
    await this.refresh();
    const conn = await this.instance.connect();
    await conn.run(`SET search_path = ${literal(LAKE_DATABASES.logs)}`);
    const interrupt = (): void => conn.interrupt();
    opts.signal?.addEventListener('abort', interrupt, { once: true });
    // An abort while the views refreshed or the connection opened had no query to interrupt yet.
    const cancelledMeanwhile = (): void => {
      if (isAborted(opts.signal)) throw new QueryError('query cancelled', 'CANCELLED');
    };
    try {
      cancelledMeanwhile();
      opts.onProgress?.({ state: 'RUNNING', elapsedMs: 0 });
      const statements = await conn.extractStatements(text);
      if (statements.count !== 1) throw new QueryError(`expected one SQL statement, got ${statements.count}`);
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT && prepared.statementType !== StatementType.EXPLAIN) {
        throw new QueryError(`only SELECT queries run on the lake (got a ${StatementType[prepared.statementType] ?? 'other'} statement)`);
      }
      // An interrupt before execution starts is not remembered by DuckDB: check once more.
      cancelledMeanwhile();
      const reader = await prepared.streamAndReadUntil(maxRows + 1);
      const names = reader.deduplicatedColumnNames();
      const types = reader.columnTypes();
      const count = Math.min(reader.currentRowCount, maxRows);
      const rows: Array<Record<string, unknown>> = [];
      for (let r = 0; r < count; r++) {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < names.length; c++) row[names[c] as string] = toJson(reader.value(c, r), types[c] as (typeof types)[number], toJson);
        rows.push(row);
      }
      const elapsedMs = Date.now() - started;
      opts.onProgress?.({ state: 'SUCCEEDED', elapsedMs });
      return { columns: names.map((name, i) => ({ name, type: String(types[i]) })), rows, truncated: reader.currentRowCount > maxRows, stats: { elapsedMs } };
    } catch (err) {
      if (err instanceof QueryError) throw err;
      // Narrowing would keep `aborted` false from the check above: read it through a call.
      if (isAborted(opts.signal)) throw new QueryError('query cancelled', 'CANCELLED');
      // The node binding prefixes parse errors; DuckDB's own message is what names the problem.
      throw new QueryError((err as Error).message.replace(/^Failed to extract statements: /, ''));
    } finally {
      opts.signal?.removeEventListener('abort', interrupt);
      conn.closeSync();
    }
  }

  async tables(): Promise<TableInfo[]> {
    await this.refresh();
    const schemas = Object.values(LAKE_DATABASES);
    const r = await this.setup.runAndReadAll(
      `SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns WHERE table_schema IN (${schemas.map(literal).join(', ')}) ORDER BY table_schema, table_name, ordinal_position`,
    );
    const descriptions = new Map<string, string>();
    for (const t of this.schema.tables) descriptions.set(`${SCHEMA_OF[t.area]}.${t.name}`, t.description);
    for (const v of this.schema.views) descriptions.set(`${LAKE_DATABASES.views}.${v.name}`, v.description);
    const out = new Map<string, { database: string; name: string; description?: string; columns: Array<{ name: string; type: string }> }>();
    for (const [db, name, column, type] of r.getRowsJS() as Array<[string, string, string, string]>) {
      const key = `${db}.${name}`;
      let info = out.get(key);
      if (info === undefined) {
        const description = descriptions.get(key);
        out.set(key, (info = { database: db, name, ...(description !== undefined ? { description } : {}), columns: [] }));
      }
      info.columns.push({ name: column, type });
    }
    return [...out.values()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.refreshing.catch(() => undefined);
    this.setup.closeSync();
    this.instance.closeSync();
  }
}
