// The TypeScript runtime: loads a detection module (a .ts file exporting `rule` or `policy` and any
// auxiliary functions, by Panther name or camelCase alias) and runs it on one event, returning the
// raw outputs for normalize.ts.
//
// Time limit: async functions are raced against the detection's remaining budget. A synchronous
// infinite loop cannot be interrupted in-process (it never yields to the event loop); only running
// the detection in a worker thread and terminate()-ing it stops one. See ts-worker-pool.ts.
import { existsSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { RULE_AUX_FUNCTIONS, type RawDetectionOutput, type RuleAuxFunction } from '../types.js';
import type { PantherEvent } from './event.js';

export type DetectionFunction = (event: PantherEvent<never>) => unknown;

/** A loaded TypeScript detection module: its exported functions, any naming. */
export type TsDetectionModule = Readonly<Record<string, unknown>>;

export const DEFAULT_TIME_LIMIT_MS = 5_000;

/** camelCase aliases of Panther's function names (only alert_context differs). */
export const TS_ALIASES: Readonly<Record<RuleAuxFunction, string>> = {
  title: 'title',
  dedup: 'dedup',
  alert_context: 'alertContext',
  severity: 'severity',
  description: 'description',
  reference: 'reference',
  runbook: 'runbook',
  destinations: 'destinations',
  unique: 'unique',
};

export interface RunOptions {
  /** Budget for the whole detection on one event (matcher and auxiliary functions). */
  readonly timeLimitMs?: number;
  /** Run the auxiliary functions whatever the matcher returned (tests where a match is expected). */
  readonly forceAux?: boolean;
}

// TypeScript loaders (tsx in bin/panther.js and the worker, ts-node under tap) decide a .ts file's
// format from the nearest package.json, so a detection in a user's repository (no "type": "module"
// near it) is compiled as CommonJS: with only tsx's ESM hooks Node then require()s it and fails with
// ERR_REQUIRE_CYCLE_MODULE, and top-level await or import.meta cannot work at all. These hooks,
// registered after the TypeScript loader (which loaded this file) so they run first, take over
// exactly those files: every .ts/.tsx/.mts outside node_modules that the chain would not treat as
// plain ESM is compiled to an ES module here, and its relative imports follow the same path.
// Files of this project are ESM already and still go through the usual loader; .cts stays CommonJS.
//
// Without any TypeScript loader (plain Node, e.g. the Lambda function) every such file comes here:
// Node 20 has no type stripping, and Node 22's ("module-typescript") refuses enums and namespaces.
// The compiler is sucrase, pure JavaScript (no native binary to package): it removes types, keeping
// line numbers, and leaves the rest of the syntax as written. Relative imports written with a .js
// suffix (the NodeNext convention) fall back to the .ts file when no .js file exists.
function esmTsHooks(transformerUrl: string): string {
  return `
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
const forced = new Set();
let sucrase;
const isTs = (url) => url.startsWith('file:') && !url.includes('/node_modules/') && /\\.(ts|tsx|mts)$/.test(new URL(url).pathname);
async function resolveTs(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    // Only for relative imports from a TypeScript file this hook compiles.
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || context.parentURL === undefined || !forced.has(context.parentURL) || !/\\.(js|mjs)$/.test(specifier)) throw err;
    return nextResolve(specifier.replace(/\\.js$/, '.ts').replace(/\\.mjs$/, '.mts'), context);
  }
}
export async function resolve(specifier, context, nextResolve) {
  const r = await resolveTs(specifier, context, nextResolve);
  if (!isTs(r.url) || r.format === 'module') return r;
  forced.add(r.url);
  return { ...r, format: 'module' };
}
export async function load(url, context, nextLoad) {
  if (!forced.has(url)) return nextLoad(url, context);
  if (sucrase === undefined) {
    // The package (CommonJS: named exports, or only a default under some loaders) or the bundled
    // sucrase.mjs (a default export).
    const m = await import(${JSON.stringify(transformerUrl)});
    sucrase = typeof m.transform === 'function' ? m : m.default;
  }
  const file = fileURLToPath(url);
  const out = sucrase.transform(await readFile(file, 'utf8'), {
    transforms: file.endsWith('.tsx') ? ['typescript', 'jsx'] : ['typescript'],
    disableESTransforms: true,
    filePath: file,
    sourceMapOptions: { compiledFilename: file },
  });
  const map = out.sourceMap === undefined ? '' : '\\n//# sourceMappingURL=data:application/json;base64,' + Buffer.from(JSON.stringify({ ...out.sourceMap, sources: [file] })).toString('base64');
  return { format: 'module', source: out.code + map, shortCircuit: true };
}
`;
}
let esmHooksRegistered = false;

/**
 * The URL of the sucrase module the hooks import: sucrase.mjs beside a Lambda bundle's index.mjs
 * (stacks/constructs/bundle.ts packages it there), else the installed package.
 */
export function transformerUrl(moduleUrl: string = import.meta.url): string {
  if (!moduleUrl.endsWith('.ts')) {
    const bundled = new URL('./sucrase.mjs', moduleUrl);
    if (existsSync(fileURLToPath(bundled))) return bundled.href;
  }
  return pathToFileURL(createRequire(moduleUrl).resolve('sucrase')).href;
}

/** Registers esmTsHooks once in this thread (after the TypeScript loader that loaded this file, so they run first). */
export function ensureEsmTypeScript(): void {
  if (esmHooksRegistered) return;
  register(`data:text/javascript,${encodeURIComponent(esmTsHooks(transformerUrl()))}`);
  esmHooksRegistered = true;
}

/** Imports a detection module from a .ts (or .js) file as ESM (through tsx where registered, else esmTsHooks). */
export async function loadTsDetection(file: string): Promise<TsDetectionModule> {
  ensureEsmTypeScript();
  const mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  // A default export holding the functions is accepted as well as named exports.
  const def = mod.default;
  if (def !== null && typeof def === 'object' && ('rule' in def || 'policy' in def)) return def as TsDetectionModule;
  return mod;
}

/** The function exported under Panther's name or its camelCase alias. */
export function findFunction(mod: TsDetectionModule, name: string): DetectionFunction | undefined {
  const alias = (TS_ALIASES as Record<string, string>)[name];
  const f = mod[name] ?? (alias !== undefined ? mod[alias] : undefined);
  return typeof f === 'function' ? (f as DetectionFunction) : undefined;
}

/** "TypeError: message", the same shape as the Python runtime's errors. */
export function formatError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `Error: ${String(err)}`;
}

class DetectionTimeout extends Error {
  override name = 'TimeoutError';
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** Calls fn; an async result is raced against the deadline. */
async function call(fn: DetectionFunction, event: PantherEvent<never>, name: string, deadline: number, limitMs: number): Promise<unknown> {
  const out = fn(event);
  // A synchronous function that ran past the budget is a timeout too (it could not be interrupted).
  if (!isThenable(out)) {
    if (Date.now() > deadline) throw new DetectionTimeout(`${name}() exceeded the time limit of ${limitMs} ms`);
    return out;
  }
  const remaining = deadline - Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DetectionTimeout(`${name}() exceeded the time limit of ${limitMs} ms`)), Math.max(0, remaining));
  });
  try {
    return await Promise.race([out, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(kind: 'rule' | 'policy', mod: TsDetectionModule, event: PantherEvent<never>, opts: RunOptions): Promise<RawDetectionOutput> {
  const limitMs = opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const deadline = Date.now() + limitMs;
  const aux: Partial<Record<RuleAuxFunction, unknown>> = {};
  const errors: Partial<Record<'rule' | 'policy' | RuleAuxFunction, string>> = {};
  const matcher = findFunction(mod, kind);
  if (!matcher) {
    errors[kind] = `AssertionError: detection needs to have a method named '${kind}'`;
    return { matched: undefined, aux, errors };
  }
  let matched: unknown;
  try {
    matched = await call(matcher, event, kind, deadline, limitMs);
  } catch (e) {
    errors[kind] = formatError(e);
    return { matched: undefined, aux, errors, ...(e instanceof DetectionTimeout ? { timedOut: true } : {}) };
  }
  // Rules alert on true, policies on false (non-compliant).
  const alerting = kind === 'rule' ? matched === true : matched === false;
  if (!alerting && !opts.forceAux) return { matched, aux, errors };
  for (const name of RULE_AUX_FUNCTIONS) {
    const fn = findFunction(mod, name);
    if (!fn) continue;
    try {
      aux[name] = await call(fn, event, name, deadline, limitMs);
    } catch (e) {
      errors[name] = formatError(e);
    }
  }
  return { matched, aux, errors };
}

/** Runs rule() and, when it returned true, the auxiliary functions the module exports. */
export function runTsRule<T>(mod: TsDetectionModule, event: PantherEvent<T>, opts: RunOptions = {}): Promise<RawDetectionOutput> {
  return run('rule', mod, event as unknown as PantherEvent<never>, opts);
}

/** Runs policy() and, when it returned false (non-compliant), the auxiliary functions. */
export function runTsPolicy<T>(mod: TsDetectionModule, resource: PantherEvent<T>, opts: RunOptions = {}): Promise<RawDetectionOutput> {
  return run('policy', mod, resource as unknown as PantherEvent<never>, opts);
}
