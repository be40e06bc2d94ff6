// The rules engine of the local pipeline, after Panther's: it reads what the log processor just
// wrote to the lake (gzip JSON lines under logs/<table>/...), routes each event to the enabled rules
// of its p_log_type, runs them, normalizes the results, counts matches into the alert store, and
// writes matches under rules/<table>/... and errors under rule_errors/<table>/... with the same
// partitioning. A rule that throws, times out or returns a non-bool becomes a rule error row and
// counts into a RULE_ERROR alert (one per rule and error kind within the dedup period, see
// alerting/rule-error.ts); the batch and the other rules go on. Every row carries p_alert_id: the id
// of its window's alert, which the store knows even when an earlier run started the window.
// Loading is the costly part (Python starts Pyodide): openRuleSession loads the rules once for many
// runs; runDetections is one session with one run.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ObjectStore } from '../../adapters/object-store.js';
import { HISTORY_TABLES } from '../../cloud-security/history.js';
import { partitionOf } from '../../parsers/core/time.js';
import { PartitionWriter } from '../../processing/partition-writer.js';
import { detectionSettings, type AnalysisItem, type DataModelItem, type GlobalItem, type RuleItem } from '../analysis/spec.js';
import { ruleErrorMatch } from '../alerting/rule-error.js';
import { useCacheStore } from '../caching/rule-cache.js';
import { CompiledDataModel, type DataModelMapping } from '../engine/data-model.js';
import { PantherEvent } from '../engine/event.js';
import { normalizeRule } from '../engine/normalize.js';
import { DEFAULT_TIME_LIMIT_MS, loadTsDetection, runTsRule, type TsDetectionModule } from '../engine/ts-runtime.js';
import type { TsWorkerPool, WorkerDataModel } from '../engine/ts-worker-pool.js';
import { dataModelSource, pythonDataModels } from '../python/analysis-items.js';
import { PythonEngine, PythonLoadError } from '../python/engine.js';
import type { AlertStore, CacheStore, DetectionSettings, RawDetectionOutput, RuleError, RuleMatch } from '../types.js';

export interface RunDetectionsOptions {
  readonly lake: ObjectStore;
  /** Lake objects just written, `logs/<table>/...`; others (and logs/unclassified/) are ignored. */
  readonly keys: readonly string[];
  /** Loaded analysis items: enabled rules run; globals and data models serve them; the rest is ignored. */
  readonly detections: readonly AnalysisItem[];
  /** Extra data models (besides those among `detections`). */
  readonly dataModels?: readonly DataModelItem[];
  readonly alertStore: AlertStore;
  /** Processing time: the alert windows' clock. */
  readonly now: Date;
  /** Per-rule budget on one event, in milliseconds. */
  readonly timeLimitMs?: number;
  /**
   * Run TypeScript rules in this worker pool (a synchronous infinite loop is stopped at the limit)
   * instead of in-process (faster; a synchronous rule past its limit is reported, not stopped).
   */
  readonly pool?: TsWorkerPool;
  readonly gzipLevel?: number;
  /**
   * The store behind panther_detection_helpers.caching (Python) and detections/caching/rule-cache.ts
   * (TypeScript; with a pool, set as the pool's store). Without it the cache is in memory: per run
   * for Python, per process (or pool) for TypeScript. In-process TypeScript rules share one store
   * per process: concurrent runs in one process should pass the same store.
   */
  readonly cache?: CacheStore;
  /** The type of the alerts matches open (scheduled rules: SCHEDULED_RULE); rule errors are RULE_ERROR whatever it is. */
  readonly alertType?: 'RULE' | 'SCHEDULED_RULE';
}

export interface DetectionStats {
  /** Events read from the lake objects. */
  events: number;
  /** Rule evaluations (event x routed rule). */
  evaluations: number;
  matches: Record<string, number>;
  errors: Record<string, number>;
  /** Alerts opened by this run (a window reaching its threshold), rule error alerts included. */
  alertsOpened: number;
  /** Alert ids opened, in order (RULE and RULE_ERROR alike: delivery sends both). */
  openedAlertIds: string[];
  /** Lake keys written under rules/ and rule_errors/. */
  keys: string[];
  /** Detections that could not be loaded (e.g. a Python body that fails to import): "<id>: <error>". */
  loadErrors: string[];
}

const RULES_PREFIX = 'rules';
const ERRORS_PREFIX = 'rule_errors';
/** Matches recorded into the alert store at once. */
const RECORD_BATCH = 256;

/** `logs/<table>/...` → `<table>`, or undefined for other keys and unclassified lines. */
/** Lake tables under logs/ that hold no log events: the cloud security scans' history rows. */
const NOT_EVENTS = new Set(['unclassified', ...HISTORY_TABLES.map((h) => h.table)]);

export function tableOfKey(key: string): string | undefined {
  const m = /^logs\/([^/]+)\/year=/.exec(key);
  return m === null || NOT_EVENTS.has(m[1] ?? '') ? undefined : m[1];
}

/** `<prefix>/<table>/year=…/hour=HH/<file>`: partitioned by the event's hour, named after the source file (a rerun replaces it). */
export function outputKey(prefix: string, table: string, eventTime: string, sourceKey: string): string {
  const [y, m, d, h] = partitionOf(eventTime);
  const file = sourceKey.slice(sourceKey.lastIndexOf('/') + 1);
  return `${prefix}/${table}/year=${y}/month=${m}/day=${d}/hour=${h}/${file}`;
}

async function* readLines(lake: ObjectStore, key: string): AsyncGenerator<Record<string, unknown>> {
  const obj = await lake.get(key);
  const input = Readable.from(obj.body).pipe(createGunzip());
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    yield JSON.parse(line) as Record<string, unknown>;
  }
}

type Runner = (event: Record<string, unknown>) => Promise<RawDetectionOutput>;
type BatchRunner = (events: readonly Record<string, unknown>[]) => Promise<RawDetectionOutput[]>;

interface LoadedRule {
  readonly item: RuleItem;
  readonly settings: DetectionSettings;
  readonly run: Runner;
  /** Many events in one call (Python rules: one worker round trip instead of one per event). */
  readonly runBatch?: BatchRunner;
}

/** Events of a lake object evaluated together (bounds the memory a Python batch holds). */
const EVAL_CHUNK = 1000;

function workerModel(model: DataModelItem): WorkerDataModel {
  const tsBody = model.body?.language === 'typescript' ? model.body.path : undefined;
  return {
    id: model.id,
    logTypes: model.spec.LogTypes,
    mappings: model.spec.Mappings.filter((m) => m.Path !== undefined || tsBody !== undefined).map((m) => ({ name: m.Name, ...(m.Path !== undefined ? { path: m.Path } : {}), ...(m.Method !== undefined ? { method: m.Method } : {}) })),
    ...(tsBody !== undefined ? { moduleFile: tsBody } : {}),
  };
}

/** The in-process data model of a log type (Method mappings need a TypeScript body). */
async function compileModel(model: WorkerDataModel): Promise<CompiledDataModel<PantherEvent>> {
  const methods = model.moduleFile !== undefined ? await loadTsDetection(model.moduleFile) : {};
  const mappings: DataModelMapping<PantherEvent>[] = model.mappings.map((m) => {
    if (m.path !== undefined) return { name: m.name, path: m.path };
    const fn = m.method !== undefined ? methods[m.method] : undefined;
    if (typeof fn !== 'function') throw new Error(`DataModel [${model.id}] is missing method named [${String(m.method)}]`);
    return { name: m.name, method: fn as (e: PantherEvent) => unknown };
  });
  return new CompiledDataModel({ id: model.id, logTypes: model.logTypes, mappings });
}

/** Prepares the enabled rules: TS modules imported (or the pool), Python loaded into one engine. */
async function loadRules(opts: RuleSessionOptions, loadErrors: string[]): Promise<{ rules: LoadedRule[]; python?: PythonEngine }> {
  const limit = opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const rules = opts.detections.filter((i): i is RuleItem => i.type === 'rule' && i.spec.Enabled);
  const models = [...opts.detections, ...(opts.dataModels ?? [])].filter((i): i is DataModelItem => i.type === 'datamodel' && i.spec.Enabled);
  const tsModels = models.map(workerModel);
  const compiled = new Map<string, Promise<CompiledDataModel<PantherEvent>>>();
  const modelFor = (logType: string): Promise<CompiledDataModel<PantherEvent>> | undefined => {
    const m = tsModels.find((x) => x.logTypes.includes(logType));
    if (m === undefined) return undefined;
    let c = compiled.get(m.id);
    if (c === undefined) {
      c = compileModel(m);
      compiled.set(m.id, c);
    }
    return c;
  };

  let python: PythonEngine | undefined;
  const out: LoadedRule[] = [];
  const pyRules = rules.filter((r) => r.body.language === 'python');
  // An unexpected failure while loading must not leave the Python engine running.
  try {
    if (pyRules.length > 0) {
      python = await PythonEngine.start({ timeLimitMs: limit, ...(opts.cache !== undefined ? { cache: opts.cache } : {}) });
      const globals = opts.detections.filter((i): i is GlobalItem => i.type === 'global' && i.body.language === 'python');
      try {
        await python.loadGlobals(globals.map((g) => ({ id: g.id, body: g.body.source })));
      } catch (err) {
        if (!(err instanceof PythonLoadError)) throw err;
        loadErrors.push(`${err.id}: ${err.pythonError}`);
      }
      for (const m of pythonDataModels(models)) {
        try {
          await python.loadDataModels([dataModelSource(m)]);
        } catch (err) {
          if (!(err instanceof PythonLoadError)) throw err;
          loadErrors.push(`${m.id}: ${err.pythonError}`);
        }
      }
    }
    for (const item of rules) {
      const settings = detectionSettings(item);
      if (item.body.language === 'python') {
        const py = python as PythonEngine;
        try {
          await py.loadDetection({ id: item.id, body: item.body.source, kind: 'rule' });
        } catch (err) {
          if (!(err instanceof PythonLoadError)) throw err;
          loadErrors.push(`${item.id}: ${err.pythonError}`);
          continue;
        }
        out.push({
          item,
          settings,
          run: (event) => py.run(item.id, event, { timeLimitMs: limit }),
          // The time limit stays per event inside a batch (see PythonEngine.runBatch).
          runBatch: (events) => py.runBatch(item.id, events, { timeLimitMs: limit }),
        });
        continue;
      }
      if (opts.pool !== undefined) {
        const pool = opts.pool;
        out.push({
          item,
          settings,
          run: (event) => {
            const lt = typeof event.p_log_type === 'string' ? event.p_log_type : '';
            const dataModel = tsModels.find((m) => m.logTypes.includes(lt));
            return pool.run(item.body.path, event, { kind: 'rule', timeLimitMs: limit, ...(dataModel !== undefined ? { dataModel } : {}) });
          },
        });
        continue;
      }
      let mod: TsDetectionModule;
      try {
        mod = await loadTsDetection(item.body.path);
      } catch (err) {
        loadErrors.push(`${item.id}: ${(err as Error).message}`);
        continue;
      }
      out.push({
        item,
        settings,
        run: async (event) => {
          const lt = typeof event.p_log_type === 'string' ? event.p_log_type : '';
          const model = modelFor(lt);
          return runTsRule(mod, new PantherEvent(event, model === undefined ? undefined : await model), { timeLimitMs: limit });
        },
      });
    }
  } catch (err) {
    await python?.close();
    throw err;
  }
  return python !== undefined ? { rules: out, python } : { rules: out };
}

function matchRow(event: Record<string, unknown>, m: RuleMatch, settings: DetectionSettings, alertId: string | undefined): Record<string, unknown> {
  return {
    ...event,
    p_rule_id: m.ruleId,
    ...(alertId !== undefined ? { p_alert_id: alertId } : {}),
    p_alert_context: m.alertContext,
    p_rule_severity: m.severity,
    p_rule_title: m.title,
    p_dedup: m.dedup,
    p_dedup_period_mins: m.dedupPeriodMinutes,
    p_rule_tags: [...(settings.tags ?? [])],
    p_rule_reports: settings.reports ?? {},
  };
}

function errorRow(event: Record<string, unknown>, e: RuleError, settings: DetectionSettings, alertId: string | undefined): Record<string, unknown> {
  return {
    ...event,
    p_rule_id: e.ruleId,
    ...(alertId !== undefined ? { p_alert_id: alertId } : {}),
    p_rule_error: e.error,
    p_rule_severity: e.severity,
    p_rule_title: settings.displayName ?? settings.id,
    p_rule_tags: [...(settings.tags ?? [])],
  };
}

/** What a session loads once: every option of a run but the objects to read (and, optionally, the lake). */
export type RuleSessionOptions = Omit<RunDetectionsOptions, 'keys' | 'lake'> & {
  /** The lake read and written by runs that do not name their own. */
  readonly lake?: ObjectStore;
};

export interface RuleSessionRun {
  /** Lake objects just written, `logs/<table>/...`; others (and logs/unclassified/) are ignored. */
  readonly keys: readonly string[];
  /** The lake of this run (default: the session's). */
  readonly lake?: ObjectStore;
  /** The alert windows' clock for this run (default: the session's `now`). */
  readonly now?: Date;
  /** Only these loaded rules run (default: all). */
  readonly ruleIds?: readonly string[];
  /**
   * Routes the running rules to these log types instead of their LogTypes (scheduled rules run
   * on whatever log types their query's rows carry, which differ from query to query).
   */
  readonly logTypes?: readonly string[];
  /**
   * Columns added to the rows this run writes for matches and errors, after the rule fields (the
   * rules do not see them): the scheduled rules' p_query_name and p_query_row, for example.
   */
  readonly outputColumns?: (event: Readonly<Record<string, unknown>>, table: string) => Readonly<Record<string, unknown>>;
}

/** Rules, globals and data models loaded once (one Python engine), run over many batches of lake objects. */
export interface RuleSession {
  /** Detections that could not be loaded: "<id>: <error>" (also in every run's stats). */
  readonly loadErrors: readonly string[];
  /** Runs are serialized: one at a time, in call order. */
  run(keysOrRun: readonly string[] | RuleSessionRun): Promise<DetectionStats>;
  /** Stops the Python engine; runs after it are refused. */
  close(): Promise<void>;
}

/**
 * Loads the enabled rules once (TypeScript modules imported, Python started and loaded once)
 * for many runs: the scheduled rules runner evaluates every due query of a tick in one session
 * instead of starting Pyodide per query. Close it when done.
 */
export async function openRuleSession(opts: RuleSessionOptions): Promise<RuleSession> {
  const loadErrors: string[] = [];
  if (opts.cache !== undefined) opts.pool?.setCacheStore(opts.cache);
  const { rules, python } = await loadRules(opts, loadErrors);
  let closed = false;
  let tail: Promise<unknown> = Promise.resolve();
  return {
    loadErrors,
    run(keysOrRun) {
      const r: RuleSessionRun = isKeyList(keysOrRun) ? { keys: keysOrRun } : keysOrRun;
      const next = tail.then(() => {
        if (closed) throw new Error('the rule session is closed');
        return runLoaded(opts, rules, loadErrors, r);
      });
      // A failed run does not stop the next one.
      tail = next.catch(() => undefined);
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await tail;
      await python?.close();
    },
  };
}

function isKeyList(v: readonly string[] | RuleSessionRun): v is readonly string[] {
  return Array.isArray(v);
}

/** Runs the enabled rules over the lake objects just written; see the file comment. One session, one run. */
export async function runDetections(opts: RunDetectionsOptions): Promise<DetectionStats> {
  const session = await openRuleSession(opts);
  try {
    return await session.run({ keys: opts.keys });
  } finally {
    await session.close();
  }
}

/** One run of a session's loaded rules over `run.keys`. */
async function runLoaded(opts: RuleSessionOptions, loaded: readonly LoadedRule[], loadErrors: readonly string[], run: RuleSessionRun): Promise<DetectionStats> {
  const lake = run.lake ?? opts.lake;
  if (lake === undefined) throw new Error('no lake: give one to the session or to the run');
  const now = run.now ?? opts.now;
  const stats: DetectionStats = { events: 0, evaluations: 0, matches: {}, errors: {}, alertsOpened: 0, openedAlertIds: [], keys: [], loadErrors: [...loadErrors] };
  const only = run.ruleIds === undefined ? undefined : new Set(run.ruleIds);
  // Each running rule with the log types it is routed to in this run.
  const rules = loaded
    .filter((r) => only === undefined || only.has(r.item.id))
    .map((r) => ({ ...r, logTypes: new Set(run.logTypes ?? r.item.spec.LogTypes) }));
  const byLogType = new Map<string, typeof rules>();
  for (const r of rules) {
    for (const lt of r.logTypes) byLogType.set(lt, [...(byLogType.get(lt) ?? []), r]);
  }
  // In-process TypeScript rules read the process-wide store: set for this run only.
  const previousCache = opts.cache !== undefined ? useCacheStore(opts.cache) : undefined;
  const writer = new PartitionWriter(lake, opts.gzipLevel ?? 6);
  try {
    for (const key of run.keys) {
      const table = tableOfKey(key);
      if (table === undefined) continue;
      // Matches and rule errors, recorded into the alert store after the object's events are evaluated.
      const pending: Array<{ event: Record<string, unknown>; match: RuleMatch; settings: DetectionSettings; error?: RuleError }> = [];
      // Events are evaluated a chunk at a time: each rule with a batch runner sees all the chunk's
      // events of its log types in one call; results are then handled in event order, as before.
      const evaluate = async (chunk: readonly Record<string, unknown>[]): Promise<void> => {
        const batched = new Map<LoadedRule, Map<Record<string, unknown>, RawDetectionOutput>>();
        const failure = (err: unknown): RawDetectionOutput => ({ matched: undefined, aux: {}, errors: { rule: `${(err as Error).name}: ${(err as Error).message}` } });
        for (const rule of rules) {
          if (rule.runBatch === undefined) continue;
          const mine = chunk.filter((e) => typeof e.p_log_type === 'string' && rule.logTypes.has(e.p_log_type));
          if (mine.length === 0) continue;
          let outs: RawDetectionOutput[];
          try {
            outs = await rule.runBatch(mine);
          } catch (err) {
            // The runtime itself failed (a crashed worker): a rule error of each event, not a lost batch.
            outs = mine.map(() => failure(err));
          }
          batched.set(rule, new Map(mine.map((e, i) => [e, outs[i] ?? failure(new Error('no output'))])));
        }
        for (const event of chunk) {
          const logType = typeof event.p_log_type === 'string' ? event.p_log_type : undefined;
          const routed = logType === undefined ? undefined : byLogType.get(logType);
          if (routed === undefined || logType === undefined) continue;
          const eventTime = typeof event.p_event_time === 'string' ? event.p_event_time : undefined;
          const ctx = { logType, ...(typeof event.p_row_id === 'string' ? { eventRowId: event.p_row_id } : {}), ...(eventTime !== undefined ? { eventTime } : {}) };
          for (const rule of routed) {
            stats.evaluations++;
            let raw: RawDetectionOutput;
            const fromBatch = batched.get(rule)?.get(event);
            if (fromBatch !== undefined) raw = fromBatch;
            else {
              try {
                raw = await rule.run(event);
              } catch (err) {
                // The runtime itself failed (a crashed worker): a rule error of this event, not a lost batch.
                raw = failure(err);
              }
            }
            const out = normalizeRule(raw, rule.settings, ctx);
            if (out.kind === 'match') {
              stats.matches[rule.item.id] = (stats.matches[rule.item.id] ?? 0) + 1;
              const match = opts.alertType !== undefined && opts.alertType !== 'RULE' ? { ...out.match, alertType: opts.alertType } : out.match;
              pending.push({ event, match, settings: rule.settings });
            } else if (out.kind === 'error') {
              stats.errors[rule.item.id] = (stats.errors[rule.item.id] ?? 0) + 1;
              pending.push({ event, match: ruleErrorMatch(out.error, rule.settings, eventTime), settings: rule.settings, error: out.error });
            }
          }
        }
      };
      let chunk: Record<string, unknown>[] = [];
      for await (const event of readLines(lake, key)) {
        stats.events++;
        chunk.push(event);
        if (chunk.length >= EVAL_CHUNK) {
          await evaluate(chunk);
          chunk = [];
        }
      }
      await evaluate(chunk);
      // Recorded concurrently in bounded batches (the embedded store coalesces its file writes;
      // DynamoDB's conditional writes keep one alert per window under concurrency).
      for (let i = 0; i < pending.length; i += RECORD_BATCH) {
        const batch = pending.slice(i, i + RECORD_BATCH);
        const outcomes = await Promise.all(batch.map((p) => opts.alertStore.recordMatch(p.match, now)));
        outcomes.forEach((outcome, j) => {
          const p = batch[j];
          if (p === undefined) return;
          if (outcome.opened && outcome.alert !== undefined) {
            stats.alertsOpened++;
            stats.openedAlertIds.push(outcome.alert.alertId);
          }
          // The window's alert id, also below the threshold and when an earlier run started the window.
          const alertId = outcome.alert?.alertId ?? outcome.alertId;
          const eventTime = p.match.eventTime ?? now.toISOString();
          const extra = run.outputColumns?.(p.event, table) ?? {};
          if (p.error !== undefined) writer.write(outputKey(ERRORS_PREFIX, table, eventTime, key), JSON.stringify({ ...errorRow(p.event, p.error, p.settings, alertId), ...extra }));
          else writer.write(outputKey(RULES_PREFIX, table, eventTime, key), JSON.stringify({ ...matchRow(p.event, p.match, p.settings, alertId), ...extra }));
        });
      }
      await writer.backpressure();
    }
    const closed = await writer.close();
    stats.keys.push(...closed.keys);
  } catch (err) {
    await writer.abort(err as Error);
    throw err;
  } finally {
    if (previousCache !== undefined) useCacheStore(previousCache);
  }
  return stats;
}
