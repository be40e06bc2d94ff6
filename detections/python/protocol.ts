// Messages between PythonEngine (main thread) and its Pyodide worker. Payloads and results are
// JSON strings: the Python harness parses and produces them, so no PyProxy crosses the boundary.

export type WorkerOp = 'loadGlobals' | 'loadDataModels' | 'loadDetection' | 'run' | 'runBatch' | 'resetCache';

export interface WorkerInit {
  /** Int32Array[1] over it is Pyodide's interrupt buffer: the main thread writes 2 (SIGINT). */
  readonly interruptBuffer: SharedArrayBuffer;
  /** Int32Array[1] over it: the index of the batch event the worker is running (set as each starts). */
  readonly progressBuffer: SharedArrayBuffer;
  /** Host directories with third-party pure-Python packages, mounted and put on sys.path. */
  readonly pythonPaths: readonly string[];
}

export interface WorkerRequest {
  readonly id: number;
  readonly op: WorkerOp;
  /** JSON arguments of the op (for `run`: [detectionId, eventJson, optionsJson]; `runBatch`: [detectionId, eventsArrayJson, optionsJson]). */
  readonly args: readonly string[];
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly loadMs: number }
  | { readonly type: 'fatal'; readonly error: string }
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: string }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: string; readonly interrupted: boolean };
