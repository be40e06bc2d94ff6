// Bundles one Lambda function (functions/<entry>/handler.ts) with esbuild into a directory holding
// index.mjs (plus the companions of the modules it bundled, and included files), and hashes the
// bundle's bytes. Synth-time only: runtime code never imports this.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';

/** The repository root (this file is stacks/constructs/bundle.ts). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node.js version the bundle targets; matches the Lambda runtime in lambda-function.ts. */
export const NODE_TARGET = 'node22';

/** Where bundles are written (gitignored): `.build/lambda/<entry>/<sha256>/index.mjs`. */
export const DEFAULT_OUT_ROOT = join(PROJECT_ROOT, '.build', 'lambda');

export interface Bundle {
  /** Absolute path of the directory holding index.mjs (and included files): the asset to archive. */
  readonly dir: string;
  /** Absolute path of index.mjs. */
  readonly file: string;
  /** sha256 (base64, the encoding of Lambda's source_code_hash) of the bundle's bytes (and included files). */
  readonly hash: string;
  /** The same hash in hex: names the bundle's folder and the Terraform asset. */
  readonly hexHash: string;
  /** Size of index.mjs. */
  readonly bytes: number;
  /** Size of everything in the folder (Lambda limits the unzipped package to 250 MB). */
  readonly totalBytes: number;
}

export interface BundleOptions {
  /** Directory bundles are written under; default `.build/lambda`. */
  readonly outRoot?: string;
  /** Folder holding the function folders; default `<repo>/functions`. */
  readonly functionsDir?: string;
  /** Bundle again even if this process already bundled the entry (tests of determinism). */
  readonly fresh?: boolean;
  /** Files packaged next to index.mjs (see Include). */
  readonly include?: readonly Include[];
  /** More entry points, each bundled on its own to `out` (e.g. a worker thread's script). */
  readonly entries?: readonly ExtraEntry[];
}

/**
 * The files of `dir` packaged under `as/` (a relative folder, e.g. `pack` or `python/py`): its
 * top-level files, or with `recursive` its whole tree (dot files and __pycache__ left out).
 * `pattern` is tested on each file's path relative to `dir`, with `/` separators.
 */
export interface Include {
  readonly dir: string;
  readonly as: string;
  readonly pattern?: RegExp;
  readonly recursive?: boolean;
}

export interface ExtraEntry {
  /** Absolute path of the module (or a package's file) to bundle. */
  readonly source: string;
  /** Path of the output inside the bundle, ending in .mjs, e.g. `python/worker.mjs`. */
  readonly out: string;
}

const requireHere = createRequire(import.meta.url);

/**
 * What a bundled module needs beside it at runtime, that esbuild cannot see: keyed by the module's
 * path (relative to the repository), added whenever the function's bundle contains that module.
 * - The Python engine starts detections/python/worker.ts as a worker thread by URL, and the worker
 *   loads Pyodide's WebAssembly, its standard library and the harness's Python sources from files.
 *   detections/python/engine.ts looks for python/worker.mjs beside index.mjs.
 * - The TypeScript runtime compiles user detections (.ts) at load time with sucrase (pure
 *   JavaScript) from module hooks, which import it by URL: detections/engine/ts-runtime.ts looks
 *   for sucrase.mjs beside index.mjs.
 */
export const COMPANIONS: Readonly<Record<string, { readonly entries: readonly ExtraEntry[]; readonly include: readonly Include[] }>> = {
  'detections/python/engine.ts': {
    entries: [{ source: join(PROJECT_ROOT, 'detections', 'python', 'worker.ts'), out: 'python/worker.mjs' }],
    include: [
      // pyodide.mjs itself is bundled into the worker; these are the files it loads from its indexURL.
      { dir: dirname(requireHere.resolve('pyodide/package.json')), as: 'python/pyodide', pattern: /^(pyodide\.asm\.(mjs|wasm)|python_stdlib\.zip|pyodide-lock\.json|package\.json)$/ },
      { dir: join(PROJECT_ROOT, 'detections', 'python', 'py'), as: 'python/py', pattern: /\.py$/, recursive: true },
    ],
  },
  'detections/engine/ts-runtime.ts': {
    entries: [{ source: requireHere.resolve('sucrase'), out: 'sucrase.mjs' }],
    include: [],
  },
};

// One synth bundles each function once, however many constructs or stacks ask for it.
const cache = new Map<string, Bundle>();
/** Bundle folders this process made or used. */
const produced = new Set<string>();

/** Function folder names: lowercase words with dashes, so they are safe in paths and names. */
const ENTRY = /^[a-z][a-z0-9-]*$/;

export function bundleFunction(entry: string, options: BundleOptions = {}): Bundle {
  if (!ENTRY.test(entry)) throw new Error(`function entry "${entry}": lowercase letters, digits and dashes only`);
  const functionsDir = options.functionsDir ?? join(PROJECT_ROOT, 'functions');
  const source = join(functionsDir, entry, 'handler.ts');
  const include = options.include ?? [];
  const entries = options.entries ?? [];
  const key = [
    source,
    options.outRoot ?? DEFAULT_OUT_ROOT,
    ...include.map((i) => `${resolve(i.dir)}>${i.as}:${String(i.pattern ?? '')}:${i.recursive === true ? 'r' : ''}`),
    ...entries.map((e) => `${resolve(e.source)}=>${e.out}`),
  ].join('\n');
  const cached = cache.get(key);
  if (cached !== undefined && options.fresh !== true) return cached;
  if (!existsSync(source)) throw new Error(`function entry "${entry}": ${source} does not exist`);

  // Build into a private directory, then move it to a folder named by the content hash: two
  // processes (parallel test files, a synth while tests run) never see each other's half-written
  // bundle, and the asset directory holds exactly the bundle.
  const root = join(options.outRoot ?? DEFAULT_OUT_ROOT, entry);
  const tmp = join(root, `.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    return finish(entry, source, include, entries, root, tmp, key);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Folder paths inside a bundle: plain names joined by `/`, never leaving it. */
const BUNDLE_PATH = /^[a-z][a-z0-9_.-]*(\/[a-z][a-z0-9_.-]*)*$/;

function esbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    // The Lambda Node.js runtime ships the AWS SDK v3: leaving it out keeps the zip small.
    external: ['@aws-sdk/*'],
    // ESM first, so tree shaking works on the dependencies that publish both formats.
    mainFields: ['module', 'main'],
    minify: true,
    // No source map: an inline map roughly doubles the bundle (and so cold-start parse time), and
    // Node only applies it with --enable-source-maps, which makes every stack trace slower.
    sourcemap: false,
    legalComments: 'none',
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    // Paths of the synth machine must not leak into the bundle (determinism across machines).
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'silent',
  };
}

/** The files of an include, as paths relative to its dir (sorted, `/` separators). */
function includedFiles(inc: Include): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(inc.dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (inc.recursive === true && !e.name.startsWith('.') && e.name !== '__pycache__' && e.name !== 'node_modules') walk(path);
      } else if (e.isFile() && !(inc.recursive === true && e.name.startsWith('.'))) {
        if (inc.pattern === undefined || inc.pattern.test(path)) out.push(path);
      }
    }
  };
  walk('');
  return out;
}

function finish(entry: string, source: string, include: readonly Include[], entries: readonly ExtraEntry[], root: string, tmp: string, key: string): Bundle {
  const result = buildSync({ ...esbuildOptions(), entryPoints: [source], outfile: join(tmp, 'index.mjs'), metafile: true });
  if (result.errors.length > 0) throw new Error(`esbuild ${entry}: ${result.errors.map((e) => e.text).join('; ')}`);
  // The companions of the modules that ended up in the bundle join what the caller asked for.
  const inputs = Object.keys(result.metafile?.inputs ?? {});
  const companions = Object.entries(COMPANIONS).filter(([module]) => inputs.includes(module)).map(([, c]) => c);
  const allEntries = [...entries, ...companions.flatMap((c) => c.entries)];
  const allIncludes = [...include, ...companions.flatMap((c) => c.include)];
  // Included files and extra entries join the hash with their paths; without any, the hash is that of index.mjs.
  const extra: string[] = [];
  for (const e of allEntries) {
    if (!BUNDLE_PATH.test(e.out) || !e.out.endsWith('.mjs') || e.out === 'index.mjs') throw new Error(`function entry "${entry}": extra entry "${e.out}" must be a relative path ending in .mjs`);
    const r = buildSync({ ...esbuildOptions(), entryPoints: [e.source], outfile: join(tmp, ...e.out.split('/')) });
    if (r.errors.length > 0) throw new Error(`esbuild ${entry} (${e.out}): ${r.errors.map((x) => x.text).join('; ')}`);
    extra.push(e.out);
  }
  for (const inc of allIncludes) {
    if (!BUNDLE_PATH.test(inc.as)) throw new Error(`function entry "${entry}": include folder "${inc.as}" must be a plain name`);
    mkdirSync(join(tmp, ...inc.as.split('/')), { recursive: true });
    for (const rel of includedFiles(inc)) {
      const target = join(tmp, ...inc.as.split('/'), ...rel.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(inc.dir, ...rel.split('/')), target);
      extra.push(`${inc.as}/${rel}`);
    }
  }
  const data = readFileSync(join(tmp, 'index.mjs'));
  const hash = createHash('sha256').update(data);
  let totalBytes = data.length;
  for (const rel of [...new Set(extra)].sort()) {
    const bytes = readFileSync(join(tmp, ...rel.split('/')));
    hash.update(`\0${rel}\0`).update(bytes);
    totalBytes += bytes.length;
  }
  const hex = hash.digest('hex');
  const dir = join(root, hex);
  if (!existsSync(join(dir, 'index.mjs'))) {
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another process moved the same bundle there first.
      if (!existsSync(join(dir, 'index.mjs'))) throw err;
    }
  }
  produced.add(dir);
  // Bundles of older code are dead weight; keep this process's (an asset may point at any of
  // them) and the temporary folders of builds still running.
  for (const old of readdirSync(root)) if (!produced.has(join(root, old)) && !old.startsWith('.tmp-')) rmSync(join(root, old), { recursive: true, force: true });
  const bundle: Bundle = { dir, file: join(dir, 'index.mjs'), hash: Buffer.from(hex, 'hex').toString('base64'), hexHash: hex, bytes: data.length, totalBytes };
  cache.set(key, bundle);
  return bundle;
}
