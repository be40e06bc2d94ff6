// The read-only event detections see, behaving like panther_core's PantherEvent: case-insensitive
// key lookup (exact key first), deep_get, deep_walk, udm through the log type's data model with the
// p_udm fallback, udm_path. Nested objects come back as read-only views; modifying throws.
import type { EventOf } from '../../parsers/core/logtype.js';
import { CompiledDataModel, formatFullPath, type DataModel } from './data-model.js';

/** The event a TypeScript rule for log type L sees: `(event: EventFor<typeof CloudTrail>) => boolean`. */
export type EventFor<L> = PantherEvent<EventOf<L>>;

export interface DeepGetOptions {
  readonly default?: unknown;
}

export type DeepWalkReturn = 'all' | 'first' | 'last';
export interface DeepWalkOptions {
  readonly default?: unknown;
  /** Panther's keyword name; `returnVal` is the camelCase alias. */
  readonly return_val?: DeepWalkReturn;
  readonly returnVal?: DeepWalkReturn;
}

export class ReadOnlyEventError extends TypeError {
  override name = 'TypeError';
  constructor(what: string) {
    super(`PantherEvent is read-only: cannot ${what}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isNone(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** Python truthiness, for udm's fallbacks ("if result:"). */
function truthy(v: unknown): boolean {
  if (isNone(v) || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}

// Lowercase key maps, built once per object; on collisions the first key wins (as Panther).
const keymaps = new WeakMap<object, Map<string, string>>();
function keymap(obj: Record<string, unknown>): Map<string, string> {
  let m = keymaps.get(obj);
  if (!m) {
    m = new Map();
    for (const k of Object.keys(obj)) {
      const lower = k.toLowerCase();
      if (!m.has(lower)) m.set(lower, k);
    }
    keymaps.set(obj, m);
  }
  return m;
}

/** The actual key of `obj` for `key`: exact first, then case-insensitive. */
export function findKey(obj: Record<string, unknown>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, key)) return key;
  return keymap(obj).get(key.toLowerCase());
}

const views = new WeakMap<object, object>();
const readOnlyHandler: ProxyHandler<object> = {
  get(target, prop, receiver) {
    let key: string | symbol = prop;
    if (typeof prop === 'string' && isObject(target) && !(prop in target)) key = findKey(target, prop) ?? prop;
    const desc = Reflect.getOwnPropertyDescriptor(target, key);
    const value: unknown = Reflect.get(target, key, receiver);
    // A frozen data property must be returned as is (Proxy invariant).
    if (desc && !desc.configurable && !desc.writable) return value;
    return readOnly(value);
  },
  set(_t, prop) {
    throw new ReadOnlyEventError(`set "${String(prop)}"`);
  },
  defineProperty(_t, prop) {
    throw new ReadOnlyEventError(`define "${String(prop)}"`);
  },
  deleteProperty(_t, prop) {
    throw new ReadOnlyEventError(`delete "${String(prop)}"`);
  },
  setPrototypeOf() {
    throw new ReadOnlyEventError('set the prototype');
  },
  preventExtensions() {
    throw new ReadOnlyEventError('prevent extensions');
  },
};

/** A read-only, case-insensitive view of a nested object or array (cached, so views compare equal). */
export function readOnly<V>(value: V): V {
  if (value === null || typeof value !== 'object') return value;
  const obj = value as unknown as object;
  let view = views.get(obj);
  if (!view) {
    view = new Proxy(obj, readOnlyHandler);
    views.set(obj, view);
  }
  return view as V;
}

function parseTrailingOptions<O extends object>(args: readonly unknown[]): { keys: string[]; opts: O } {
  const last = args[args.length - 1];
  if (args.length > 0 && isObject(last)) return { keys: args.slice(0, -1).map(String), opts: last as O };
  return { keys: args.map(String), opts: {} as O };
}

function emptyList(v: unknown): boolean {
  return Array.isArray(v) && v.every(emptyList);
}

function walk(obj: unknown, keys: readonly string[], def: unknown, rv: DeepWalkReturn): unknown {
  if (keys.length === 0) return isNone(obj) || emptyList(obj) ? def : obj;
  if (isObject(obj)) {
    const k = findKey(obj, keys[0]!);
    const next = k === undefined ? undefined : obj[k];
    return isNone(next) ? def : walk(next, keys.slice(1), def, rv);
  }
  if (!Array.isArray(obj)) return def;
  // Ordered and deduplicated like Panther's OrderedDict of found values.
  const found = new Map<string, unknown>();
  const add = (v: unknown): void => {
    const id = v !== null && typeof v === 'object' ? `o:${JSON.stringify(v)}` : `${typeof v}:${String(v)}`;
    if (!found.has(id)) found.set(id, v);
  };
  for (const item of obj) {
    const value = walk(item, keys, def, rv);
    if (isNone(value)) continue;
    if (Array.isArray(value)) value.forEach(add);
    else add(value);
  }
  const list = [...found.values()];
  if (list.length === 0) return def;
  if (rv === 'first') return list[0];
  if (rv === 'last') return list[list.length - 1];
  return list.length === 1 ? list[0] : list;
}

export class PantherEvent<T = Record<string, unknown>> {
  readonly #raw: Record<string, unknown>;
  readonly #model: CompiledDataModel<PantherEvent<T>> | undefined;
  /**
   * The event's fields as a read-only, case-insensitive view: `event.data.eventName`. Typed
   * shallowly Readonly (a deep mapped type does not terminate on recursive JSON field types);
   * the view itself refuses writes at every depth.
   */
  readonly data: Readonly<T>;

  constructor(raw: T, dataModel?: DataModel<PantherEvent<T>> | CompiledDataModel<PantherEvent<T>>) {
    if (!isObject(raw)) throw new TypeError('PantherEvent wraps an object');
    this.#raw = raw as Record<string, unknown>;
    this.#model = dataModel === undefined ? undefined : dataModel instanceof CompiledDataModel ? dataModel : new CompiledDataModel(dataModel);
    this.data = readOnly(raw);
    Object.freeze(this);
  }

  /** The id of the data model in use, if any. */
  get dataModelId(): string | undefined {
    return this.#model?.id;
  }

  /** Top-level value by key (case-insensitive, exact key first); `defaultValue` when the key is absent. */
  get<K extends keyof T & string>(key: K): T[K] | undefined;
  get<K extends keyof T & string, D>(key: K, defaultValue: D): T[K] | D;
  get(key: string, defaultValue?: unknown): unknown;
  get(key: string, defaultValue?: unknown): unknown {
    const k = findKey(this.#raw, key);
    return k === undefined ? defaultValue : readOnly(this.#raw[k]);
  }

  /**
   * Nested value through objects, case-insensitive at every level; the default (last argument
   * `{ default }`) when a key is missing, a step is not an object, or the value is null.
   */
  deepGet(...args: [...keys: string[], opts: DeepGetOptions] | string[]): unknown {
    const { keys, opts } = parseTrailingOptions<DeepGetOptions>(args);
    const def = opts.default;
    let d: unknown = this.#raw;
    for (const key of keys) {
      if (!isObject(d)) {
        d = def;
        continue;
      }
      const k = findKey(d, key);
      d = k === undefined ? def : d[k];
    }
    return isNone(d) ? def : readOnly(d);
  }

  deep_get(...args: [...keys: string[], opts: DeepGetOptions] | string[]): unknown {
    return this.deepGet(...args);
  }

  /**
   * Like deepGet but walks into lists too, flattening and deduplicating what it finds (in order).
   * return_val "all" gives a plain list, or the single value when only one was found.
   */
  deepWalk(...args: [...keys: string[], opts: DeepWalkOptions] | string[]): unknown {
    const { keys, opts } = parseTrailingOptions<DeepWalkOptions>(args);
    const rv = opts.return_val ?? opts.returnVal ?? 'all';
    if (rv !== 'all' && rv !== 'first' && rv !== 'last') throw new TypeError(`deep_walk: return_val must be "all", "first" or "last", not "${String(rv)}"`);
    const out = walk(this.#raw, keys, opts.default, rv);
    // Lists come back as fresh plain arrays; their objects stay read-only.
    return Array.isArray(out) ? out.map((x) => readOnly(x)) : readOnly(out);
  }

  deep_walk(...args: [...keys: string[], opts: DeepWalkOptions] | string[]): unknown {
    return this.deepWalk(...args);
  }

  /**
   * A unified data model field: with one name and a data model, its Path or Method mapping; a
   * name the model maps but finds nothing for gives the default. Otherwise `p_udm.<keys>`, then the
   * event's own `<keys>`, then the default (panther_core's udm).
   */
  udm(...args: [...keys: string[], opts: DeepGetOptions] | string[]): unknown {
    const { keys, opts } = parseTrailingOptions<DeepGetOptions>(args);
    const model = this.#model;
    if (keys.length === 1 && model) {
      const r = model.resolve(keys[0]!, this.#raw);
      if (r.kind === 'path' && r.match) return readOnly(r.match.value);
      if (r.kind === 'method') return readOnly(r.method(this));
      if (model.has(keys[0]!)) return opts.default;
    }
    if (keys.length > 0) {
      let result = this.deepGet('p_udm', ...keys);
      if (!truthy(result)) result = this.deepGet(...keys);
      if (truthy(result)) return result;
    }
    return opts.default;
  }

  /** The concrete path (jsonpath_ng's notation) or method name a data model field resolves to. */
  udmPath(name: string): string | undefined {
    const model = this.#model;
    if (!model) throw new Error(`PantherError: a data model hasn't been specified for log type [${String(this.#raw.p_log_type)}]`);
    const r = model.resolve(name, this.#raw);
    if (r.kind === 'path') return r.match ? formatFullPath(r.match.steps) : undefined;
    if (r.kind === 'method') return r.method.name || undefined;
    return undefined;
  }

  udm_path(name: string): string | undefined {
    return this.udmPath(name);
  }

  /** Epoch seconds of p_event_time (UTC), 0 when absent or unparsable. */
  eventTimeEpoch(): number {
    const t = this.#raw.p_event_time;
    if (typeof t !== 'string' || t === '') return 0;
    const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
  }

  event_time_epoch(): number {
    return this.eventTimeEpoch();
  }

  /** A mutable deep copy (Python's to_dict()). */
  toDict(): T {
    return structuredClone(this.#raw) as T;
  }

  to_dict(): T {
    return this.toDict();
  }

  toJSON(): unknown {
    return this.#raw;
  }
}
