// A worker_threads pool for TypeScript detections, so that a synchronous infinite loop in a rule
// is stopped too: each job has a watchdog that terminate()s its worker at the time limit (plus a
// small grace for the in-worker async limit to answer first) and starts a fresh one.
//
// Caching: detections in the workers use detections/caching/rule-cache.ts over messages to the
// pool's cache store, held here on the main thread (shared by every worker, surviving replacements).
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { EmbeddedCacheStore } from '../caching/embedded-cache.js';
import { serveCacheCall } from '../caching/remote.js';
import type { CacheStore, RawDetectionOutput } from '../types.js';
import { DEFAULT_TIME_LIMIT_MS } from './ts-runtime.js';

/** A data model that can cross threads: Method mappings name functions of `moduleFile`. */
export interface WorkerDataModel {
  readonly id: string;
  readonly logTypes: readonly string[];
  readonly mappings: readonly { readonly name: string; readonly path?: string; readonly method?: string }[];
  readonly moduleFile?: string;
}

export interface WorkerJob {
  readonly id: number;
  readonly file: string;
  readonly kind: 'rule' | 'policy';
  readonly event: Record<string, unknown>;
  readonly timeLimitMs: number;
  readonly forceAux: boolean;
  readonly dataModel?: WorkerDataModel;
}

export type WorkerReply = { readonly id: number; readonly output: RawDetectionOutput } | { readonly id: number; readonly failure: string };

/** A worker's caching call (see caching/remote.ts) and the pool's answer. */
export interface CacheCallMessage {
  readonly cacheCall: { readonly id: number; readonly op: string; readonly args: string };
}
export interface CacheReplyMessage {
  readonly cacheReply: { readonly id: number; readonly reply: string };
}

export interface PoolOptions {
  readonly size?: number;
  readonly timeLimitMs?: number;
  /** Extra time the watchdog allows before terminating, so async timeouts are reported by the worker. */
  readonly graceMs?: number;
  /** The store behind rule-cache.ts in the workers; default: in memory, for the pool's life. */
  readonly cache?: CacheStore;
}

export interface PoolRunOptions {
  readonly kind?: 'rule' | 'policy';
  readonly forceAux?: boolean;
  readonly timeLimitMs?: number;
  readonly dataModel?: WorkerDataModel;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

interface Pending {
  job: WorkerJob;
  resolve: (out: RawDetectionOutput) => void;
  reject: (e: Error) => void;
}

const workerFile = fileURLToPath(new URL('./ts-worker.ts', import.meta.url));

// The worker registers tsx itself, so it runs the same whatever loader flags the parent has.
function bootstrap(): string {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
  return `
    (async () => {
      const api = await import(${JSON.stringify(tsxApi)});
      api.register();
      await import(${JSON.stringify(pathToFileURL(workerFile).href)});
    })().catch((e) => {
      require('node:worker_threads').parentPort.postMessage({ fatal: String((e && e.stack) || e) });
    });
  `;
}

export class TsWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly size: number;
  private readonly timeLimitMs: number;
  private readonly graceMs: number;
  private readonly inFlight = new Set<(e: Error) => void>();
  private nextId = 1;
  private closed = false;
  private cache: CacheStore;

  constructor(opts: PoolOptions = {}) {
    this.cache = opts.cache ?? new EmbeddedCacheStore();
    this.size = Math.max(1, opts.size ?? 2);
    this.timeLimitMs = opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    this.graceMs = opts.graceMs ?? 250;
  }

  /** Runs the detection in `file` on a raw event in a worker. */
  run(file: string, event: Record<string, unknown>, opts: PoolRunOptions = {}): Promise<RawDetectionOutput> {
    if (this.closed) return Promise.reject(new Error('TsWorkerPool is closed'));
    const job: WorkerJob = {
      id: this.nextId++,
      file: resolve(file),
      kind: opts.kind ?? 'rule',
      event,
      timeLimitMs: opts.timeLimitMs ?? this.timeLimitMs,
      forceAux: opts.forceAux ?? false,
      ...(opts.dataModel ? { dataModel: { ...opts.dataModel, ...(opts.dataModel.moduleFile ? { moduleFile: resolve(opts.dataModel.moduleFile) } : {}) } } : {}),
    };
    return new Promise((res, rej) => {
      this.queue.push({ job, resolve: res, reject: rej });
      this.pump();
    });
  }

  /** Replaces the cache store the workers' detections use (runDetections passes its `cache`). */
  setCacheStore(store: CacheStore): void {
    this.cache = store;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('TsWorkerPool closed'));
    for (const reject of [...this.inFlight]) reject(new Error('TsWorkerPool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(bootstrap(), { eval: true, execArgv: [] });
    worker.unref();
    worker.on('message', (m: Partial<CacheCallMessage>) => {
      const call = m.cacheCall;
      if (call === undefined) return;
      void serveCacheCall(this.cache, call.op, call.args).then((reply) => {
        // A worker terminated meanwhile (time limit) no longer needs the answer.
        if (this.slots.some((s) => s.worker === worker)) worker.postMessage({ cacheReply: { id: call.id, reply } } satisfies CacheReplyMessage);
      });
    });
    const ready = new Promise<void>((res, rej) => {
      const onMsg = (m: { ready?: boolean; fatal?: string }): void => {
        if (m.ready) {
          worker.off('message', onMsg);
          res();
        } else if (m.fatal) rej(new Error(m.fatal));
      };
      worker.on('message', onMsg);
      worker.once('error', rej);
      worker.once('exit', (code) => rej(new Error(`worker exited with code ${code} before it was ready`)));
    });
    const slot: Slot = { worker, ready, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.busy = true;
      void this.execute(slot, pending);
    }
  }

  private async execute(slot: Slot, { job, resolve: res, reject }: Pending): Promise<void> {
    let settled = false;
    const abort = (e: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      reject(e);
    };
    this.inFlight.add(abort);
    let watchdog: NodeJS.Timeout | undefined;
    try {
      await slot.ready;
    } catch (e) {
      this.inFlight.delete(abort);
      this.replace(slot);
      if (!settled) reject(e as Error);
      settled = true;
      this.pump();
      return;
    }
    if (settled) return;
    const fn = job.kind;
    const done = (finish: () => void, keep: boolean): void => {
      clearTimeout(watchdog);
      this.inFlight.delete(abort);
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
      slot.worker.off('exit', onExit);
      if (settled) return;
      settled = true;
      if (keep) slot.busy = false;
      else this.replace(slot);
      finish();
      if (!this.closed) this.pump();
    };
    const onMessage = (m: WorkerReply): void => {
      if (m.id !== job.id) return;
      if ('output' in m) done(() => res(m.output), true);
      else done(() => res({ matched: undefined, aux: {}, errors: { [fn]: m.failure } }), true);
    };
    const onError = (e: Error): void => {
      done(() => res({ matched: undefined, aux: {}, errors: { [fn]: `${e.name}: ${e.message}` } }), false);
    };
    // A rule calling process.exit() (or a crash) ends the worker: an error of this job.
    const onExit = (code: number): void => {
      done(() => res({ matched: undefined, aux: {}, errors: { [fn]: `SystemExit: the detection's worker exited with code ${code}` } }), false);
    };
    // A synchronous loop never lets the worker answer: terminate it and report a timeout.
    watchdog = setTimeout(() => {
      done(() => res({ matched: undefined, aux: {}, errors: { [fn]: `TimeoutError: ${fn}() exceeded the time limit of ${job.timeLimitMs} ms` }, timedOut: true }), false);
    }, job.timeLimitMs + this.graceMs);
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    slot.worker.on('exit', onExit);
    slot.worker.postMessage(job);
  }
}
