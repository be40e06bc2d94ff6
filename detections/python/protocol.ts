// Messages between PythonEngine (main thread) and its Pyodide worker. Payloads and results are
// JSON strings: the Python harness parses and produces them, so no PyProxy crosses the boundary.
import type { MessagePort } from 'node:worker_threads';

export type WorkerOp = 'loadGlobals' | 'loadDataModels' | 'loadDetection' | 'run' | 'runBatch' | 'resetCache';

export interface WorkerInit {
  /** Int32Array[1] over it is Pyodide's interrupt buffer: the main thread writes 2 (SIGINT). */
  readonly interruptBuffer: SharedArrayBuffer;
  /** Int32Array[1] over it: the index of the batch event the worker is running (set as each starts). */
  readonly progressBuffer: SharedArrayBuffer;
  /** Host directories with third-party pure-Python packages, mounted and put on sys.path. */
  readonly pythonPaths: readonly string[];
  /**
   * The CacheStore bridge, present when the engine has a store. Python's caching calls are
   * synchronous: the worker posts a `cache` message, then blocks (Atomics.wait on cacheSignal[0])
   * until the engine has posted the reply on cachePort and incremented cacheSignal[0].
   */
  readonly cache?: { readonly signal: SharedArrayBuffer; readonly port: MessagePort };
}

/** The engine's answer to a cache request, on the cache port: `reply` is JSON `{ value }` or `{ error }`. */
export interface CacheReply {
  readonly id: number;
  readonly reply: string;
}

export interface WorkerRequest {
  readonly id: number;
  readonly op: WorkerOp;
  /** JSON arguments of the op (for `run`: [detectionId, eventJson, optionsJson]; `runBatch`: [detectionId, eventsArrayJson, optionsJson]). */
  readonly args: readonly string[];
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly loadMs: number }
  /** A caching call from Python: `args` is the JSON array of the CacheStore method's arguments. */
  | { readonly type: 'cache'; readonly id: number; readonly op: string; readonly args: string }
  | { readonly type: 'fatal'; readonly error: string }
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: string }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: string; readonly interrupted: boolean };
