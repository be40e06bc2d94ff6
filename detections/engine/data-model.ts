// Data model mapping resolution, independent of any loader: a Path mapping is a simple dotted path
// or a JSONPath (as Panther parses it with jsonpath_ng), a Method mapping a function of the data
// model's body called with the event.

export interface DataModelMapping<E = never> {
  readonly name: string;
  readonly path?: string;
  readonly method?: (event: E) => unknown;
}

export interface DataModel<E = never> {
  readonly id: string;
  readonly logTypes: readonly string[];
  readonly mappings: readonly DataModelMapping<E>[];
}

/** One step of a parsed path. */
export type PathStep =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'descend'; readonly name: string | null }
  | { readonly kind: 'filter'; readonly conditions: readonly FilterCondition[] };

/** `@.a.b` compared to a literal (or just present, without op), as in jsonpath_ng.ext filters. */
export interface FilterCondition {
  readonly field: readonly string[];
  readonly op?: '==' | '!=' | '<' | '<=' | '>' | '>=';
  readonly value?: unknown;
}

/** A value a path reached, with the concrete steps that led there. */
export interface PathMatch {
  readonly value: unknown;
  readonly steps: readonly (string | number)[];
}

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

const ID_START = /[A-Za-z_@$\-]/;
const ID_CHAR = /[A-Za-z0-9_@$\-]/;

/**
 * Parses `a.b.c`, `$.a.b[0].c`, `$['a b'].c`, `a.'b c'`, `a[*].b`, `a.*`, `$..b`, `a[-1]`, and
 * jsonpath_ng.ext filters on lists: `a[?(@.name == 'X')]`, `[?(@.n > 1 & @.m)]`.
 */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const s = path.trim();
  if (s === '') throw new JsonPathError('empty path');
  if (s[0] === '$') i = 1;
  const readQuoted = (): string => {
    const q = s[i]!;
    let out = '';
    i++;
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      out += s[i];
      i++;
    }
    if (s[i] !== q) throw new JsonPathError(`unterminated quote in path "${path}"`);
    i++;
    return out;
  };
  const readName = (): string => {
    if (s[i] === "'" || s[i] === '"') return readQuoted();
    if (s[i] === '*') {
      i++;
      return '*';
    }
    const start = i;
    if (i >= s.length || !ID_START.test(s[i]!)) throw new JsonPathError(`expected a field name at ${i} in path "${path}"`);
    while (i < s.length && ID_CHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  // A path without "$" starts with a field name.
  if (i === 0) {
    const name = readName();
    steps.push(name === '*' ? { kind: 'wildcard' } : { kind: 'field', name });
  }
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.' && s[i + 1] === '.') {
      i += 2;
      if (s[i] === '[') {
        steps.push({ kind: 'descend', name: null });
        continue;
      }
      const name = readName();
      steps.push({ kind: 'descend', name: name === '*' ? null : name });
    } else if (c === '.') {
      i++;
      const name = readName();
      steps.push(name === '*' ? { kind: 'wildcard' } : { kind: 'field', name });
    } else if (c === '[') {
      i++;
      while (s[i] === ' ') i++;
      if (s[i] === '*') {
        i++;
        steps.push({ kind: 'wildcard' });
      } else if (s[i] === "'" || s[i] === '"') {
        steps.push({ kind: 'field', name: readQuoted() });
      } else if (s[i] === '?') {
        const close = s.indexOf(')]', i);
        if (s[i + 1] !== '(' || close < 0) throw new JsonPathError(`malformed filter at ${i} in path "${path}"`);
        steps.push({ kind: 'filter', conditions: parseFilter(s.slice(i + 2, close), path) });
        i = close + 1;
      } else {
        const m = /^-?\d+/.exec(s.slice(i));
        if (!m) throw new JsonPathError(`expected an index at ${i} in path "${path}"`);
        i += m[0].length;
        steps.push({ kind: 'index', index: Number(m[0]) });
      }
      while (s[i] === ' ') i++;
      if (s[i] !== ']') throw new JsonPathError(`expected "]" at ${i} in path "${path}"`);
      i++;
    } else {
      throw new JsonPathError(`unexpected "${c}" at ${i} in path "${path}"`);
    }
  }
  return steps;
}

const FILTER_RE = /^@((?:\.[A-Za-z_@$\-][A-Za-z0-9_@$\-]*)+)\s*(?:(==|!=|<=|>=|<|>)\s*(.+))?$/;

function parseLiteral(text: string, path: string): unknown {
  const t = text.trim();
  if (/^'.*'$|^".*"$/.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  throw new JsonPathError(`unsupported literal ${t} in path "${path}"`);
}

function parseFilter(expr: string, path: string): FilterCondition[] {
  return expr.split('&').map((part) => {
    const m = FILTER_RE.exec(part.trim());
    if (!m) throw new JsonPathError(`unsupported filter "${part.trim()}" in path "${path}"`);
    const field = m[1]!.slice(1).split('.');
    if (m[2] === undefined) return { field };
    return { field, op: m[2] as FilterCondition['op'], value: parseLiteral(m[3]!, path) };
  });
}

function conditionHolds(item: unknown, c: FilterCondition): boolean {
  let v: unknown = item;
  for (const f of c.field) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, f)) return false;
    v = v[f];
  }
  if (c.op === undefined) return true;
  const w = c.value;
  switch (c.op) {
    case '==':
      return v === w;
    case '!=':
      return v !== w;
    default: {
      if (typeof v !== typeof w || (typeof v !== 'number' && typeof v !== 'string')) return false;
      const a = v as number | string;
      const b = w as number | string;
      return c.op === '<' ? a < b : c.op === '<=' ? a <= b : c.op === '>' ? a > b : a >= b;
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every value the steps reach in `root` (case-sensitive, like jsonpath_ng). */
export function findPath(root: unknown, steps: readonly PathStep[]): PathMatch[] {
  let current: PathMatch[] = [{ value: root, steps: [] }];
  for (const step of steps) {
    const next: PathMatch[] = [];
    for (const m of current) {
      const v = m.value;
      switch (step.kind) {
        case 'field':
          if (isObject(v) && Object.prototype.hasOwnProperty.call(v, step.name)) next.push({ value: v[step.name], steps: [...m.steps, step.name] });
          break;
        case 'index':
          if (Array.isArray(v)) {
            const idx = step.index < 0 ? v.length + step.index : step.index;
            if (idx >= 0 && idx < v.length) next.push({ value: v[idx], steps: [...m.steps, idx] });
          }
          break;
        case 'wildcard':
          if (Array.isArray(v)) v.forEach((x, idx) => next.push({ value: x, steps: [...m.steps, idx] }));
          else if (isObject(v)) for (const [k, x] of Object.entries(v)) next.push({ value: x, steps: [...m.steps, k] });
          break;
        case 'filter':
          if (Array.isArray(v)) v.forEach((x, idx) => step.conditions.every((c) => conditionHolds(x, c)) && next.push({ value: x, steps: [...m.steps, idx] }));
          break;
        case 'descend': {
          const walk = (val: unknown, at: (string | number)[]): void => {
            if (Array.isArray(val)) {
              val.forEach((x, idx) => {
                if (step.name === null) next.push({ value: x, steps: [...at, idx] });
                walk(x, [...at, idx]);
              });
            } else if (isObject(val)) {
              for (const [k, x] of Object.entries(val)) {
                if (step.name === null || k === step.name) next.push({ value: x, steps: [...at, k] });
                walk(x, [...at, k]);
              }
            }
          };
          walk(v, [...m.steps]);
          break;
        }
      }
    }
    current = next;
  }
  return current;
}

/** jsonpath_ng's str(match.full_path): fields and "[n]" joined by dots, without the root. */
export function formatFullPath(steps: readonly (string | number)[]): string {
  return steps.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
}

export type Resolution<E> =
  | { readonly kind: 'path'; readonly mapping: DataModelMapping<E>; readonly match: PathMatch | undefined }
  | { readonly kind: 'method'; readonly mapping: DataModelMapping<E>; readonly method: (event: E) => unknown }
  | { readonly kind: 'unmapped' };

/** A data model compiled once: parsed paths by mapping name. */
export class CompiledDataModel<E = never> {
  private readonly paths = new Map<string, { mapping: DataModelMapping<E>; steps: PathStep[] }>();
  private readonly methods = new Map<string, DataModelMapping<E>>();

  constructor(readonly model: DataModel<E>) {
    for (const m of model.mappings) {
      if (!m.name) throw new Error(`DataModel [${model.id}] is missing required field: [Name]`);
      if (m.path) this.paths.set(m.name, { mapping: m, steps: parsePath(m.path) });
      else if (m.method) this.methods.set(m.name, m);
      else throw new Error(`DataModel [${model.id}] must define one of: [Path, Method] for [${m.name}]`);
    }
  }

  get id(): string {
    return this.model.id;
  }

  has(name: string): boolean {
    return this.paths.has(name) || this.methods.has(name);
  }

  /** Resolves a name against the raw event; a path matching several fields is an error (as Panther). */
  resolve(name: string, raw: unknown): Resolution<E> {
    const p = this.paths.get(name);
    if (p) {
      const matches = findPath(raw, p.steps);
      if (matches.length > 1) throw new Error(`JSONPath [${p.mapping.path}] in DataModel [${this.model.id}], matched multiple fields.`);
      return { kind: 'path', mapping: p.mapping, match: matches[0] };
    }
    const m = this.methods.get(name);
    if (m?.method) return { kind: 'method', mapping: m, method: m.method };
    return { kind: 'unmapped' };
  }
}

/** Picks the data model of a log type among several (Panther allows one per log type). */
export function dataModelFor<E>(models: readonly DataModel<E>[], logType: string): DataModel<E> | undefined {
  return models.find((m) => m.logTypes.includes(logType));
}
