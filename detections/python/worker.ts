// The Pyodide worker: one Python interpreter per thread, so the engine can interrupt a hanging
// detection through the shared interrupt buffer or, failing that, terminate this thread.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';
import type { WorkerStart } from './engine.js';
import type { CacheReply, WorkerMessage, WorkerOp, WorkerRequest } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('detections/python/worker must run in a worker thread');
const init = workerData as WorkerStart;
const post = (message: WorkerMessage): void => port.postMessage(message);

type PyFunction = (...args: string[]) => string;

try {
  const started = performance.now();
  // Explicit indexURL: Pyodide guesses it from a stack trace, which source maps (tsx, tap) break.
  // A bundle carries Pyodide's files in its own folder (the engine says where).
  const indexURL = init.pyodideDir ?? fileURLToPath(new URL('.', import.meta.resolve('pyodide')));
  const py = await loadPyodide({ indexURL });
  const interrupt = new Int32Array(init.interruptBuffer);
  py.setInterruptBuffer(interrupt);
  py.mountNodeFS('/panther/lib', init.libDir ?? fileURLToPath(new URL('./py', import.meta.url)));
  const sitePaths = init.pythonPaths.map((hostPath, i) => {
    const target = `/panther/site/${i}`;
    py.mountNodeFS(target, hostPath);
    return target;
  });
  // Import the harness and the stdlib modules detections commonly use now, so that their import
  // cost is paid at startup rather than inside a detection's time limit.
  py.runPython(
    // No .pyc files: /panther/lib and the package paths are host directories (a checkout).
    "import sys\nsys.dont_write_bytecode = True\nsys.path.insert(0, '/panther/lib')\n" +
      'import json, re, datetime, ipaddress, collections, fnmatch, typing, unittest.mock, _panther_harness\n' +
      'import panther_detection_helpers.caching\n',
  );
  const harness = py.pyimport('_panther_harness');
  // The function proxies live as long as the worker; results are plain JS strings.
  const ops: Record<WorkerOp, PyFunction> = {
    loadGlobals: harness.load_globals,
    loadDataModels: harness.load_data_models,
    loadDetection: harness.load_detection,
    run: harness.run,
    runBatch: harness.run_batch,
    resetCache: harness.reset_cache,
  };
  harness.add_paths(JSON.stringify(sitePaths));
  if (init.cache !== undefined) {
    const { signal, port: replies } = init.cache;
    const seq = new Int32Array(signal);
    let nextId = 1;
    // Called by Python, synchronously: blocks this thread until the engine answers. While waiting
    // it checks the interrupt buffer, so a detection's time limit still ends a slow cache call.
    const bridge = (op: string, args: string): string => {
      const id = nextId++;
      let seen = Atomics.load(seq, 0);
      post({ type: 'cache', id, op, args });
      for (;;) {
        for (let m = receiveMessageOnPort(replies); m !== undefined; m = receiveMessageOnPort(replies)) {
          const reply = m.message as CacheReply;
          // Replies to calls given up at a time limit arrive late: skipped.
          if (reply.id === id) return reply.reply;
        }
        if (Atomics.load(interrupt, 0) !== 0) return '{"interrupted":true}';
        Atomics.wait(seq, 0, seen, 50);
        seen = Atomics.load(seq, 0);
      }
    };
    py.pyimport('panther_detection_helpers.caching').set_bridge(bridge);
  }
  // The engine polls this to time each event of a batch on its own (see PythonEngine.runBatch).
  const progress = new Int32Array(init.progressBuffer);
  harness.set_progress((i: number) => Atomics.store(progress, 0, i));

  port.on('message', (request: WorkerRequest) => {
    // A stale SIGINT from a previous request's time limit must not hit this one.
    Atomics.store(interrupt, 0, 0);
    try {
      const result = ops[request.op](...request.args);
      post({ type: 'response', id: request.id, ok: true, result });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const interrupted = (err as { type?: unknown }).type === 'KeyboardInterrupt' || /KeyboardInterrupt/.test(error);
      post({ type: 'response', id: request.id, ok: false, error, interrupted });
    }
  });
  post({ type: 'ready', loadMs: performance.now() - started });
} catch (err) {
  post({ type: 'fatal', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
