import type { Field, Fields, TypeOfFields, TimestampFormat } from './fields.js';
import { IndicatorSet, type IndicatorFields } from './indicators.js';
import { parseEpoch, parseRfc3339 } from './time.js';

export type ParseResult = { ok: true; event: Record<string, unknown> } | { ok: false; reason: string } | { ok: 'header' };

/** JSON log types: the classifier parses each line once and offers the object to each of them. */
export interface JsonParserSpec {
  readonly kind: 'json';
  /** A discriminator beyond the declared required fields; returns a reason to reject, or null. */
  readonly accept?: (obj: Record<string, unknown>) => string | null;
}

/** Text log types: a fresh line parser per source object, so formats announced by a header can keep state. */
export interface TextParserSpec {
  readonly kind: 'text';
  readonly create: () => (line: string) => ParseResult;
}

export interface LogTypeSpec<F extends Fields> {
  /** e.g. AWS.CloudTrail */
  readonly name: string;
  readonly description: string;
  /** Vendor documentation of the format. */
  readonly reference: string;
  readonly fields: F;
  /** Top-level timestamp field that becomes p_event_time. */
  readonly eventTime?: keyof F & string;
  /** Timestamp fields tried in order when the event-time field is absent (formats with two spellings). */
  readonly eventTimeFallbacks?: ReadonlyArray<keyof F & string>;
  readonly parser: JsonParserSpec | TextParserSpec;
  /** Indicators that need more than a field mark (keys inside JSON blobs, tags...). */
  readonly indicators?: (event: TypeOfFields<F>, add: IndicatorSet) => void;
}

/**
 * A declared log type as the rest of the product holds it. F appears only covariantly here (the
 * typed hook and event-time key stay on the spec), so any LogType<Specific> is a LogType.
 */
export interface LogType<F extends Fields = Fields> {
  readonly name: string;
  readonly description: string;
  readonly reference: string;
  readonly fields: F;
  readonly eventTime?: string;
  readonly eventTimeFallbacks?: readonly string[];
  readonly parser: JsonParserSpec | TextParserSpec;
  readonly indicators?: (event: Record<string, unknown>, add: IndicatorSet) => void;
  /** The Glue/Athena/DuckDB table name: lowercase, dots to underscores. */
  readonly table: string;
}

export interface StandardFields extends IndicatorFields {
  p_log_type: string;
  p_row_id: string;
  p_event_time: string;
  p_parse_time: string;
  p_source_id: string;
  p_source_label: string;
}

/** The type rules see for a log type: its declared fields plus the standard ones. */
export type EventOf<L> = L extends LogType<infer F> ? TypeOfFields<F> & Readonly<StandardFields> : never;

export function tableName(logType: string): string {
  return logType.toLowerCase().replace(/\./g, '_');
}

export function defineLogType<const F extends Fields>(spec: LogTypeSpec<F>): LogType<F> {
  if (!/^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/.test(spec.name)) throw new Error(`log type name "${spec.name}" must look like Vendor.Type`);
  if (spec.eventTime !== undefined && spec.fields[spec.eventTime]?.kind !== 'timestamp') {
    throw new Error(`${spec.name}: eventTime "${spec.eventTime}" must name a top-level timestamp field`);
  }
  for (const f of spec.eventTimeFallbacks ?? []) {
    if (spec.eventTime === undefined) throw new Error(`${spec.name}: eventTimeFallbacks without an eventTime`);
    if (spec.fields[f]?.kind !== 'timestamp') throw new Error(`${spec.name}: eventTimeFallbacks "${f}" must name a top-level timestamp field`);
  }
  return { ...spec, table: tableName(spec.name) } as LogType<F>;
}

// ---- validation: pure, so a rejected candidate leaves the object untouched for the next ----

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return v.length > 40 ? `string "${v.slice(0, 40)}..."` : `string "${v}"`;
  return typeof v;
}

// Logs repeat timestamps heavily (same second, same flow window), and each is read twice
// (check, then finish): a small memo per format saves most of the parsing.
const MEMO_LIMIT = 4096;
const memos = new Map<TimestampFormat, Map<unknown, string | null>>();

export function normalizeTimestamp(format: TimestampFormat, raw: unknown): string | null {
  if (typeof raw === 'string' && isNormalized(raw)) return raw;
  let memo = memos.get(format);
  if (memo === undefined) memos.set(format, (memo = new Map()));
  const hit = memo.get(raw);
  if (hit !== undefined) return hit;
  let out: string | null;
  if (typeof format === 'function') out = format(raw);
  else if (format === 'rfc3339') out = typeof raw === 'string' ? parseRfc3339(raw) : null;
  else out = parseEpoch(raw, format);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  if (typeof raw === 'string' || typeof raw === 'number') memo.set(raw, out);
  return out;
}

/** Already in the output layout "YYYY-MM-DD HH:MM:SS.fffffffff" (what text parsers build). */
function isNormalized(s: string): boolean {
  return s.length === 29 && s.charCodeAt(10) === 0x20 && s.charCodeAt(19) === 0x2e && s.charCodeAt(4) === 0x2d && s.charCodeAt(7) === 0x2d && s.charCodeAt(13) === 0x3a && s.charCodeAt(16) === 0x3a && NORMALIZED.test(s);
}
const NORMALIZED = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{9}$/;

// Reasons are built only on failure: a path is assembled on the way back up, so checking a
// valid event allocates no strings.

interface Compiled {
  readonly required: readonly string[];
  /** The reasons for missing required fields, built once: rejections are the classifier's common case. */
  readonly missing: readonly string[];
  readonly byName: ReadonlyMap<string, Field>;
}
const compiledCache = new WeakMap<Fields, Compiled>();

function compiled(fields: Fields): Compiled {
  let c = compiledCache.get(fields);
  if (c === undefined) {
    const entries = Object.entries(fields);
    const required = entries.filter(([, f]) => f.required).map(([n]) => n);
    c = { required, missing: required.map((n) => `${n}: required field missing`), byName: new Map(entries) };
    compiledCache.set(fields, c);
  }
  return c;
}

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(\.\d+)?([eE][-+]?\d+)?$/;

/** null when valid, else the reason relative to the value: ": expected ..." or ".sub: ..." or "[3]: ...". */
function checkValue(field: Field, v: unknown): string | null {
  switch (field.kind) {
    case 'string':
      return typeof v === 'string' || (field.coerce === true && (typeof v === 'number' || typeof v === 'boolean')) ? null : `: expected string, got ${describe(v)}`;
    case 'int':
    case 'bigint':
      return (typeof v === 'number' && Number.isInteger(v)) || (field.coerce === true && typeof v === 'string' && INTEGER.test(v)) ? null : `: expected integer, got ${describe(v)}`;
    case 'float':
      return (typeof v === 'number' && Number.isFinite(v)) || (field.coerce === true && typeof v === 'string' && DECIMAL.test(v)) ? null : `: expected number, got ${describe(v)}`;
    case 'boolean':
      return typeof v === 'boolean' || (field.coerce === true && (v === 'true' || v === 'false')) ? null : `: expected boolean, got ${describe(v)}`;
    case 'timestamp':
      return normalizeTimestamp(field.format, v) !== null ? null : `: expected timestamp, got ${describe(v)}`;
    case 'json':
      return null;
    case 'object': {
      if (!isPlainObject(v)) return `: expected object, got ${describe(v)}`;
      const r = checkFields(field.fields, v);
      return r === null ? null : `.${r}`;
    }
    case 'array': {
      if (!Array.isArray(v)) return `: expected array, got ${describe(v)}`;
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null) continue;
        const r = checkValue(field.element, v[i]);
        if (r !== null) return `[${i}]${r}`;
      }
      return null;
    }
    case 'map': {
      if (!isPlainObject(v)) return `: expected object, got ${describe(v)}`;
      for (const k in v) {
        if (v[k] === null) continue;
        const r = checkValue(field.value, v[k]);
        if (r !== null) return `.${k}${r}`;
      }
      return null;
    }
  }
}

/** Checks an object against declared fields: required ones present, every present declared one well typed. */
export function checkFields(fields: Fields, obj: Record<string, unknown>): string | null {
  const c = compiled(fields);
  for (let i = 0; i < c.required.length; i++) {
    const v = obj[c.required[i] as string];
    if (v === undefined || v === null) return c.missing[i] as string;
  }
  // Walk what the object has, not all that could be declared: sparse formats (VPC flow) stay cheap.
  for (const name in obj) {
    const field = c.byName.get(name);
    if (field === undefined) continue;
    const v = obj[name];
    if (v === undefined || v === null) continue;
    const r = checkValue(field, v);
    if (r !== null) return name + r;
  }
  return null;
}

// ---- finishing an accepted event: normalize timestamps in place, collect indicators ----

function finishValue(field: Field, v: unknown, ind: IndicatorSet): unknown {
  if (field.indicators !== undefined && field.kind !== 'array') {
    for (const kind of field.indicators) ind.add(kind, v);
  }
  switch (field.kind) {
    case 'timestamp':
      return normalizeTimestamp(field.format, v);
    case 'object':
      finishFields(field.fields, v as Record<string, unknown>, ind);
      return v;
    case 'array': {
      const arr = v as unknown[];
      for (let i = 0; i < arr.length; i++) {
        if (arr[i] === null) continue;
        if (field.indicators !== undefined) for (const kind of field.indicators) ind.add(kind, arr[i]);
        arr[i] = finishValue(field.element, arr[i], ind);
      }
      return arr;
    }
    case 'map': {
      const m = v as Record<string, unknown>;
      for (const k in m) if (m[k] !== null) m[k] = finishValue(field.value, m[k], ind);
      return m;
    }
    case 'string':
      return field.coerce === true && typeof v !== 'string' ? String(v) : v;
    case 'int':
    case 'bigint':
    case 'float':
      return field.coerce === true && typeof v === 'string' ? Number(v) : v;
    case 'boolean':
      return field.coerce === true && typeof v === 'string' ? v === 'true' : v;
    default:
      return v;
  }
}

export function finishFields(fields: Fields, obj: Record<string, unknown>, ind: IndicatorSet): void {
  const c = compiled(fields);
  for (const name in obj) {
    const field = c.byName.get(name);
    if (field === undefined) continue;
    const v = obj[name];
    if (v === undefined || v === null) continue;
    const out = finishValue(field, v, ind);
    if (out !== v) obj[name] = out;
  }
}

export interface SourceInfo {
  readonly sourceId: string;
  readonly sourceLabel: string;
}

/**
 * Validates a candidate event against the declaration and, when it holds, normalizes it in
 * place and adds the standard fields. Returns the reason when it does not hold.
 */
export function finishEvent(
  logType: LogType,
  obj: Record<string, unknown>,
  source: SourceInfo,
  parseTime: string,
  rowId: string,
): { ok: true; event: Record<string, unknown> & StandardFields } | { ok: false; reason: string } {
  const problem = checkFields(logType.fields, obj);
  if (problem !== null) return { ok: false, reason: problem };
  const ind = new IndicatorSet();
  finishFields(logType.fields, obj, ind);
  if (logType.indicators !== undefined) logType.indicators(obj, ind);
  let eventTime = logType.eventTime !== undefined ? obj[logType.eventTime] : undefined;
  if (eventTime === undefined && logType.eventTimeFallbacks !== undefined) {
    for (const f of logType.eventTimeFallbacks) {
      eventTime = obj[f];
      if (eventTime !== undefined) break;
    }
  }
  const event = obj as Record<string, unknown> & StandardFields;
  event.p_log_type = logType.name;
  event.p_row_id = rowId;
  event.p_event_time = typeof eventTime === 'string' ? eventTime : parseTime;
  event.p_parse_time = parseTime;
  event.p_source_id = source.sourceId;
  event.p_source_label = source.sourceLabel;
  ind.writeTo(event);
  return { ok: true, event };
}
