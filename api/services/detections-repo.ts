// The detections the console shows and edits: the built-in pack (read-only; it can be disabled,
// which is kept as an override document) and user detections stored as Panther-format files (a
// YAML spec and its body) in the object store under `detections/` (S3 on AWS, the lake directory
// locally), so the detection pipeline loads the same prefix with the same loader. Every read and
// every validation goes through detections/analysis/load.ts on a temporary copy of the files.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { isMap, parse as parseYaml, parseDocument } from 'yaml';
import type { DocumentCollection, DocumentStore } from '../../adapters/document-store.js';
import type { ObjectStore } from '../../adapters/object-store.js';
import { loadAnalysisDir, type AnalysisError, type LoadResult } from '../../detections/analysis/load.js';
import { ID_KEYS, type AnalysisItem, type DetectionItem } from '../../detections/analysis/spec.js';
import { BUILTIN_PACK_DIR } from '../../detections/pipeline/local.js';
import { runAnalysisTests, type RunTestsOptions } from '../../detections/testing/run-tests.js';
import { readZip } from '../../detections/testing/zip.js';
import { ProblemError } from '../http.js';

/** Where user detections live in the object store (the pipeline loads the same prefix). */
export const USER_DETECTIONS_PREFIX = 'detections/';
/** Enabled/disabled overrides of built-in detections: `{ id, enabled }`, keyed by overrideKey(id). */
import { DETECTION_OVERRIDES_COLLECTION } from '../../detections/analysis/overrides.js';

export { DETECTION_OVERRIDES_COLLECTION, enabledOverrides } from '../../detections/analysis/overrides.js';

export type DetectionLanguage = 'python' | 'typescript';

export interface DetectionSummary {
  readonly id: string;
  readonly type: DetectionItem['type'];
  readonly displayName?: string;
  readonly severity?: string;
  readonly enabled: boolean;
  readonly logTypes?: readonly string[];
  readonly resourceTypes?: readonly string[];
  readonly language: DetectionLanguage | null;
  readonly tags?: readonly string[];
  readonly tests: number;
  readonly builtin: boolean;
  /** Searched by `q`; not part of the list answer. */
  readonly description?: string;
}

export interface DetectionDetail {
  readonly id: string;
  readonly type: DetectionItem['type'];
  readonly builtin: boolean;
  readonly enabled: boolean;
  readonly language: DetectionLanguage | null;
  /** The spec with Panther's keys, as written in the file. */
  readonly spec: Record<string, unknown>;
  readonly yaml: string;
  readonly body: string | null;
  readonly filename: string | null;
}

export interface DetectionTestResult {
  readonly id: string;
  /** Tests that passed and failed. */
  readonly passed: number;
  readonly failed: number;
  readonly results: Array<{
    name: string;
    passed: boolean;
    expected: boolean;
    actual?: boolean;
    error?: string;
    title?: string;
    dedup?: string;
    alertContext?: Record<string, unknown> | null;
  }>;
  /** Problems of the detection as a whole: a body that does not load, insufficient coverage. */
  readonly errors: string[];
}

export interface UploadResult {
  readonly created: string[];
  readonly updated: string[];
  readonly errors: string[];
}

export interface DetectionDraft {
  readonly yaml: string;
  readonly body?: string;
  readonly language?: DetectionLanguage;
}

export interface DetectionsRepoOptions {
  readonly objects: ObjectStore;
  readonly documents: DocumentStore;
  /** Default: packs/aws. */
  readonly builtinDir?: string;
  readonly prefix?: string;
  /** Where temporary copies go (default: the OS temp directory). */
  readonly tmpDir?: string;
  readonly testOptions?: RunTestsOptions;
  /** Limits of an uploaded bundle (defaults: 2,000 files, 50 MB uncompressed). */
  readonly maxUploadFiles?: number;
  readonly maxUploadBytes?: number;
}

interface Entry {
  readonly item: AnalysisItem;
  readonly builtin: boolean;
  /** Object keys of the spec and its body (user detections only). */
  readonly specKey?: string;
  readonly bodyKey?: string;
}

interface UserSnapshot {
  readonly signature: string;
  readonly dir: string;
  readonly loaded: LoadResult;
  readonly byId: Map<string, Entry>;
}

const DETECTION_TYPES = new Set(['rule', 'scheduled_rule', 'policy']);
const isDetection = (i: AnalysisItem): i is DetectionItem => DETECTION_TYPES.has(i.type);
const BODY_EXTENSIONS: Record<DetectionLanguage, string> = { python: '.py', typescript: '.ts' };

function invalid(errors: Array<{ path: string; message: string }>): ProblemError {
  return new ProblemError(400, 'Invalid request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

/** A loader error as a field problem of the request: `body.yaml.<key>`, with the line. */
function fieldError(e: AnalysisError, specFile: string): { path: string; message: string } {
  const where = e.file === specFile ? 'body.yaml' : 'body.body';
  return { path: e.key !== undefined ? `${where}.${e.key}` : where, message: `${e.line !== undefined ? `line ${e.line}: ` : ''}${e.message}` };
}

/** A folder name for a detection id: readable, collision-free, never `.`/`..` and never nested. */
export function folderFor(id: string): string {
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 10);
  const safe = id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `${safe}-${hash}`;
}

/** The document id of a detection's override: the id itself when document stores accept it, else a hash. */
export function overrideKey(id: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9._:@+=-]{0,199}$/.test(id) ? id : `sha256-${createHash('sha256').update(id).digest('hex')}`;
}

function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[\\/\0]/.test(name);
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

export class DetectionsRepo {
  private readonly objects: ObjectStore;
  private readonly prefix: string;
  private readonly builtinDir: string;
  private readonly tmpRoot: string;
  private readonly overrides: DocumentCollection<{ id: string; enabled: boolean }>;
  private builtinLoad: Promise<LoadResult> | undefined;
  private snapshot: Promise<UserSnapshot> | undefined;
  /** Temporary copies to remove on close (older snapshots may still be read by a running test). */
  private readonly tempDirs = new Set<string>();

  constructor(private readonly opts: DetectionsRepoOptions) {
    this.objects = opts.objects;
    this.prefix = opts.prefix ?? USER_DETECTIONS_PREFIX;
    this.builtinDir = opts.builtinDir ?? BUILTIN_PACK_DIR;
    this.tmpRoot = opts.tmpDir ?? tmpdir();
    this.overrides = opts.documents.collection<{ id: string; enabled: boolean }>(DETECTION_OVERRIDES_COLLECTION);
  }

  async close(): Promise<void> {
    for (const d of this.tempDirs) await rm(d, { recursive: true, force: true });
    this.tempDirs.clear();
    this.snapshot = undefined;
  }

  private async tempDir(): Promise<string> {
    await mkdir(this.tmpRoot, { recursive: true });
    const dir = await mkdtemp(join(this.tmpRoot, 'panther-detections-'));
    this.tempDirs.add(dir);
    return dir;
  }

  private async dropTemp(dir: string): Promise<void> {
    this.tempDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }

  private builtin(): Promise<LoadResult> {
    this.builtinLoad ??= loadAnalysisDir(this.builtinDir);
    return this.builtinLoad;
  }

  /**
   * The user detections as the object store has them now. Listing is cheap; the files are copied
   * and loaded again only when the listing changed (another instance may have written).
   */
  private async user(): Promise<UserSnapshot> {
    const metas: Array<{ key: string; size: number; lastModified: Date; etag?: string }> = [];
    for await (const m of this.objects.list(this.prefix)) metas.push(m);
    const signature = metas.map((m) => `${m.key}\0${m.size}\0${m.etag ?? m.lastModified.getTime()}`).join('\n');
    const current = this.snapshot;
    if (current !== undefined) {
      const snap = await current.catch(() => undefined);
      if (snap !== undefined && snap.signature === signature) return snap;
    }
    const next = this.loadUser(signature, metas.map((m) => m.key));
    this.snapshot = next;
    const previous = current;
    if (previous !== undefined) {
      // A test may still be running on the old copy: remove it a little later.
      void next.then(
        () => previous.then((old) => setTimeout(() => void this.dropTemp(old.dir), 60_000).unref(), () => undefined),
        () => undefined,
      );
    }
    return next;
  }

  private async loadUser(signature: string, keys: readonly string[]): Promise<UserSnapshot> {
    const dir = await this.tempDir();
    for (const key of keys) {
      const rel = key.slice(this.prefix.length);
      if (rel === '' || rel.split('/').some((p) => p === '' || p === '.' || p === '..')) continue;
      const path = join(dir, ...rel.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await readAll((await this.objects.get(key)).body));
    }
    const loaded = await loadAnalysisDir(dir);
    const byId = new Map<string, Entry>();
    for (const item of loaded.items) {
      const body = 'body' in item && item.body !== undefined ? item.body : undefined;
      byId.set(item.id, { item, builtin: false, specKey: this.prefix + item.file, ...(body !== undefined ? { bodyKey: this.prefix + body.file } : {}) });
    }
    return { signature, dir, loaded, byId };
  }

  private async entries(): Promise<{ builtin: LoadResult; user: UserSnapshot; all: Map<string, Entry> }> {
    const [builtin, user] = await Promise.all([this.builtin(), this.user()]);
    const all = new Map<string, Entry>();
    for (const item of builtin.items) all.set(item.id, { item, builtin: true });
    // The pipeline lets a user file replace a pack item with the same id; the API refuses to create
    // one, but files written to the bucket directly may still do it.
    for (const [id, e] of user.byId) all.set(id, e);
    return { builtin, user, all };
  }

  private async enabledOf(e: Entry): Promise<boolean> {
    const specEnabled = isDetection(e.item) ? e.item.spec.Enabled : true;
    if (!e.builtin) return specEnabled;
    const o = await this.overrides.get(overrideKey(e.item.id));
    return o?.value.enabled ?? specEnabled;
  }

  async list(): Promise<DetectionSummary[]> {
    const { all } = await this.entries();
    const overrides = new Map((await this.overrides.list()).map((d) => [d.value.id, d.value.enabled]));
    const out: DetectionSummary[] = [];
    for (const e of all.values()) {
      if (!isDetection(e.item)) continue;
      const s = e.item.spec;
      out.push({
        id: e.item.id,
        type: e.item.type,
        ...(s.DisplayName !== undefined ? { displayName: s.DisplayName } : {}),
        severity: s.Severity,
        enabled: e.builtin ? (overrides.get(e.item.id) ?? s.Enabled) : s.Enabled,
        ...(s.AnalysisType === 'rule' ? { logTypes: s.LogTypes } : {}),
        ...(s.AnalysisType === 'policy' && s.ResourceTypes !== undefined ? { resourceTypes: s.ResourceTypes } : {}),
        language: e.item.body.language,
        ...(s.Tags !== undefined ? { tags: s.Tags } : {}),
        tests: s.Tests?.length ?? 0,
        builtin: e.builtin,
        ...(s.Description !== undefined ? { description: s.Description } : {}),
      });
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private async entry(id: string): Promise<Entry | undefined> {
    const e = (await this.entries()).all.get(id);
    return e !== undefined && isDetection(e.item) ? e : undefined;
  }

  async get(id: string): Promise<DetectionDetail | undefined> {
    const e = await this.entry(id);
    return e === undefined ? undefined : this.detail(e);
  }

  private async detail(e: Entry): Promise<DetectionDetail> {
    const item = e.item as DetectionItem;
    const yamlText = await readFile(item.path, 'utf8');
    const spec = parseYaml(yamlText, { version: '1.2', schema: 'core' }) as Record<string, unknown>;
    return {
      id: item.id,
      type: item.type,
      builtin: e.builtin,
      enabled: await this.enabledOf(e),
      language: item.body.language,
      spec,
      yaml: yamlText,
      body: item.body.source,
      filename: item.spec.Filename,
    };
  }

  /**
   * Validates an editor's content with the loader, on a temporary copy: the spec as
   * `<dir>/spec.yml` and the body under the name its Filename gives. Problems are 400s naming the key.
   */
  private async draft(d: DetectionDraft): Promise<{ dir: string; item: DetectionItem; filename: string | undefined }> {
    let raw: unknown;
    try {
      raw = parseYaml(d.yaml, { version: '1.2', schema: 'core', uniqueKeys: true });
    } catch (err) {
      throw invalid([{ path: 'body.yaml', message: `invalid YAML: ${(err as Error).message.split('\n')[0]}` }]);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid([{ path: 'body.yaml', message: 'expected a YAML mapping (a Panther spec)' }]);
    const spec = raw as Record<string, unknown>;
    if (typeof spec.AnalysisType !== 'string' || !DETECTION_TYPES.has(spec.AnalysisType)) {
      throw invalid([{ path: 'body.yaml.AnalysisType', message: 'expected rule, scheduled_rule or policy' }]);
    }
    const filename = typeof spec.Filename === 'string' ? spec.Filename : undefined;
    if (filename !== undefined) {
      if (!isPlainFileName(filename)) throw invalid([{ path: 'body.yaml.Filename', message: 'must be a file name, without directories' }]);
      const ext = extname(filename).toLowerCase();
      if (d.language !== undefined && ext !== BODY_EXTENSIONS[d.language]) {
        throw invalid([{ path: 'body.language', message: `${d.language} bodies are ${BODY_EXTENSIONS[d.language]} files, but Filename is ${JSON.stringify(filename)}` }]);
      }
      if (d.body === undefined) throw invalid([{ path: 'body.body', message: `required: the content of ${filename}` }]);
    } else if (d.body !== undefined) {
      throw invalid([{ path: 'body.yaml.Filename', message: 'required key is missing: the name of the body file' }]);
    }
    const dir = await this.tempDir();
    try {
      await writeFile(join(dir, 'spec.yml'), d.yaml);
      if (filename !== undefined && d.body !== undefined) await writeFile(join(dir, filename), d.body);
      const loaded = await loadAnalysisDir(dir);
      if (loaded.errors.length > 0) throw invalid(loaded.errors.map((e) => fieldError(e, 'spec.yml')));
      const item = loaded.items.find(isDetection);
      if (item === undefined) throw invalid([{ path: 'body.yaml', message: loaded.skipped[0]?.reason ?? 'not a detection spec' }]);
      return { dir, item, filename };
    } catch (err) {
      await this.dropTemp(dir);
      throw err;
    }
  }

  private async putText(key: string, text: string | Buffer, contentType: string): Promise<void> {
    const up = this.objects.upload(key, contentType);
    up.stream.end(text);
    await up.done;
    this.invalidate();
  }

  /** Our own writes reload at once (a same-size rewrite within one mtime tick would not change the listing). */
  private invalidate(): void {
    const old = this.snapshot;
    this.snapshot = undefined;
    if (old !== undefined) void old.then((o) => setTimeout(() => void this.dropTemp(o.dir), 60_000).unref(), () => undefined);
  }

  private async deleteKey(key: string): Promise<void> {
    await this.objects.delete(key);
    this.invalidate();
  }

  /** Writes a validated draft into `folder`, replacing `previous`'s files. */
  private async store(folder: string, specText: string, body: { name: string; text: string | Buffer } | undefined, previous?: Entry): Promise<void> {
    const specName = body !== undefined ? `${body.name.slice(0, body.name.length - extname(body.name).length) || 'spec'}.yml` : 'spec.yml';
    const specKey = `${folder}${specName}`;
    const bodyKey = body !== undefined ? `${folder}${body.name}` : undefined;
    // The body first: a spec never names a body that is not there yet.
    if (body !== undefined && bodyKey !== undefined) await this.putText(bodyKey, body.text, 'text/plain; charset=utf-8');
    await this.putText(specKey, specText, 'application/yaml');
    if (previous?.specKey !== undefined && previous.specKey !== specKey) await this.deleteKey(previous.specKey);
    if (previous?.bodyKey !== undefined && previous.bodyKey !== bodyKey) await this.deleteKey(previous.bodyKey);
  }

  async create(d: DetectionDraft): Promise<DetectionDetail> {
    const { dir, item, filename } = await this.draft(d);
    try {
      const existing = (await this.entries()).all.get(item.id);
      if (existing !== undefined) {
        throw new ProblemError(409, 'Conflict', `${existing.builtin ? 'a built-in detection' : 'a detection'} with id ${JSON.stringify(item.id)} already exists`);
      }
      await this.store(`${this.prefix}${folderFor(item.id)}/`, d.yaml, filename !== undefined ? { name: filename, text: d.body ?? '' } : undefined);
    } finally {
      await this.dropTemp(dir);
    }
    return this.mustGet(item.id);
  }

  async update(id: string, d: DetectionDraft): Promise<DetectionDetail> {
    const current = await this.entry(id);
    if (current === undefined) throw new ProblemError(404, 'Not Found', `detection ${id} not found`);
    if (current.builtin) throw new ProblemError(409, 'Conflict', `${id} is a built-in detection: it can be disabled, not edited`);
    const { dir, item, filename } = await this.draft(d);
    try {
      if (item.id !== id) {
        const key = ID_KEYS[item.type];
        throw invalid([{ path: `body.yaml.${key}`, message: `must be ${JSON.stringify(id)}, the id in the URL (got ${JSON.stringify(item.id)})` }]);
      }
      const folder = current.specKey !== undefined ? current.specKey.slice(0, current.specKey.lastIndexOf('/') + 1) : `${this.prefix}${folderFor(id)}/`;
      await this.store(folder, d.yaml, filename !== undefined ? { name: filename, text: d.body ?? '' } : undefined, current);
    } finally {
      await this.dropTemp(dir);
    }
    return this.mustGet(id);
  }

  async setEnabled(id: string, enabled: boolean): Promise<DetectionDetail> {
    const e = await this.entry(id);
    if (e === undefined) throw new ProblemError(404, 'Not Found', `detection ${id} not found`);
    if (e.builtin) {
      await this.overrides.put(overrideKey(id), { id, enabled });
    } else if (e.specKey !== undefined) {
      // Rewrite only the Enabled key: comments and layout of the user's file stay as they were.
      const text = await readFile(e.item.path, 'utf8');
      const doc = parseDocument(text, { version: '1.2' });
      if (!isMap(doc.contents)) throw new Error(`${e.specKey}: not a mapping`);
      doc.set('Enabled', enabled);
      await this.putText(e.specKey, doc.toString(), 'application/yaml');
    }
    return this.mustGet(id);
  }

  /** False when absent; built-ins are a 409 (they can be disabled, not deleted). */
  async delete(id: string): Promise<boolean> {
    const e = await this.entry(id);
    if (e === undefined) return false;
    if (e.builtin) throw new ProblemError(409, 'Conflict', `${id} is a built-in detection: it can be disabled, not deleted`);
    if (e.specKey !== undefined) await this.deleteKey(e.specKey);
    if (e.bodyKey !== undefined) await this.deleteKey(e.bodyKey);
    return true;
  }

  private async mustGet(id: string): Promise<DetectionDetail> {
    const d = await this.get(id);
    if (d === undefined) throw new Error(`detection ${id} was written but does not load back`);
    return d;
  }

  /** Globals and data models the detection may use: the pack's, then the user's (same id: the user's). */
  private async supportItems(): Promise<AnalysisItem[]> {
    const { all } = await this.entries();
    return [...all.values()].map((e) => e.item).filter((i) => i.type === 'global' || i.type === 'datamodel');
  }

  private async runTests(item: DetectionItem): Promise<DetectionTestResult> {
    const loaded: LoadResult = { items: [item, ...(await this.supportItems())], errors: [], skipped: [] };
    const report = await runAnalysisTests(loaded, { timeLimitMs: 5_000, ...this.opts.testOptions });
    const d = report.detections.find((r) => r.id === item.id);
    const results = (d?.tests ?? []).map((t) => ({
      name: t.name,
      passed: t.passed,
      expected: t.expected,
      ...(t.result !== undefined ? { actual: t.result } : {}),
      ...(t.reason !== undefined ? { error: t.reason } : {}),
      ...(t.title !== undefined ? { title: t.title } : {}),
      ...(t.dedup !== undefined ? { dedup: t.dedup } : {}),
      ...(t.alertContext !== undefined ? { alertContext: t.alertContext } : {}),
    }));
    return {
      id: item.id,
      passed: results.filter((r) => r.passed).length,
      failed: results.filter((r) => !r.passed).length,
      results,
      errors: [...report.invalid.map((e) => e.text), ...(d?.failures ?? [])],
    };
  }

  /** Runs the tests of unsaved editor content. */
  async testDraft(d: DetectionDraft): Promise<DetectionTestResult> {
    const { dir, item } = await this.draft(d);
    try {
      return await this.runTests(item);
    } finally {
      await this.dropTemp(dir);
    }
  }

  async testSaved(id: string): Promise<DetectionTestResult | undefined> {
    const e = await this.entry(id);
    return e === undefined ? undefined : this.runTests(e.item as DetectionItem);
  }

  /**
   * Imports a `panther analysis zip` bundle: every loadable spec (detections, globals, data models)
   * is created or replaces the user item with its id; built-ins are never replaced.
   */
  async upload(zip: Buffer): Promise<UploadResult> {
    checkZipLimits(zip, this.opts.maxUploadFiles ?? 2_000, this.opts.maxUploadBytes ?? 50 * 1024 * 1024);
    let entries;
    try {
      entries = readZip(zip);
    } catch (err) {
      throw invalid([{ path: 'body', message: `not a zip archive: ${(err as Error).message}` }]);
    }
    const dir = await this.tempDir();
    const errors: string[] = [];
    const created: string[] = [];
    const updated: string[] = [];
    try {
      for (const e of entries) {
        if (e.name.endsWith('/')) continue;
        const parts = e.name.split('/');
        if (e.name.startsWith('/') || e.name.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
          errors.push(`${e.name}: unsafe path in the archive, skipped`);
          continue;
        }
        const path = join(dir, ...parts);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, e.data);
      }
      const loaded = await loadAnalysisDir(dir);
      errors.push(...loaded.errors.map((e) => e.text));
      const { all } = await this.entries();
      for (const item of loaded.items) {
        if (item.type === 'pack') continue;
        const existing = all.get(item.id);
        if (existing?.builtin === true) {
          errors.push(`${item.file}: ${item.id} is a built-in detection: disable it instead of replacing it`);
          continue;
        }
        const body = 'body' in item && item.body !== undefined ? item.body : undefined;
        let specText = await readFile(item.path, 'utf8');
        const bodyName = body?.file.split('/').pop();
        if (body !== undefined && bodyName !== undefined && 'Filename' in item.spec && item.spec.Filename !== bodyName) {
          // Stored flat in the item's folder: Filename becomes the bare file name.
          const doc = parseDocument(specText, { version: '1.2' });
          doc.set('Filename', bodyName);
          specText = doc.toString();
        }
        const folder = existing?.specKey !== undefined ? existing.specKey.slice(0, existing.specKey.lastIndexOf('/') + 1) : `${this.prefix}${folderFor(item.id)}/`;
        const bodyFile = body !== undefined && bodyName !== undefined ? { name: bodyName, text: body.source } : undefined;
        await this.store(folder, specText, bodyFile, existing);
        (existing !== undefined ? updated : created).push(item.id);
      }
    } finally {
      await this.dropTemp(dir);
    }
    return { created: created.sort(), updated: updated.sort(), errors };
  }
}

/**
 * Refuses archives whose central directory declares too many files or too many bytes, before
 * anything is inflated (a small zip can declare gigabytes).
 */
export function checkZipLimits(zip: Buffer, maxFiles: number, maxBytes: number): void {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid([{ path: 'body', message: 'not a zip archive: no end of central directory' }]);
  const count = zip.readUInt16LE(eocd + 10);
  if (count > maxFiles) throw new ProblemError(413, 'Payload Too Large', `the archive has ${count} files; at most ${maxFiles} are accepted`);
  let p = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw invalid([{ path: 'body', message: `not a zip archive: bad central directory entry ${n}` }]);
    total += zip.readUInt32LE(p + 24);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  if (total > maxBytes) throw new ProblemError(413, 'Payload Too Large', `the archive expands to ${total} bytes; at most ${maxBytes} are accepted`);
}
