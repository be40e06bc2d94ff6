// PythonEngine: runs Panther-format Python detections in Pyodide, inside a worker thread so that a
// detection that hangs can be stopped (SIGINT through the interrupt buffer, then termination).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { CacheStore, RawDetectionOutput, RuleAuxFunction } from '../types.js';
import { serveCacheCall } from '../caching/remote.js';
import type { CacheReply, WorkerInit, WorkerMessage, WorkerOp, WorkerRequest } from './protocol.js';

/**
 * Default time limit of one run() (rule plus its auxiliary functions). Rules take micro- to
 * milliseconds; 1 s leaves a wide margin for a slow machine or a first call that warms caches,
 * while bounding what one bad rule costs a batch. Imports happen at load time, under their own
 * (longer) limit, so they do not count here.
 */
export const DEFAULT_TIME_LIMIT_MS = 1000;
/** Default limit for executing a module body at load time (imports of helpers included). */
export const DEFAULT_LOAD_TIME_LIMIT_MS = 30_000;
/**
 * After SIGINT, how long the detection gets to unwind before the worker is terminated. Generous:
 * a restart costs seconds (Pyodide reloads), and under heavy CPU load the interrupt can take a
 * few hundred milliseconds to land.
 */
export const DEFAULT_GRACE_MS = 2000;

export interface PythonEngineOptions {
  /** Default per-run time limit in milliseconds. */
  readonly timeLimitMs?: number;
  readonly loadTimeLimitMs?: number;
  readonly graceMs?: number;
  /** Host directories with third-party pure-Python packages a repository needs (added to sys.path). */
  readonly pythonPaths?: readonly string[];
  /**
   * The store behind panther_detection_helpers.caching; without it the cache lives in the worker's
   * memory (emptied by resetCache() and when the worker is replaced).
   */
  readonly cache?: CacheStore;
  /** Where the worker script, Pyodide and the harness's Python sources are; default pythonRuntimeFiles(). */
  readonly runtime?: PythonRuntimeFiles;
}

/** The files the Python runtime needs, wherever this code runs from. */
export interface PythonRuntimeFiles {
  /** The worker thread's script: worker.ts (sources, loaded through tsx) or a compiled ES module. */
  readonly workerUrl: URL;
  /** Directory holding pyodide.asm.wasm and the other files Pyodide loads; default: the `pyodide` package's. */
  readonly pyodideDir?: string;
  /** Directory holding the harness (py/: _panther_harness.py, panther_core.py...); default: py/ beside the worker. */
  readonly libDir?: string;
}

/** The worker's startup data: the protocol's, plus where the runtime's files are. */
export type WorkerStart = WorkerInit & { readonly pyodideDir?: string; readonly libDir?: string };

/**
 * Where the runtime's files are for code loaded from `moduleUrl` (this module's URL by default):
 * - from the TypeScript sources: worker.ts and py/ beside it, Pyodide from node_modules;
 * - from a Lambda bundle (index.mjs, see stacks/constructs/bundle.ts COMPANIONS): python/worker.mjs,
 *   python/pyodide/ and python/py/ beside it;
 * - otherwise (compiled beside its sources): worker.js beside it.
 * Undefined when the code is bundled without them (Python detections cannot run there).
 */
export function pythonRuntimeFiles(moduleUrl: string = import.meta.url): PythonRuntimeFiles | undefined {
  if (moduleUrl.endsWith('.ts')) return { workerUrl: new URL('./worker.ts', moduleUrl) };
  const bundled = new URL('./python/worker.mjs', moduleUrl);
  if (existsSync(fileURLToPath(bundled))) {
    return { workerUrl: bundled, pyodideDir: fileURLToPath(new URL('./python/pyodide/', moduleUrl)), libDir: fileURLToPath(new URL('./python/py/', moduleUrl)) };
  }
  const compiled = new URL('./worker.js', moduleUrl);
  return existsSync(fileURLToPath(compiled)) ? { workerUrl: compiled } : undefined;
}

export interface GlobalSource {
  readonly id: string;
  readonly body: string;
}

export interface DataModelMapping {
  readonly name: string;
  readonly path?: string;
  readonly method?: string;
}

export interface DataModelSource {
  readonly id: string;
  readonly logTypes: readonly string[];
  readonly mappings: readonly DataModelMapping[];
  /** Python body defining the functions of Method mappings. */
  readonly body?: string;
}

export interface DetectionSource {
  readonly id: string;
  readonly body: string;
  readonly kind: 'rule' | 'policy';
}

export interface Mock {
  readonly objectName: string;
  /** Passed to MagicMock(return_value=...) as is (a string in Panther specs, as the tool does). */
  readonly returnValue: unknown;
}

export interface RunOptions {
  readonly mocks?: readonly Mock[];
  /** Run every auxiliary function whatever rule() returned (tests expecting a match). */
  readonly expectMatch?: boolean;
  readonly timeLimitMs?: number;
}

/** A global, data model or detection that failed to load: the Python error, e.g. "SyntaxError: ...". */
export class PythonLoadError extends Error {
  constructor(
    readonly id: string,
    readonly pythonError: string,
  ) {
    super(`${id}: ${pythonError}`);
    this.name = 'PythonLoadError';
  }
}

type Outcome =
  | { readonly kind: 'ok'; readonly result: string; readonly late: boolean; /** Batch event running when interrupted. */ readonly lateAt: number }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'timeout' };

interface Pending {
  settle(outcome: Outcome): void;
}

interface HarnessBatchResult {
  /** Outputs of the events done, in order. */
  readonly results: readonly HarnessRunResult[];
  /** Index of the event interrupted at its time limit; it and the later ones did not run. */
  readonly timedOutAt?: number;
}

interface HarnessRunResult {
  readonly matched: unknown;
  readonly hasMatched: boolean;
  readonly aux: Partial<Record<RuleAuxFunction, unknown>>;
  readonly errors: Record<string, string>;
  readonly timedOut?: boolean;
}

function toOutput(parsed: HarnessRunResult, timedOut: boolean, main: 'rule' | 'policy', timeoutMessage: string): RawDetectionOutput {
  const errors: Record<string, string> = { ...parsed.errors };
  if (timedOut) errors[main] = timeoutMessage;
  return {
    // A timed-out run has no trustworthy result, even if rule() had returned before the limit.
    matched: parsed.hasMatched && !timedOut ? parsed.matched : undefined,
    aux: parsed.aux,
    errors: errors as RawDetectionOutput['errors'],
    ...(timedOut ? { timedOut: true } : {}),
  };
}

/** The last line of a Python traceback ("KeyError: 'x'"), or the message itself. */
function lastLine(message: string): string {
  const lines = message.trim().split('\n');
  return lines[lines.length - 1] ?? message;
}

export class PythonEngine {
  private worker!: Worker;
  private ready: Promise<void> = Promise.resolve();
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));
  /** Index of the batch event the worker is running (written by the worker as each starts). */
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));
  /** Incremented after each cache reply is posted (the worker waits on it). */
  private readonly cacheSignal = new Int32Array(new SharedArrayBuffer(4));
  /** The engine's end of the current worker's cache reply channel. */
  private cachePort: MessagePort | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly retired = new WeakSet<Worker>();
  // What was loaded, replayed into a fresh worker after a termination.
  private globals: GlobalSource[] = [];
  private dataModels = new Map<string, DataModelSource>();
  private readonly detections = new Map<string, DetectionSource>();
  /** Milliseconds the last worker took to load Pyodide and the harness. */
  startupMs = 0;
  /** How many times a worker was terminated and replaced (a detection ignored SIGINT). */
  restarts = 0;

  private constructor(private readonly opts: Required<Omit<PythonEngineOptions, 'pythonPaths' | 'cache'>> & { pythonPaths: readonly string[]; cache?: CacheStore }) {}

  static async start(options: PythonEngineOptions = {}): Promise<PythonEngine> {
    const runtime = options.runtime ?? pythonRuntimeFiles();
    if (runtime === undefined) throw new Error('Python runtime not packaged: no Pyodide worker beside this module');
    const engine = new PythonEngine({
      runtime,
      timeLimitMs: options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      loadTimeLimitMs: options.loadTimeLimitMs ?? DEFAULT_LOAD_TIME_LIMIT_MS,
      graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
      pythonPaths: options.pythonPaths ?? [],
      ...(options.cache !== undefined ? { cache: options.cache } : {}),
    });
    engine.ready = engine.spawn();
    await engine.ready;
    return engine;
  }

  /** Global helpers, importable by their GlobalID. Replaces earlier globals of the same id. */
  loadGlobals(globals: readonly GlobalSource[]): Promise<void> {
    return this.enqueue(async () => {
      await this.loadGlobalsNow(globals);
      const ids = new Set(globals.map((g) => g.id));
      this.globals = [...this.globals.filter((g) => !ids.has(g.id)), ...globals];
    });
  }

  loadDataModels(models: readonly DataModelSource[]): Promise<void> {
    return this.enqueue(async () => {
      await this.loadDataModelsNow(models);
      for (const model of models) this.dataModels.set(model.id, model);
    });
  }

  loadDetection(detection: DetectionSource): Promise<void> {
    return this.enqueue(async () => {
      await this.loadDetectionNow(detection);
      this.detections.set(detection.id, detection);
    });
  }

  /** Empties the in-memory store behind panther_detection_helpers.caching (not a CacheStore given in the options). */
  resetCache(): Promise<void> {
    return this.enqueue(async () => {
      await this.expectOk(await this.exec('resetCache', [], this.opts.loadTimeLimitMs), 'resetCache');
    });
  }

  run(id: string, event: unknown, options: RunOptions = {}): Promise<RawDetectionOutput> {
    return this.enqueue(async () => {
      const detection = this.detections.get(id);
      if (detection === undefined) throw new Error(`Python detection not loaded: ${id}`);
      const main = detection.kind === 'policy' ? 'policy' : 'rule';
      const limit = options.timeLimitMs ?? this.opts.timeLimitMs;
      const payload = JSON.stringify({ mocks: options.mocks ?? [], expectMatch: options.expectMatch === true });
      const outcome = await this.exec('run', [id, JSON.stringify(event ?? {}), payload], limit);
      const timeoutMessage = `TimeoutError: ${main}() exceeded the time limit of ${limit} ms`;
      if (outcome.kind === 'timeout') {
        return { matched: undefined, aux: {}, errors: { [main]: timeoutMessage }, timedOut: true };
      }
      if (outcome.kind === 'error') throw new Error(`Python engine: ${lastLine(outcome.error)}`);
      const parsed = JSON.parse(outcome.result) as HarnessRunResult;
      return toOutput(parsed, parsed.timedOut === true || outcome.late, main, timeoutMessage);
    });
  }

  /**
   * run() on each of `events`, in one worker message and one JSON crossing each way: the outputs,
   * in order, equal those of run() on each event. The time limit applies per event, as in run():
   * the worker publishes the index of the event it starts and the engine polls it every quarter
   * of the limit, so an event is interrupted after between 1 and 1.25 times the limit. The
   * interrupted event and the ones after it (not run) each get the timeout error; the events done
   * keep their outputs. If the detection swallows the interrupt the worker is replaced and the
   * outputs it held are lost: then every event of the batch gets the timeout error.
   */
  runBatch(id: string, events: readonly Record<string, unknown>[], options: RunOptions = {}): Promise<RawDetectionOutput[]> {
    if (events.length === 0) return Promise.resolve([]);
    return this.enqueue(async () => {
      const detection = this.detections.get(id);
      if (detection === undefined) throw new Error(`Python detection not loaded: ${id}`);
      const main = detection.kind === 'policy' ? 'policy' : 'rule';
      const limit = options.timeLimitMs ?? this.opts.timeLimitMs;
      const payload = JSON.stringify({ mocks: options.mocks ?? [], expectMatch: options.expectMatch === true });
      const outcome = await this.exec('runBatch', [id, JSON.stringify(events), payload], limit, true);
      const timeoutMessage = `TimeoutError: ${main}() exceeded the time limit of ${limit} ms`;
      const timedOut: RawDetectionOutput = { matched: undefined, aux: {}, errors: { [main]: timeoutMessage }, timedOut: true };
      if (outcome.kind === 'timeout') return events.map(() => timedOut);
      if (outcome.kind === 'error') throw new Error(`Python engine: ${lastLine(outcome.error)}`);
      const parsed = JSON.parse(outcome.result) as HarnessBatchResult;
      // Interrupted after the batch returned (a race at the limit): the event running then is timed out, as run() does.
      const stoppedAt = parsed.timedOutAt ?? (outcome.late ? Math.min(outcome.lateAt, parsed.results.length - 1) : parsed.results.length);
      return events.map((_, i) => {
        const result = parsed.results[i];
        return i < stoppedAt && result !== undefined ? toOutput(result, result.timedOut === true, main, timeoutMessage) : timedOut;
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready.catch(() => undefined);
    for (const pending of this.pending.values()) pending.settle({ kind: 'error', error: 'engine closed' });
    this.pending.clear();
    this.cachePort?.close();
    await this.worker.terminate();
  }

  // --- internals ---------------------------------------------------------------------------

  /** Operations run one at a time, so a run's time limit starts when the worker starts it. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('Python engine is closed'));
    const result = this.tail.then(async () => {
      await this.ready;
      return task();
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async loadGlobalsNow(globals: readonly GlobalSource[]): Promise<void> {
    const result = await this.expectOk(await this.exec('loadGlobals', [JSON.stringify(globals)], this.opts.loadTimeLimitMs), 'globals');
    this.throwFirst((JSON.parse(result) as { errors: Record<string, string> }).errors);
  }

  private async loadDataModelsNow(models: readonly DataModelSource[]): Promise<void> {
    const result = await this.expectOk(await this.exec('loadDataModels', [JSON.stringify(models)], this.opts.loadTimeLimitMs), 'data models');
    this.throwFirst((JSON.parse(result) as { errors: Record<string, string> }).errors);
  }

  private async loadDetectionNow(detection: DetectionSource): Promise<void> {
    const result = await this.expectOk(await this.exec('loadDetection', [JSON.stringify(detection)], this.opts.loadTimeLimitMs), detection.id);
    const { error } = JSON.parse(result) as { error: string | null };
    if (error !== null) throw new PythonLoadError(detection.id, error);
  }

  private throwFirst(errors: Record<string, string>): void {
    const first = Object.entries(errors)[0];
    if (first !== undefined) throw new PythonLoadError(first[0], first[1]);
  }

  private async expectOk(outcome: Outcome, what: string): Promise<string> {
    if (outcome.kind === 'ok') return outcome.result;
    if (outcome.kind === 'timeout') throw new PythonLoadError(what, `TimeoutError: loading exceeded ${this.opts.loadTimeLimitMs} ms`);
    throw new PythonLoadError(what, lastLine(outcome.error));
  }

  /**
   * Sends one request to the current worker, enforcing the time limit: on the whole request, or
   * with `perEvent` on each event of a batch (the progress index is polled every limit / 4).
   */
  private exec(op: WorkerOp, args: readonly string[], limitMs: number, perEvent = false): Promise<Outcome> {
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      let interrupted = false;
      let lateAt = 0;
      let hardTimer: NodeJS.Timeout | undefined;
      const fire = (): void => {
        interrupted = true;
        lateAt = Atomics.load(this.progress, 0);
        Atomics.store(this.interrupt, 0, 2); // SIGINT: KeyboardInterrupt in Python
        hardTimer = setTimeout(() => {
          // The detection swallowed the interrupt (or is stuck outside Python): replace the worker.
          this.pending.delete(id);
          this.restart(worker);
          resolve({ kind: 'timeout' });
        }, this.opts.graceMs);
      };
      let softTimer: NodeJS.Timeout;
      if (perEvent) {
        Atomics.store(this.progress, 0, 0);
        let seen = 0;
        let since = performance.now();
        const tick = Math.max(1, Math.ceil(limitMs / 4));
        softTimer = setInterval(() => {
          const current = Atomics.load(this.progress, 0);
          if (current !== seen) {
            // A new event started since the last tick: its clock starts now (at most one tick late).
            seen = current;
            since = performance.now();
          } else if (performance.now() - since >= limitMs) {
            clearInterval(softTimer);
            fire();
          }
        }, tick);
      } else softTimer = setTimeout(fire, limitMs);
      this.pending.set(id, {
        settle: (outcome) => {
          clearTimeout(softTimer);
          clearInterval(softTimer);
          if (hardTimer !== undefined) clearTimeout(hardTimer);
          this.pending.delete(id);
          if (outcome.kind === 'ok') resolve({ ...outcome, late: interrupted, lateAt });
          else if (outcome.kind === 'error' && interrupted) resolve({ kind: 'timeout' });
          else resolve(outcome);
        },
      });
      const request: WorkerRequest = { id, op, args };
      worker.postMessage(request);
    });
  }

  /** Starts a worker and waits until Pyodide and the harness are loaded. */
  private spawn(): Promise<void> {
    let cache: WorkerInit['cache'];
    this.cachePort?.close();
    this.cachePort = undefined;
    if (this.opts.cache !== undefined) {
      const channel = new MessageChannel();
      this.cachePort = channel.port1;
      cache = { signal: this.cacheSignal.buffer as SharedArrayBuffer, port: channel.port2 };
    }
    const { workerUrl, pyodideDir, libDir } = this.opts.runtime;
    const workerData: WorkerStart = {
      interruptBuffer: this.interrupt.buffer,
      progressBuffer: this.progress.buffer,
      pythonPaths: this.opts.pythonPaths,
      ...(cache !== undefined ? { cache } : {}),
      ...(pyodideDir !== undefined ? { pyodideDir } : {}),
      ...(libDir !== undefined ? { libDir } : {}),
    };
    const transferList = cache !== undefined ? [cache.port] : [];
    const worker = workerUrl.pathname.endsWith('.ts')
      ? // Running from TypeScript sources: loader hooks registered in-process (tsx's register(),
        // as bin/run-ts.js does) do not reach worker threads, so the worker registers tsx itself.
        new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`,
          { eval: true, workerData, transferList },
        )
      : new Worker(workerUrl, { workerData, transferList });
    const cachePort = this.cachePort;
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          started = true;
          this.startupMs = message.loadMs;
          resolve();
        } else if (message.type === 'fatal') {
          reject(new Error(`Pyodide worker failed to start: ${message.error}`));
        } else if (message.type === 'cache') {
          void this.answerCache(cachePort, message.id, message.op, message.args);
        } else {
          const pending = this.pending.get(message.id);
          if (pending === undefined) return;
          pending.settle(message.ok ? { kind: 'ok', result: message.result, late: false, lateAt: 0 } : message.interrupted ? { kind: 'timeout' } : { kind: 'error', error: message.error });
        }
      });
      const fail = (error: string): void => {
        if (!started) reject(new Error(`Pyodide worker failed to start: ${error}`));
        // A crash mid-request: answer what was pending, then replace the worker.
        if (started && this.worker === worker && !this.retired.has(worker) && !this.closed) {
          for (const pending of [...this.pending.values()]) pending.settle({ kind: 'error', error });
          this.restart(worker);
        }
      };
      worker.on('error', (err) => fail(err.message));
      worker.on('exit', (code) => fail(`worker exited with code ${code}`));
    });
  }

  /** Performs a caching call from Python on the store and wakes the worker blocked on it. */
  private async answerCache(port: MessagePort | undefined, id: number, op: string, args: string): Promise<void> {
    if (port === undefined || this.opts.cache === undefined) return;
    const reply: CacheReply = { id, reply: await serveCacheCall(this.opts.cache, op, args) };
    // A worker replaced meanwhile has a new port: this one is closed and the reply dropped.
    if (port !== this.cachePort) return;
    port.postMessage(reply);
    Atomics.add(this.cacheSignal, 0, 1);
    Atomics.notify(this.cacheSignal, 0);
  }

  /** Terminates `worker` (if still current) and spawns a new one with everything loaded again. */
  private restart(worker: Worker): void {
    if (this.worker !== worker || this.retired.has(worker) || this.closed) return;
    this.retired.add(worker);
    this.restarts++;
    this.ready = (async () => {
      await worker.terminate();
      await this.spawn();
      // Replay loads; their errors were reported when first loaded. The cache starts empty.
      await this.loadGlobalsNow(this.globals).catch(() => undefined);
      await this.loadDataModelsNow([...this.dataModels.values()]).catch(() => undefined);
      for (const detection of this.detections.values()) await this.loadDetectionNow(detection).catch(() => undefined);
    })();
    this.ready.catch(() => undefined);
  }
}
