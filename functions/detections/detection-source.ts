// The detections the function runs: the built-in pack packaged with it, plus the user's
// detections kept in the lake under `detections/` (a Panther-format tree), copied to /tmp and
// reloaded when that listing changes. A user detection replaces the pack's one with the same ID.
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { ObjectStore } from '../../adapters/object-store.js';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import type { AnalysisItem } from '../../detections/analysis/spec.js';

export interface LoadedDetections {
  readonly items: readonly AnalysisItem[];
  /** Spec errors, "<file>: <message>" (the rest still runs). */
  readonly errors: readonly string[];
  /** IDs left out, with why (e.g. Python without its runtime in the package). */
  readonly skipped: readonly string[];
}

export interface DetectionSourceOptions {
  /** The built-in pack inside the package. */
  readonly packDir: string;
  readonly lake: ObjectStore;
  /** Where user detections are kept in the lake. Default `detections/`. */
  readonly prefix?: string;
  /** A writable directory (/tmp on Lambda). */
  readonly workDir: string;
  /** False when the Python runtime is not packaged: Python detections are skipped, not failed. */
  readonly python: boolean;
  /** The lake listing is checked at most this often. Default 60 s. */
  readonly refreshMs?: number;
  readonly clock?: () => number;
}

export const USER_DETECTIONS_PREFIX = 'detections/';
/** Spec and body files; anything else under the prefix is ignored. */
const WANTED = /\.(ya?ml|json|py|ts)$/i;
/** Guards /tmp against an oversized tree. */
const MAX_FILES = 5000;
const MAX_BYTES = 50 * 1024 * 1024;

/** A lake key as a relative path under the prefix, or undefined when it could leave the directory. */
export function relativePathOf(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const rel = key.slice(prefix.length);
  if (rel === '' || rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return undefined;
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return posix.normalize(rel);
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

export class DetectionSource {
  private pack: Promise<{ items: AnalysisItem[]; errors: string[] }> | undefined;
  private user: { signature: string; items: AnalysisItem[]; errors: string[] } | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private generation = 0;
  private merged: { pack: unknown; user: unknown; result: LoadedDetections } | undefined;
  private readonly prefix: string;
  private readonly clock: () => number;

  constructor(private readonly options: DetectionSourceOptions) {
    this.prefix = options.prefix ?? USER_DETECTIONS_PREFIX;
    this.clock = options.clock ?? Date.now;
  }

  /** The same object until the detections change (callers log its errors once). */
  async current(): Promise<LoadedDetections> {
    this.pack ??= loadAnalysisDir(this.options.packDir).then((r) => ({ items: r.items, errors: r.errors.map((e) => `pack/${e.text}`) }));
    const pack = await this.pack;
    const now = this.clock();
    if (now - this.checkedAt >= (this.options.refreshMs ?? 60_000)) {
      await this.refreshUser();
      this.checkedAt = now;
    }
    if (this.merged !== undefined && this.merged.pack === pack && this.merged.user === this.user) return this.merged.result;
    const result = this.merge(pack, this.user ?? { items: [], errors: [] });
    this.merged = { pack, user: this.user, result };
    return result;
  }

  private merge(pack: { items: AnalysisItem[]; errors: string[] }, user: { items: AnalysisItem[]; errors: string[] }): LoadedDetections {
    const ids = new Set(user.items.map((i) => i.id));
    const merged = [...pack.items.filter((i) => !ids.has(i.id)), ...user.items];
    const skipped: string[] = [];
    const items = this.options.python
      ? merged
      : merged.filter((i) => {
          const python = 'body' in i && i.body?.language === 'python';
          if (python) skipped.push(`${i.id}: Python detections need the Python runtime in the function package`);
          return !python;
        });
    return { items, errors: [...pack.errors, ...user.errors], skipped };
  }

  /** Copies the user's tree to a fresh directory and loads it, when its listing changed. */
  private async refreshUser(): Promise<void> {
    const objects: { key: string; rel: string; etag: string; size: number }[] = [];
    for await (const o of this.options.lake.list(this.prefix)) {
      const rel = relativePathOf(o.key, this.prefix);
      if (rel === undefined || !WANTED.test(rel)) continue;
      objects.push({ key: o.key, rel, etag: o.etag ?? '', size: o.size });
    }
    objects.sort((a, b) => (a.key < b.key ? -1 : 1));
    const signature = createHash('sha256').update(JSON.stringify(objects.map((o) => [o.key, o.etag, o.size]))).digest('hex');
    if (this.user?.signature === signature) return;
    if (objects.length === 0) {
      this.user = { signature, items: [], errors: [] };
      return;
    }
    if (objects.length > MAX_FILES || objects.reduce((n, o) => n + o.size, 0) > MAX_BYTES) {
      this.user = { signature, items: [], errors: [`${this.prefix}: more than ${MAX_FILES} files or ${MAX_BYTES} bytes; user detections not loaded`] };
      return;
    }
    const dir = join(this.options.workDir, `user-${++this.generation}`);
    await rm(dir, { recursive: true, force: true });
    for (const o of objects) {
      const file = join(dir, ...o.rel.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, await readAll((await this.options.lake.get(o.key)).body));
    }
    // TypeScript detections are ES modules (top-level import/export): say so to Node's loader (the
    // TypeScript runtime's hooks compile them as such either way).
    if (!objects.some((o) => o.rel === 'package.json')) await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    const r = await loadAnalysisDir(dir);
    // The previous copy is no longer needed (modules already imported stay in memory).
    if (this.generation > 1) await rm(join(this.options.workDir, `user-${this.generation - 1}`), { recursive: true, force: true });
    this.user = { signature, items: r.items, errors: r.errors.map((e) => `${this.prefix}${e.text}`) };
  }
}
