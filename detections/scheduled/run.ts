// Scheduled rules, after Panther: each due scheduled query runs in the lake's query engine (within
// its TimeoutMinutes), and every result row is an event for the scheduled rules that name the
// query in ScheduledQueries, with the same engines, normalization, dedup/threshold windows and
// lake output as streaming rules; the alerts they open are of type SCHEDULED_RULE.
//
// The rows go through the streaming engine itself (a rule session of run-detections.ts, opened once
// per tick for all due queries, so Python starts once): they are served to it as a lake object of
// their own, and each scheduled rule runs as a rule of the rows' log types.
// Where matches and errors land: a row that carries a well-formed p_log_type (a `SELECT *` over a
// log table) goes to that log type's table, rules/<table>/ and rule_errors/<table>/, beside the
// streaming matches and with the same columns; other rows (aggregates) go to rules/scheduled/ and
// rule_errors/scheduled/, with p_log_type set to "ScheduledQuery" so the engine can route them, and
// p_query_name and p_query_row (the row as the rules saw it, JSON text) added: the columns of the
// `scheduled` tables of the lake schema (query/lake-schema.ts).
// The output files are named <YYYYMMDDTHHMMSSZ>-<query>.json.gz, partitioned by the row's
// p_event_time (else the run time).
//
// A query that fails (bad SQL, engine error, timeout, no runnable SQL) is reported in the result
// and in its run state, never dropped; the other queries go on.
import { gzipSync } from 'node:zlib';
import type { ObjectStore } from '../../adapters/object-store.js';
import { partitionOf } from '../../parsers/core/time.js';
import { tableName } from '../../parsers/core/logtype.js';
import { SCHEDULED_RULES_TABLE } from '../../query/lake-schema.js';
import type { QueryEngine } from '../../query/types.js';
import { querySql, type AnalysisItem, type RuleItem, type ScheduledQueryItem, type ScheduledRuleItem } from '../analysis/spec.js';
import type { TsWorkerPool } from '../engine/ts-worker-pool.js';
import { openRuleSession, type DetectionStats, type RuleSession } from '../pipeline/run-detections.js';
import type { AlertStore } from '../types.js';
import { dueQueries, floorMinute, type DueQuery } from './due.js';
import { OverlayObjectStore } from './overlay-store.js';
import { runDocumentId, type QueryRunState, type RunStateStore } from './state.js';

/** p_log_type given to result rows that have none (aggregates), so the engine routes them. */
export const SCHEDULED_LOG_TYPE = 'ScheduledQuery';
/** The lake table of matches and errors of rows without a log type (query/lake-schema.ts declares it). */
export const SCHEDULED_TABLE = SCHEDULED_RULES_TABLE;
/** Rows a scheduled query may return to the rules (Panther caps results too); more is reported as truncated. */
export const DEFAULT_MAX_ROWS = 10_000;
/** A query is not started with less time than this before the deadline. */
const MIN_QUERY_TIME_MS = 1000;

export interface ScheduledRunOptions {
  readonly engine: QueryEngine;
  /** Scheduled queries (enabled ones run when due). */
  readonly queries: readonly ScheduledQueryItem[];
  /** Scheduled rules (enabled ones run on the rows of the queries they name). */
  readonly rules: readonly ScheduledRuleItem[];
  /** Global helpers and data models the rules use (other items are ignored). */
  readonly helpers?: readonly AnalysisItem[];
  readonly alertStore: AlertStore;
  readonly now: Date;
  /** Where matches and errors are written (rules/, rule_errors/); omitted: they are only counted. */
  readonly lake?: ObjectStore;
  /** Last-run state; omitted: every enabled query is due. */
  readonly runs?: RunStateStore;
  /** Run every enabled query now, due or not (the run still updates its state). */
  readonly all?: boolean;
  readonly maxRows?: number;
  /** Caps every query's TimeoutMinutes, in milliseconds. */
  readonly maxQueryTimeMs?: number;
  /**
   * No query runs past this time (a Lambda's end): each gets at most the time left, and the due
   * queries that would get less than a second are left, unclaimed, for the next tick.
   */
  readonly deadline?: Date;
  /** Per-rule budget on one row, in milliseconds. */
  readonly timeLimitMs?: number;
  readonly pool?: TsWorkerPool;
}

export type QueryRunStatus = 'succeeded' | 'failed' | 'skipped';

export interface QueryRunReport {
  readonly queryName: string;
  readonly status: QueryRunStatus;
  /** Why it failed or was skipped. */
  readonly error?: string;
  /** The scheduled rules fed with its rows. */
  readonly rules: readonly string[];
  readonly rows: number;
  /** More rows than maxRows: the rest were not evaluated. */
  readonly truncated: boolean;
  readonly matches: number;
  readonly ruleErrors: number;
  readonly alertsOpened: number;
  readonly elapsedMs: number;
  readonly bytesScanned?: number;
}

export interface ScheduledRunReport {
  /** One entry per due query (in spec order). */
  queries: QueryRunReport[];
  matches: Record<string, number>;
  errors: Record<string, number>;
  alertsOpened: number;
  openedAlertIds: string[];
  /** Lake keys written under rules/ and rule_errors/. */
  keys: string[];
  /** Rules that could not be loaded: "<id>: <error>". */
  loadErrors: string[];
  /** Enabled queries no enabled scheduled rule names: never run (Panther runs a query only for its rules). */
  unused: string[];
}

const SAFE_LOG_TYPE = /^[A-Za-z][A-Za-z0-9_]{0,63}(\.[A-Za-z0-9_]{1,64}){0,4}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** `YYYYMMDDTHHMMSSZ` of a time, as the processor names its files. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A time value from a query (ISO text, Athena's `YYYY-MM-DD HH:MM:SS.fff` in UTC, epoch ms) as epoch ms. */
function epochMs(v: unknown): number | undefined {
  let ms = NaN;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') {
    // Without a zone the engines mean UTC; Date.parse would take local time.
    const zoned = /T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(v);
    ms = Date.parse(zoned ? v : `${v.trim().replace(' ', 'T')}Z`);
  }
  // Date's range is +-8.64e15 ms; outside it there is no ISO form.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

/**
 * The row as the rules see it, and the table its matches go to. Query output is data (attacker
 * controlled through the logs): p_log_type picks a table only when well formed, and p_event_time,
 * which picks the output partition, is kept only as a canonical UTC time (re-formatted when
 * parseable, dropped otherwise).
 */
export function prepareRow(row: Readonly<Record<string, unknown>>): { event: Record<string, unknown>; logType: string; table: string } {
  const event: Record<string, unknown> = { ...row };
  const t = event.p_event_time;
  if (t !== undefined && !(typeof t === 'string' && ISO_UTC.test(t))) {
    const ms = epochMs(t);
    if (ms === undefined) delete event.p_event_time;
    else event.p_event_time = new Date(ms).toISOString();
  }
  const lt = event.p_log_type;
  if (typeof lt === 'string' && SAFE_LOG_TYPE.test(lt) && lt !== SCHEDULED_LOG_TYPE) return { event, logType: lt, table: tableName(lt) };
  event.p_log_type = SCHEDULED_LOG_TYPE;
  return { event, logType: SCHEDULED_LOG_TYPE, table: SCHEDULED_TABLE };
}

/** A scheduled rule as a streaming rule of the given log types (the engine routes by p_log_type). */
function asStreamingRule(rule: ScheduledRuleItem, logTypes: readonly string[]): RuleItem {
  const { ScheduledQueries: _queries, AnalysisType: _type, ...rest } = rule.spec;
  return { id: rule.id, file: rule.file, path: rule.path, body: rule.body, type: 'rule', spec: { ...rest, AnalysisType: 'rule', LogTypes: [...logTypes] } };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The stats of a run that evaluated nothing. */
function emptyStats(): DetectionStats {
  return { events: 0, evaluations: 0, matches: {}, errors: {}, alertsOpened: 0, openedAlertIds: [], keys: [], loadErrors: [] };
}

/**
 * One rule session for a tick: opened on the first query with rows (so a tick whose queries return
 * nothing never starts Python), with every enabled rule of the due queries loaded once.
 */
class TickSession {
  private session: Promise<RuleSession> | undefined;

  constructor(
    private readonly opts: ScheduledRunOptions,
    private readonly rules: readonly ScheduledRuleItem[],
  ) {}

  get(): Promise<RuleSession> {
    if (this.session === undefined) {
      const helpers = (this.opts.helpers ?? []).filter((i) => i.type === 'global' || i.type === 'datamodel');
      this.session = openRuleSession({
        // Routing is given per run (the rows' log types): the declared ones do not matter.
        detections: [...this.rules.map((r) => asStreamingRule(r, [SCHEDULED_LOG_TYPE])), ...helpers],
        alertStore: this.opts.alertStore,
        // Matches open SCHEDULED_RULE alerts; rule errors stay RULE_ERROR alerts, as for streaming rules.
        alertType: 'SCHEDULED_RULE',
        now: this.opts.now,
        ...(this.opts.timeLimitMs !== undefined ? { timeLimitMs: this.opts.timeLimitMs } : {}),
        ...(this.opts.pool !== undefined ? { pool: this.opts.pool } : {}),
      });
      // A failed open is retried by the next query rather than cached.
      this.session.catch(() => {
        this.session = undefined;
      });
    }
    return this.session;
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (s !== undefined) await (await s.catch(() => undefined))?.close();
  }
}

/** Runs one query's rows through its rules in the tick's session; the stats of the streaming engine. */
async function evaluateRows(
  opts: ScheduledRunOptions,
  session: TickSession,
  query: ScheduledQueryItem,
  rules: readonly ScheduledRuleItem[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<DetectionStats> {
  if (rows.length === 0 || rules.length === 0) return emptyStats();
  const byTable = new Map<string, { logTypes: Set<string>; lines: string[] }>();
  for (const row of rows) {
    const { event, logType, table } = prepareRow(row);
    let group = byTable.get(table);
    if (group === undefined) byTable.set(table, (group = { logTypes: new Set(), lines: [] }));
    group.logTypes.add(logType);
    group.lines.push(JSON.stringify(event));
  }
  const overlay = new OverlayObjectStore(opts.lake);
  const [y, m, d, h] = partitionOf(opts.now.toISOString());
  const file = `${stamp(opts.now)}-${runDocumentId(query.id)}.json.gz`;
  const keys: string[] = [];
  for (const [table, group] of byTable) {
    const key = `logs/${table}/year=${y}/month=${m}/day=${d}/hour=${h}/${file}`;
    overlay.put(key, gzipSync(`${group.lines.join('\n')}\n`));
    keys.push(key);
  }
  const logTypes = [...new Set([...byTable.values()].flatMap((g) => [...g.logTypes]))].sort();
  // Rows without a log type have no columns of their own in the lake: the table keeps them whole.
  const outputColumns = (event: Readonly<Record<string, unknown>>, table: string): Record<string, unknown> =>
    table === SCHEDULED_TABLE ? { p_query_name: query.id, p_query_row: JSON.stringify(event) } : {};
  return (await session.get()).run({ lake: overlay, keys, ruleIds: rules.map((r) => r.id), logTypes, outputColumns });
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

/** Runs the due scheduled queries and their rules; see the file comment. */
export async function runScheduledRules(opts: ScheduledRunOptions): Promise<ScheduledRunReport> {
  const report: ScheduledRunReport = { queries: [], matches: {}, errors: {}, alertsOpened: 0, openedAlertIds: [], keys: [], loadErrors: [], unused: [] };
  const enabledRules = opts.rules.filter((r) => r.spec.Enabled);
  const used = new Set(enabledRules.flatMap((r) => r.spec.ScheduledQueries));
  const enabled = opts.queries.filter((q) => q.spec.Enabled);
  report.unused.push(...enabled.filter((q) => !used.has(q.id)).map((q) => q.id));
  // A query no rule uses costs money for nothing: it is neither due nor run.
  const queries = enabled.filter((q) => used.has(q.id));
  const state = opts.runs !== undefined ? await opts.runs.load() : new Map<string, QueryRunState & { version: number }>();
  const due: DueQuery[] = opts.all === true || opts.runs === undefined ? queries.map((item) => ({ item, slot: floorMinute(opts.now) })) : dueQueries(queries, state, opts.now);
  const dueNames = new Set(due.map((q) => q.item.id));
  const nowIso = opts.now.toISOString();

  // Cron queries not due: remember the look, so a slot between two ticks is not missed.
  if (opts.runs !== undefined) {
    for (const q of queries) {
      if (dueNames.has(q.id) || q.spec.Schedule.CronExpression === undefined) continue;
      const prev = state.get(q.id);
      await opts.runs.touch(q.id, prev?.version, { ...stripVersion(prev), queryName: q.id, lastCheck: nowIso });
    }
  }

  // Every enabled rule of a due query, loaded once for the tick.
  const dueRuleItems = enabledRules.filter((r) => r.spec.ScheduledQueries.some((q) => dueNames.has(q)));
  const session = new TickSession(opts, dueRuleItems);
  try {
    for (const { item, slot } of due) {
      const rules = enabledRules.filter((r) => r.spec.ScheduledQueries.includes(item.id));
      const base = { queryName: item.id, rules: rules.map((r) => r.id), rows: 0, truncated: false, matches: 0, ruleErrors: 0, alertsOpened: 0, elapsedMs: 0 };
      const left = opts.deadline !== undefined ? opts.deadline.getTime() - Date.now() : Infinity;
      if (left < MIN_QUERY_TIME_MS) {
        report.queries.push({ ...base, status: 'skipped', error: 'no time left in this invocation: left for the next tick' });
        continue;
      }
      const prev = state.get(item.id);
      const running: QueryRunState = { ...stripVersion(prev), queryName: item.id, lastRun: slot.toISOString(), lastCheck: nowIso, lastStatus: 'running' };
      if (opts.runs !== undefined && (await opts.runs.claim(item.id, prev?.version, running)) === undefined) {
        report.queries.push({ ...base, status: 'skipped', error: 'another scheduler invocation claimed this run' });
        continue;
      }
      const started = Date.now();
      let outcome: QueryRunReport;
      const sql = querySql(item.spec);
      if (sql === undefined) {
        outcome = { ...base, status: 'failed', error: 'the spec has only a SnowflakeQuery: no SQL for this engine (add Query or AthenaQuery)' };
      } else {
        const timeoutMs = Math.min(item.spec.Schedule.TimeoutMinutes * 60_000, opts.maxQueryTimeMs ?? Infinity, left);
        // A referenced timer (AbortSignal.timeout's is not): the process waits for the cancellation.
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        const signal = controller.signal;
        try {
          const result = await opts.engine.run(sql, { signal, maxRows: opts.maxRows ?? DEFAULT_MAX_ROWS });
          clearTimeout(timer);
          const stats = await evaluateRows(opts, session, item, rules, result.rows).catch((err: unknown) => {
            throw new Error(`the query ran, the rules could not: ${message(err)}`);
          });
          for (const [id, n] of Object.entries(stats.matches)) report.matches[id] = (report.matches[id] ?? 0) + n;
          for (const [id, n] of Object.entries(stats.errors)) report.errors[id] = (report.errors[id] ?? 0) + n;
          report.alertsOpened += stats.alertsOpened;
          report.openedAlertIds.push(...stats.openedAlertIds);
          if (opts.lake !== undefined) report.keys.push(...stats.keys);
          report.loadErrors.push(...stats.loadErrors.filter((e) => !report.loadErrors.includes(e)));
          outcome = {
            ...base,
            status: 'succeeded',
            rows: result.rows.length,
            truncated: result.truncated,
            matches: sum(stats.matches),
            ruleErrors: sum(stats.errors),
            alertsOpened: stats.alertsOpened,
            elapsedMs: Date.now() - started,
            ...(result.stats.bytesScanned !== undefined ? { bytesScanned: result.stats.bytesScanned } : {}),
          };
        } catch (err) {
          const error = signal.aborted ? `timed out after ${Math.round(timeoutMs / 1000)} s (TimeoutMinutes ${item.spec.Schedule.TimeoutMinutes}): ${message(err)}` : message(err);
          outcome = { ...base, status: 'failed', error, elapsedMs: Date.now() - started };
        } finally {
          clearTimeout(timer);
        }
      }
      report.queries.push(outcome);
      if (opts.runs !== undefined) {
        await opts.runs.put(item.id, {
          ...running,
          lastStatus: outcome.status === 'succeeded' ? 'succeeded' : 'failed',
          lastRows: outcome.rows,
          lastElapsedMs: outcome.elapsedMs,
          ...(outcome.error !== undefined ? { lastError: outcome.error } : { lastError: undefined }),
          ...(outcome.bytesScanned !== undefined ? { lastBytesScanned: outcome.bytesScanned } : {}),
        });
      }
    }
  } finally {
    await session.close();
  }
  return report;
}

function stripVersion(s: (QueryRunState & { version: number }) | undefined): Partial<QueryRunState> {
  if (s === undefined) return {};
  const { version: _v, ...rest } = s;
  return rest;
}
