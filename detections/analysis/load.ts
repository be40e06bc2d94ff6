// Loads a directory laid out like Panther's analysis repository: YAML (1.2 semantics) or JSON specs,
// each with its Python or TypeScript body. Every problem becomes an error naming the file, the line
// and the key; one bad spec does not stop the others, and the caller decides what errors mean.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import {
  ANALYSIS_TYPES,
  type AnalysisItem,
  type AnalysisType,
  type BodyFile,
  type BodyLanguage,
  FOREIGN_ANALYSIS_TYPES,
  ID_KEYS,
  SPEC_SCHEMAS,
} from './spec.js';

export interface AnalysisError {
  /** Relative to the loaded directory, `/`-separated. */
  readonly file: string;
  readonly line?: number;
  /** The key path, e.g. `Tests[0].Mocks[1].objectName`; absent for whole-file problems. */
  readonly key?: string;
  readonly message: string;
  /** `file:line: key: message`, ready to print. */
  readonly text: string;
}

/** A Panther spec this engine does not run (saved queries, lookup tables, YAML simple detections...). */
export interface SkippedSpec {
  readonly file: string;
  readonly analysisType: string;
  readonly reason: string;
}

export interface LoadOptions {
  /** Keep detections whose spec key matches one of the values (case-insensitive; list keys match any element). */
  readonly filter?: Record<string, string[]>;
  /** Drop detections whose spec key matches one of the values (Panther's `KEY!=VALUE`). */
  readonly exclude?: Record<string, string[]>;
}

export interface LoadResult {
  readonly items: AnalysisItem[];
  readonly errors: AnalysisError[];
  readonly skipped: SkippedSpec[];
}

type Path = ReadonlyArray<PropertyKey>;

const SPEC_EXT = /\.(ya?ml|json)$/i;
const BODY_LANGUAGES: Record<string, BodyLanguage> = { '.py': 'python', '.ts': 'typescript' };

function keyPath(path: Path): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
}

function makeError(file: string, line: number | undefined, path: Path | undefined, message: string): AnalysisError {
  const key = path !== undefined && path.length > 0 ? keyPath(path) : undefined;
  const text = `${file}${line !== undefined ? `:${line}` : ''}: ${key !== undefined ? `${key}: ` : ''}${message}`;
  return { file, ...(line !== undefined ? { line } : {}), ...(key !== undefined ? { key } : {}), message, text };
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Line lookup in a parsed document: the key's own line, else the nearest existing ancestor's. */
class Lines {
  constructor(
    private readonly doc: Document | undefined,
    private readonly counter: LineCounter,
  ) {}

  private nodeLine(node: unknown): number | undefined {
    if (!isNode(node) || node.range === undefined || node.range === null) return undefined;
    return this.counter.linePos(node.range[0]).line;
  }

  of(path: Path): number | undefined {
    if (this.doc === undefined) return undefined;
    for (let n = path.length; n > 0; n--) {
      const parent = n === 1 ? this.doc.contents : this.doc.getIn(path.slice(0, n - 1) as Array<string | number>, true);
      const last = path[n - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
        if (pair !== undefined) return this.nodeLine(pair.key);
      } else if (isSeq(parent) && typeof last === 'number') {
        const line = this.nodeLine(parent.items[last]);
        if (line !== undefined) return line;
      }
    }
    return this.nodeLine(this.doc.contents) ?? 1;
  }
}

interface Parsed {
  readonly value: unknown;
  readonly lines: Lines;
}

/** YAML 1.2 core schema: `on`/`yes`/`no` and timestamps stay strings, only true/false are booleans. */
function parseSpecText(text: string, isJson: boolean): Parsed | { error: string; line?: number } {
  let jsonValue: unknown;
  if (isJson) {
    // YAML accepts more than JSON (`"k": }`): JSON decides validity, YAML only gives lines.
    try {
      jsonValue = JSON.parse(text);
    } catch (err) {
      return { error: `invalid JSON: ${(err as Error).message}` };
    }
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', schema: 'core', lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (isJson) return { value: jsonValue, lines: new Lines(doc.errors.length === 0 ? doc : undefined, counter) };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0]?.line;
    const message = (e?.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { error: `invalid YAML: ${message}`, ...(line !== undefined ? { line } : {}) };
  }
  // Report control ids written as numbers (`CIS: [3.10]`) keep their source text, not 3.1.
  const reports = isMap(doc.contents) ? doc.contents.get('Reports', true) : undefined;
  if (isNode(reports)) {
    visit(reports, {
      Scalar(_key, node) {
        if (typeof node.value === 'number' && node.source !== undefined) node.value = node.source;
      },
    });
  }
  return { value: doc.toJS(), lines: new Lines(doc, counter) };
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '__pycache__') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (e.isFile() && SPEC_EXT.test(e.name)) out.push(full);
  }
}

function zodErrors(file: string, raw: unknown, issues: readonly z.core.$ZodIssue[], lines: Lines): AnalysisError[] {
  const out: AnalysisError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out.push(makeError(file, lines.of([...issue.path, k]), [...issue.path, k], 'unknown key'));
      continue;
    }
    const missing = issue.code !== 'custom' && issue.path.length > 0 && valueAt(raw, issue.path) === undefined;
    out.push(makeError(file, lines.of(issue.path), issue.path.length > 0 ? issue.path : ['(document)'], missing ? 'required key is missing' : issue.message));
  }
  return out;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Loads one spec file; returns the item (without cross-file checks) or its errors. */
async function loadSpec(root: string, abs: string, rel: string): Promise<{ item?: AnalysisItem; errors: AnalysisError[]; skipped?: SkippedSpec; lines?: Lines }> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    return { errors: [makeError(rel, undefined, undefined, `cannot read: ${(err as Error).message}`)] };
  }
  const parsed = parseSpecText(text, /\.json$/i.test(abs));
  if ('error' in parsed) return { errors: [makeError(rel, parsed.line, undefined, parsed.error)] };
  const { value, lines } = parsed;
  // Other YAML/JSON files (CI configs, custom log schemas, package.json...) are not specs.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('AnalysisType' in value)) return { errors: [] };
  const type = (value as { AnalysisType: unknown }).AnalysisType;
  if (typeof type === 'string' && (FOREIGN_ANALYSIS_TYPES as readonly string[]).includes(type)) return { errors: [], skipped: { file: rel, analysisType: type, reason: `${type} specs are not run by this engine` } };
  // Panther's own tool skips these too when it has no backend to transpile them.
  if ((type === 'rule' || type === 'scheduled_rule') && 'Detection' in value && !('Filename' in value)) {
    return { errors: [], skipped: { file: rel, analysisType: type, reason: 'simple detections (Detection) are not supported' } };
  }
  if (type === 'rule' && 'BaseDetection' in value) return { errors: [], skipped: { file: rel, analysisType: type, reason: 'derived detections (BaseDetection) are not supported' } };
  if (typeof type !== 'string' || !(ANALYSIS_TYPES as readonly string[]).includes(type)) {
    return { errors: [makeError(rel, lines.of(['AnalysisType']), ['AnalysisType'], `Invalid option: expected one of ${ANALYSIS_TYPES.join('|')}, got ${JSON.stringify(type)}`)] };
  }
  const analysisType = type as AnalysisType;
  const result = SPEC_SCHEMAS[analysisType].safeParse(value);
  if (!result.success) return { errors: zodErrors(rel, value, result.error.issues, lines) };
  const spec = result.data;
  const id = (spec as Record<string, unknown>)[ID_KEYS[analysisType]] as string;

  let body: BodyFile | undefined;
  const filename = 'Filename' in spec ? spec.Filename : undefined;
  if (filename !== undefined) {
    const bodyAbs = resolve(dirname(abs), filename);
    const bodyRel = relative(root, bodyAbs).split(sep).join('/');
    const language = BODY_LANGUAGES[extname(bodyAbs).toLowerCase()];
    const line = lines.of(['Filename']);
    if (language === undefined) return { errors: [makeError(rel, line, ['Filename'], `unsupported body file ${JSON.stringify(filename)}: expected a .py or .ts file`)] };
    if (!(await isFile(bodyAbs))) return { errors: [makeError(rel, line, ['Filename'], `body file ${bodyRel} does not exist`)] };
    body = { file: bodyRel, path: bodyAbs, language, source: await readFile(bodyAbs, 'utf8') };
  }
  const base = { id, file: rel, path: abs };
  // The schema chosen by analysisType guarantees the spec/body pairing asserted here.
  const item = (body !== undefined ? { ...base, type: analysisType, spec, body } : { ...base, type: analysisType, spec }) as AnalysisItem;
  return { item, errors: [], lines };
}

function matches(specValue: unknown, values: readonly string[]): boolean {
  const wanted = new Set(values.map((v) => v.toLowerCase()));
  const have = Array.isArray(specValue) ? specValue : [specValue];
  return have.some((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && wanted.has(String(v).toLowerCase()));
}

/**
 * Panther's filters: detections and packs must match every `filter` key and no `exclude` key;
 * global helpers and data models are always kept, since the kept detections may need them, and
 * so are the scheduled queries the kept scheduled rules name.
 */
export function applyFilters(items: readonly AnalysisItem[], options: LoadOptions): AnalysisItem[] {
  const filter = Object.entries(options.filter ?? {});
  const exclude = Object.entries(options.exclude ?? {});
  const selected = (item: AnalysisItem): boolean => {
    if (item.type === 'global' || item.type === 'datamodel') return true;
    const spec = item.spec as Record<string, unknown>;
    return filter.every(([k, vs]) => matches(spec[k], vs)) && !exclude.some(([k, vs]) => matches(spec[k], vs));
  };
  const needed = new Set(items.filter((i) => i.type === 'scheduled_rule' && selected(i)).flatMap((i) => (i.type === 'scheduled_rule' ? i.spec.ScheduledQueries : [])));
  return items.filter((item) => selected(item) || (item.type === 'scheduled_query' && needed.has(item.id)));
}

/** `KEY=V1,V2` (keep) and `KEY!=V` (drop) arguments, as Panther's `--filter` takes them. */
export function parseFilterArgs(args: readonly string[]): Required<LoadOptions> {
  const filter: Record<string, string[]> = {};
  const exclude: Record<string, string[]> = {};
  for (const arg of args) {
    const m = /^([^=!]+)(!?=)(.*)$/.exec(arg);
    if (m === null || m[3] === '') throw new Error(`invalid filter ${JSON.stringify(arg)}: expected KEY=VALUE or KEY!=VALUE`);
    const target = m[2] === '!=' ? exclude : filter;
    const key = (m[1] ?? '').trim();
    target[key] = [...(target[key] ?? []), ...(m[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '')];
  }
  return { filter, exclude };
}

export async function loadAnalysisDir(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const root = resolve(dir);
  const files: string[] = [];
  try {
    await walk(root, files);
  } catch (err) {
    return { items: [], errors: [makeError(dir, undefined, undefined, `cannot read the analysis directory: ${(err as Error).message}`)], skipped: [] };
  }
  const items: AnalysisItem[] = [];
  const errors: AnalysisError[] = [];
  const skipped: SkippedSpec[] = [];
  const lineIndex = new Map<AnalysisItem, Lines>();
  const byId = new Map<string, AnalysisItem>();
  const modelByLogType = new Map<string, AnalysisItem>();
  for (const abs of files) {
    const rel = relative(root, abs).split(sep).join('/');
    const r = await loadSpec(root, abs, rel);
    errors.push(...r.errors);
    if (r.skipped !== undefined) skipped.push(r.skipped);
    const item = r.item;
    if (item === undefined || r.lines === undefined) continue;
    const idKey = ID_KEYS[item.type];
    // One namespace for all IDs, as in Panther (packs name detections, globals and data models alike).
    const other = byId.get(item.id);
    if (other !== undefined) {
      errors.push(makeError(rel, r.lines.of([idKey]), [idKey], `duplicate ID ${JSON.stringify(item.id)}: already defined in ${other.file}`));
      continue;
    }
    if (item.type === 'datamodel' && item.spec.Enabled) {
      const logType = item.spec.LogTypes[0] ?? '';
      const model = modelByLogType.get(logType);
      if (model !== undefined) {
        errors.push(makeError(rel, r.lines.of(['LogTypes', 0]), ['LogTypes', 0], `log type ${logType} already has an enabled data model, ${model.id} in ${model.file}`));
        continue;
      }
      modelByLogType.set(logType, item);
    }
    byId.set(item.id, item);
    lineIndex.set(item, r.lines);
    items.push(item);
  }
  // Packs may only name loaded IDs (checked before filtering: a filter must not break a pack).
  for (const item of items) {
    if (item.type !== 'pack') continue;
    item.spec.PackDefinition.IDs.forEach((packed, i) => {
      if (!byId.has(packed)) {
        const path = ['PackDefinition', 'IDs', i];
        errors.push(makeError(item.file, lineIndex.get(item)?.of(path), path, `unknown ID ${JSON.stringify(packed)}`));
      }
    });
  }
  // A scheduled rule may only name loaded scheduled queries (by QueryName), as Panther requires.
  const queryNames = new Set(items.filter((i) => i.type === 'scheduled_query').map((i) => i.id));
  for (const item of items) {
    if (item.type !== 'scheduled_rule') continue;
    item.spec.ScheduledQueries.forEach((name, i) => {
      if (!queryNames.has(name)) {
        const path = ['ScheduledQueries', i];
        errors.push(makeError(item.file, lineIndex.get(item)?.of(path), path, `unknown scheduled query ${JSON.stringify(name)}: no scheduled_query spec has this QueryName`));
      }
    });
  }
  return { items: applyFilters(items, options), errors, skipped };
}
