// Scheduled rules in local mode: the built-in pack plus an optional Panther-format directory, the
// due scheduled queries run with DuckDB over the local lake, alerts in the embedded store (sent to
// the local destinations when they open, as after streaming detections), and the last-run state in
// the local document store, <lake>/state/documents/scheduled-query-runs/.
import { stat } from 'node:fs/promises';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import type { LogType } from '../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { DuckDbQueryEngine } from '../../query/duckdb-engine.js';
import type { QueryEngine } from '../../query/types.js';
import { EmbeddedAlertStore } from '../alerting/embedded-store.js';
import { loadAnalysisDir } from '../analysis/load.js';
import type { AnalysisItem, ScheduledQueryItem, ScheduledRuleItem } from '../analysis/spec.js';
import type { DeliveryOptions } from '../delivery/deliver.js';
import type { DestinationStore } from '../delivery/destination-store.js';
import { alertsById, dispatchOpenedAlerts, type DispatchSummary } from '../delivery/dispatch.js';
import { DocumentDestinationStore } from '../delivery/stores/document-destination-store.js';
import { alertStateDir, BUILTIN_PACK_DIR, documentsDir, LOCAL_CONSOLE_URL } from '../pipeline/local.js';
import { runScheduledRules, type ScheduledRunReport } from './run.js';
import { RunStateStore } from './state.js';

export interface LocalScheduledOptions {
  /** The local lake directory. */
  readonly lakeDir: string;
  /** A Panther-format directory loaded besides the built-in pack; its items replace pack items with the same ID. */
  readonly detectionsDir?: string;
  readonly now?: Date;
  /** Run every enabled scheduled query, due or not. */
  readonly all?: boolean;
  /** Log types the lake's tables are declared from (default: the built-in ones). */
  readonly logTypes?: readonly LogType[];
  /** An engine to use instead of opening DuckDB over the lake (tests). */
  readonly engine?: QueryEngine;
  readonly timeLimitMs?: number;
  /** Where destinations are read; default the local document store's. */
  readonly destinations?: DestinationStore;
  readonly delivery?: Partial<DeliveryOptions>;
}

export interface LocalScheduledResult extends ScheduledRunReport {
  /** Enabled scheduled queries and rules loaded. */
  readonly scheduledQueries: number;
  readonly scheduledRules: number;
  /** What was sent for the alerts this run opened. */
  readonly delivery: DispatchSummary;
}

/** The run state of the local lake's scheduled queries. */
export function localRunState(lakeDir: string): RunStateStore {
  return new RunStateStore(new DirDocumentStore(documentsDir(lakeDir)));
}

/** The pack plus the directory (spec errors as messages), as the streaming pipeline loads them. */
export async function loadLocalDetections(detectionsDir: string | undefined): Promise<{ items: AnalysisItem[]; errors: string[] }> {
  const pack = await loadAnalysisDir(BUILTIN_PACK_DIR);
  const errors = pack.errors.map((e) => `packs/aws/${e.text}`);
  if (detectionsDir === undefined) return { items: pack.items, errors };
  const isDir = await stat(detectionsDir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new Error(`--detections ${detectionsDir}: not a directory`);
  const extra = await loadAnalysisDir(detectionsDir);
  errors.push(...extra.errors.map((e) => e.text));
  const ids = new Set(extra.items.map((i) => i.id));
  return { items: [...pack.items.filter((i) => !ids.has(i.id)), ...extra.items], errors };
}

/** Runs the due (or all) scheduled queries of the local lake and their rules. */
export async function runLocalScheduledRules(opts: LocalScheduledOptions): Promise<LocalScheduledResult> {
  const { items, errors } = await loadLocalDetections(opts.detectionsDir);
  const queries = items.filter((i): i is ScheduledQueryItem => i.type === 'scheduled_query');
  const rules = items.filter((i): i is ScheduledRuleItem => i.type === 'scheduled_rule');
  const engine = opts.engine ?? (await DuckDbQueryEngine.open({ lakeDir: opts.lakeDir, logTypes: opts.logTypes ?? builtinLogTypes }));
  const alertStore = new EmbeddedAlertStore({ dir: alertStateDir(opts.lakeDir) });
  try {
    const report = await runScheduledRules({
      engine,
      queries,
      rules,
      helpers: items,
      alertStore,
      now: opts.now ?? new Date(),
      lake: new DirObjectStore(opts.lakeDir),
      runs: localRunState(opts.lakeDir),
      ...(opts.all !== undefined ? { all: opts.all } : {}),
      ...(opts.timeLimitMs !== undefined ? { timeLimitMs: opts.timeLimitMs } : {}),
    });
    // Delivered like the alerts of streaming rules (detections/pipeline/local.ts).
    const invalid: string[] = [];
    let delivery: DispatchSummary = { configured: 0, alerts: [], delivered: 0, failed: 0, unrouted: [] };
    if (report.openedAlertIds.length > 0) {
      const store = opts.destinations ?? new DocumentDestinationStore(new DirDocumentStore(documentsDir(opts.lakeDir)), { onInvalid: (id, problems) => invalid.push(`destination ${id}: ${problems.join('; ')}`) });
      delivery = await dispatchOpenedAlerts(await alertsById(alertStore, report.openedAlertIds), await store.list(), { ...opts.delivery, consoleUrl: opts.delivery?.consoleUrl ?? LOCAL_CONSOLE_URL });
    }
    return {
      ...report,
      delivery,
      loadErrors: [...errors, ...report.loadErrors, ...invalid],
      scheduledQueries: queries.filter((q) => q.spec.Enabled).length,
      scheduledRules: rules.filter((r) => r.spec.Enabled).length,
    };
  } finally {
    if (opts.engine === undefined) await engine.close();
  }
}

/** The text summary of a run. */
export function scheduledSummary(r: LocalScheduledResult): string {
  const lines = [`Scheduled: ${r.scheduledQueries} enabled query(ies), ${r.scheduledRules} rule(s); ${r.queries.length} due.`];
  for (const q of r.queries) {
    const detail =
      q.status === 'succeeded'
        ? `${q.rows} row(s)${q.truncated ? ' (truncated)' : ''}, ${q.matches} match(es), ${q.ruleErrors} rule error(s), ${q.alertsOpened} alert(s) opened`
        : (q.error ?? '');
    lines.push(`  [${q.status.toUpperCase()}] ${q.queryName}: ${detail}`);
  }
  if (r.delivery.alerts.length > 0) lines.push(`  delivery: ${r.delivery.delivered} sent, ${r.delivery.failed} failed`);
  for (const e of r.loadErrors) lines.push(`  load error: ${e}`);
  return `${lines.join('\n')}\n`;
}
