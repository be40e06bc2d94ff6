// Scheduled rules in local mode: the detections local runs load (loadLocalAnalysis: the built-in
// pack, the console-saved ones, an optional Panther-format directory, the console's overrides), the
// due scheduled queries run with DuckDB over the local lake, alerts in the embedded store (sent to
// the local destinations when they open, as after streaming detections), and the last-run state in
// the local document store, <lake>/state/documents/scheduled-query-runs/.
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import type { LogType } from '../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { DuckDbQueryEngine } from '../../query/duckdb-engine.js';
import type { QueryEngine } from '../../query/types.js';
import { EmbeddedAlertStore } from '../alerting/embedded-store.js';
import type { ScheduledQueryItem, ScheduledRuleItem } from '../analysis/spec.js';
import type { DeliveryOptions } from '../delivery/deliver.js';
import type { DestinationStore } from '../delivery/destination-store.js';
import type { DispatchSummary } from '../delivery/dispatch.js';
import { alertStateDir, deliverOpened, documentsDir, loadLocalAnalysis, localDestinationStore } from '../pipeline/local.js';
import { runScheduledRules, type ScheduledRunReport } from './run.js';
import { RunStateStore } from './state.js';

export interface LocalScheduledOptions {
  /** The local lake directory. */
  readonly lakeDir: string;
  /** A Panther-format directory loaded besides the built-in pack and the console's detections; its items replace theirs with the same ID. */
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

/** Runs the due (or all) scheduled queries of the local lake and their rules. */
export async function runLocalScheduledRules(opts: LocalScheduledOptions): Promise<LocalScheduledResult> {
  // Loaded as streaming rules are: console-saved detections and enable/disable overrides included.
  const { items, errors } = await loadLocalAnalysis({ lakeDir: opts.lakeDir, ...(opts.detectionsDir !== undefined ? { detectionsDir: opts.detectionsDir } : {}) });
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
    const delivery = await deliverOpened(report.openedAlertIds, alertStore, opts.destinations ?? localDestinationStore(opts.lakeDir, invalid), opts.delivery);
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
