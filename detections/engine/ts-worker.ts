// Worker-thread side of ts-worker-pool.ts: loads detection modules (cached per file) and runs one
// job at a time, posting back a structured-clone-safe RawDetectionOutput.
import { parentPort } from 'node:worker_threads';
import { RemoteCacheStore, type CacheOp } from '../caching/remote.js';
import { useCacheStore } from '../caching/rule-cache.js';
import type { RawDetectionOutput, RuleAuxFunction } from '../types.js';
import { CompiledDataModel, type DataModelMapping } from './data-model.js';
import { PantherEvent } from './event.js';
import { pythonTypeName } from './normalize.js';
import { loadTsDetection, runTsPolicy, runTsRule, type TsDetectionModule } from './ts-runtime.js';
import type { CacheCallMessage, CacheReplyMessage, WorkerJob, WorkerReply } from './ts-worker-pool.js';

// Detections' caching calls go to the pool's store on the main thread.
const cacheWaiters = new Map<number, (reply: string) => void>();
let nextCacheId = 1;
useCacheStore(
  new RemoteCacheStore(
    (op: CacheOp, args: string) =>
      new Promise<string>((resolve) => {
        const id = nextCacheId++;
        cacheWaiters.set(id, resolve);
        parentPort?.postMessage({ cacheCall: { id, op, args } } satisfies CacheCallMessage);
      }),
  ),
);

const modules = new Map<string, Promise<TsDetectionModule>>();
function load(file: string): Promise<TsDetectionModule> {
  let m = modules.get(file);
  if (!m) {
    m = loadTsDetection(file);
    modules.set(file, m);
  }
  return m;
}

class NotCloneable extends Error {}

/** A plain copy (read-only views become plain objects); functions and symbols cannot cross threads. */
function toPlain(v: unknown, seen = new Set<object>()): unknown {
  if (typeof v === 'function' || typeof v === 'symbol') throw new NotCloneable(`TypeError: Object of type ${pythonTypeName(v)} is not JSON serializable`);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date || v instanceof Map || v instanceof Set) return v;
  if (seen.has(v)) throw new NotCloneable('ValueError: Circular reference detected');
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => toPlain(x, seen));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x, seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

async function handle(job: WorkerJob): Promise<RawDetectionOutput> {
  const mod = await load(job.file);
  let model: CompiledDataModel<PantherEvent> | undefined;
  if (job.dataModel) {
    const dm = job.dataModel;
    const methods = dm.moduleFile ? await load(dm.moduleFile) : {};
    const mappings: DataModelMapping<PantherEvent>[] = dm.mappings.map((m) => {
      if (m.path) return { name: m.name, path: m.path };
      const fn = m.method ? methods[m.method] : undefined;
      if (typeof fn !== 'function') throw new Error(`DataModel is missing method named [${String(m.method)}]`);
      return { name: m.name, method: fn as (e: PantherEvent) => unknown };
    });
    model = new CompiledDataModel({ id: dm.id, logTypes: dm.logTypes, mappings });
  }
  const event = new PantherEvent(job.event, model);
  const opts = { timeLimitMs: job.timeLimitMs, forceAux: job.forceAux };
  const out = job.kind === 'rule' ? await runTsRule(mod, event, opts) : await runTsPolicy(mod, event, opts);
  const aux: Partial<Record<RuleAuxFunction, unknown>> = {};
  const errors = { ...out.errors };
  for (const [name, value] of Object.entries(out.aux) as [RuleAuxFunction, unknown][]) {
    try {
      aux[name] = toPlain(value);
    } catch (e) {
      errors[name] = (e as Error).message;
    }
  }
  let matched: unknown;
  try {
    matched = toPlain(out.matched);
  } catch {
    // Only the type matters to normalization: a function is not a bool.
    matched = `<${pythonTypeName(out.matched)}>`;
  }
  return { matched, aux, errors, ...(out.timedOut ? { timedOut: true } : {}) };
}

parentPort?.on('message', (message: WorkerJob | CacheReplyMessage) => {
  if ('cacheReply' in message) {
    const { id, reply } = message.cacheReply;
    cacheWaiters.get(id)?.(reply);
    cacheWaiters.delete(id);
    return;
  }
  const job = message;
  handle(job).then(
    (output) => parentPort?.postMessage({ id: job.id, output } satisfies WorkerReply),
    (e: unknown) => parentPort?.postMessage({ id: job.id, failure: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies WorkerReply),
  );
});
parentPort?.postMessage({ ready: true });
