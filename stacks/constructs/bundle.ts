// Bundles one Lambda function (functions/<entry>/handler.ts) with esbuild into a directory holding
// a single index.mjs, and hashes the bundle's bytes. Synth-time only: runtime code never imports this.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

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
  readonly bytes: number;
}

export interface BundleOptions {
  /** Directory bundles are written under; default `.build/lambda`. */
  readonly outRoot?: string;
  /** Folder holding the function folders; default `<repo>/functions`. */
  readonly functionsDir?: string;
  /** Bundle again even if this process already bundled the entry (tests of determinism). */
  readonly fresh?: boolean;
  /** Files packaged next to index.mjs: the top-level files of `dir` matching `pattern`, under `as/`. */
  readonly include?: readonly { readonly dir: string; readonly as: string; readonly pattern?: RegExp }[];
}

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
  const key = [source, options.outRoot ?? DEFAULT_OUT_ROOT, ...include.map((i) => `${resolve(i.dir)}>${i.as}:${String(i.pattern ?? '')}`)].join('\n');
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
    return finish(entry, source, include, root, tmp, key);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function finish(entry: string, source: string, include: NonNullable<BundleOptions['include']>, root: string, tmp: string, key: string): Bundle {
  const result = buildSync({
    entryPoints: [source],
    outfile: join(tmp, 'index.mjs'),
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
  });
  if (result.errors.length > 0) throw new Error(`esbuild ${entry}: ${result.errors.map((e) => e.text).join('; ')}`);
  const data = readFileSync(join(tmp, 'index.mjs'));
  const hash = createHash('sha256').update(data);
  // Included files join the hash with their paths; without any, the hash is that of index.mjs.
  const extra: string[] = [];
  for (const inc of include) {
    if (!/^[a-z][a-z0-9_-]*$/.test(inc.as)) throw new Error(`function entry "${entry}": include folder "${inc.as}" must be a plain name`);
    mkdirSync(join(tmp, inc.as), { recursive: true });
    for (const name of readdirSync(inc.dir).sort()) {
      if (inc.pattern !== undefined && !inc.pattern.test(name)) continue;
      copyFileSync(join(inc.dir, name), join(tmp, inc.as, name));
      extra.push(`${inc.as}/${name}`);
    }
  }
  for (const rel of extra.sort()) hash.update(`\0${rel}\0`).update(readFileSync(join(tmp, rel)));
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
  const bundle: Bundle = { dir, file: join(dir, 'index.mjs'), hash: Buffer.from(hex, 'hex').toString('base64'), hexHash: hex, bytes: data.length };
  cache.set(key, bundle);
  return bundle;
}
