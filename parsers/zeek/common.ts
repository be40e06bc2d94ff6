// What the four Zeek log types share: the connection fields every one of them starts with, the
// ts format, and one line parser for both ways Zeek writes logs: JSON (LogAscii::use_json) and
// its default TSV with `#separator`, `#path`, `#fields`, `#types` header lines.
//
// A log type can have one parser only, so each Zeek type is a text parser that also reads the
// JSON lines itself. Other formats' lines are turned away on the first character ('#' header,
// '{' JSON, anything else a TSV data line that needs a #fields header first), and a JSON line is
// parsed only when it carries Zeek's "id.orig_h" key.
import { int, string, timestamp, type Field, type Fields } from '../core/fields.js';
import type { ParseResult } from '../core/logtype.js';
import { parseEpoch, parseRfc3339 } from '../core/time.js';

export const SCRIPTS_REFERENCE = 'https://docs.zeek.org/en/current/scripts/base/protocols/';

/** The four logs, by their #path (also the `_path` key some shippers add to JSON lines). */
export type ZeekPath = 'dns' | 'conn' | 'http' | 'ssl';
const PATHS: readonly ZeekPath[] = ['dns', 'conn', 'http', 'ssl'];

// Keys only one of the four logs writes (among all Zeek logs that carry a connection id): a line
// needs one of its own and none of the others'. Each set includes fields Zeek always writes
// (`rejected` for DNS, `missed_bytes` for conn, `trans_depth` for HTTP, `established` for SSL)
// and the everyday ones of reduced field sets (query, conn_state, method, cipher...).
const MARKS: Readonly<Record<ZeekPath, readonly string[]>> = {
  dns: ['query', 'qtype', 'qtype_name', 'qclass', 'rcode', 'rcode_name', 'answers', 'TTLs', 'rejected'],
  conn: ['conn_state', 'missed_bytes', 'orig_pkts', 'resp_pkts', 'orig_ip_bytes', 'resp_ip_bytes', 'tunnel_parents'],
  http: ['trans_depth', 'method', 'uri', 'status_code', 'request_body_len', 'response_body_len', 'resp_mime_types'],
  ssl: ['cipher', 'curve', 'established', 'resumed', 'ssl_history', 'next_protocol', 'cert_chain_fps', 'cert_chain_fuids', 'sni_matches_cert'],
};
// sip.log shares trans_depth, method, uri and status_code with http.log: its own keys rule it out.
const LOOKALIKES: Readonly<Partial<Record<ZeekPath, readonly string[]>>> = {
  http: ['call_id', 'request_from', 'request_to', 'response_from', 'response_to', 'request_path', 'response_path', 'reply_to'],
};

/** Whether a line (by the keys it has) belongs to `path`: null, or the reason it does not. */
export function identify(path: ZeekPath, has: (key: string) => boolean): string | null {
  for (const other of PATHS) {
    if (other === path) continue;
    const key = MARKS[other].find(has);
    if (key !== undefined) return `${key} present: a Zeek ${other} log, not ${path}`;
  }
  const alien = LOOKALIKES[path]?.find(has);
  if (alien !== undefined) return `${alien} present: not a Zeek ${path} log`;
  return MARKS[path].some(has) ? null : `none of ${MARKS[path].join(', ')}: not a Zeek ${path} log`;
}

// ---- time ----------------------------------------------------------------------------

// Beyond this an epoch number is milliseconds (JSON::TS_MILLIS), not seconds: 1e11 s is year 5138.
const MS_THRESHOLD = 1e11;
const EPOCH = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * Zeek times: epoch seconds with microseconds (TSV, and JSON by default), epoch milliseconds
 * (LogAscii::json_timestamps = JSON::TS_MILLIS) or ISO 8601 (JSON::TS_ISO8601).
 */
export function parseZeekTime(raw: unknown): string | null {
  if (typeof raw === 'number') return parseEpoch(raw, raw > MS_THRESHOLD ? 'unix_ms' : 'unix');
  if (typeof raw !== 'string') return null;
  // The unit is decided before parsing: milliseconds read as seconds fall beyond year 9999.
  if (EPOCH.test(raw)) return parseEpoch(raw, Number(raw) > MS_THRESHOLD ? 'unix_ms' : 'unix');
  return parseRfc3339(raw);
}

// ---- the connection fields -----------------------------------------------------------

/** ts, uid and the connection 4-tuple (conn_id), flattened with dotted keys as Zeek writes them. */
export function connectionFields<const D extends string>(tsDescription: D) {
  return {
    ts: timestamp({ required: true, format: parseZeekTime, description: tsDescription }),
    uid: string({
      required: true,
      indicators: ['trace_id'],
      description: 'The unique identifier of the connection; the same uid ties together the entries of every Zeek log about it.',
    }),
    'id.orig_h': string({ required: true, indicators: ['ip'], description: "The originator's (client's) IP address." }),
    'id.orig_p': int({ required: true, description: "The originator's port number." }),
    'id.resp_h': string({ required: true, indicators: ['ip'], description: "The responder's (server's) IP address." }),
    'id.resp_p': int({ required: true, description: "The responder's port number." }),
  } as const;
}

// ---- the line parser -----------------------------------------------------------------

export interface ZeekLogSpec {
  readonly path: ZeekPath;
  /** The log type's declared fields: they give each TSV column its type. */
  readonly fields: Fields;
}

type Scalar = 'string' | 'int' | 'float' | 'time' | 'bool' | 'epoch';
interface Column {
  readonly name: string;
  /** Value type, or element type for sets and vectors. */
  readonly scalar: Scalar;
  readonly container: boolean;
}

/** How a declared field reads from TSV. */
function fromField(name: string, field: Field): Column {
  const container = field.kind === 'array';
  const f = field.kind === 'array' ? field.element : field;
  const scalar: Scalar =
    f.kind === 'timestamp' ? 'time' : f.kind === 'int' || f.kind === 'bigint' ? 'int' : f.kind === 'float' ? 'float' : f.kind === 'boolean' ? 'bool' : 'string';
  return { name, scalar, container };
}

/** How an undeclared column reads, from its #types entry; times become epoch numbers, as in Zeek's JSON. */
function fromZeekType(name: string, type: string | undefined): Column {
  let t = type ?? 'string';
  let container = false;
  const open = t.indexOf('[');
  if (open > 0 && t.endsWith(']') && (t.startsWith('set') || t.startsWith('vector'))) {
    container = true;
    t = t.slice(open + 1, -1);
  }
  const scalar: Scalar =
    t === 'count' || t === 'int' || t === 'port' ? 'int' : t === 'double' || t === 'interval' ? 'float' : t === 'bool' ? 'bool' : t === 'time' ? 'epoch' : 'string';
  return { name, scalar, container };
}

/** What a file's first header lines announce: it holds for every block of the file, whatever its #path. */
interface Preamble {
  sep: string;
  setSep: string;
  empty: string;
  unset: string;
  /** Counts #separator lines: a new one starts a new file, so the parser forgets its block. */
  generation: number;
}

interface State {
  readonly pre: Preamble;
  /** The preamble generation this parser's block state belongs to. */
  generation: number;
  /** The #path of the current block, once announced. */
  path: string | undefined;
  names: string[] | undefined;
  columns: Column[] | undefined;
}

const reject = (reason: string): ParseResult => ({ ok: false, reason });
const HEADER: ParseResult = { ok: 'header' };

/** A parser factory for one Zeek log: create() is called once per source object. */
export function zeekParser(spec: ZeekLogSpec): () => (line: string) => ParseResult {
  const declared = new Map(Object.entries(spec.fields).map(([name, f]) => [name, fromField(name, f)]));
  return () => {
    // The classifier shows every header line to every text parser, so each keeps its own preamble.
    const pre: Preamble = { sep: '\t', setSep: ',', empty: '(empty)', unset: '-', generation: 0 };
    const state: State = { pre, generation: 0, path: undefined, names: undefined, columns: undefined };
    return (line) => {
      if (state.generation !== state.pre.generation) {
        state.generation = state.pre.generation;
        state.path = state.names = state.columns = undefined;
      }
      const c = line.charCodeAt(0);
      if (c === 0x7b) return parseJsonLine(spec.path, line);
      if (c === 0x23) return parseHeader(spec.path, declared, state, line);
      if (state.path !== undefined && state.path !== spec.path) return reject(`a line of a Zeek ${state.path} log (#path ${state.path}), not ${spec.path}`);
      if (state.columns === undefined) return reject(`not a Zeek ${spec.path} line: JSON, or TSV after a #fields header`);
      return parseRow(state.pre, state.columns, line);
    };
  };
}

function parseJsonLine(path: ZeekPath, line: string): ParseResult {
  // Cheap before JSON.parse: every one of the four logs has the originator address.
  if (!line.includes('"id.orig_h"')) return reject(`not a Zeek ${path} JSON line: no "id.orig_h"`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return reject(`invalid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return reject('JSON value is not an object');
  const obj = value as Record<string, unknown>;
  // Shippers that merge all Zeek logs into one stream name the log in `_path`.
  const named = obj._path;
  if (named !== undefined && named !== null) {
    return named === path ? { ok: true, event: obj } : reject(`_path is ${JSON.stringify(named)}, not "${path}"`);
  }
  const why = identify(path, (k) => obj[k] !== undefined && obj[k] !== null);
  return why === null ? { ok: true, event: obj } : reject(why);
}

// The header keywords Zeek's ASCII writer emits.
const KEYWORDS = new Set(['separator', 'set_separator', 'empty_field', 'unset_field', 'path', 'open', 'fields', 'types', 'close']);

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e;
}

function parseHeader(path: ZeekPath, declared: ReadonlyMap<string, Column>, state: State, line: string): ParseResult {
  let end = 1;
  while (end < line.length && ((line.charCodeAt(end) >= 0x61 && line.charCodeAt(end) <= 0x7a) || line.charCodeAt(end) === 0x5f)) end++;
  const keyword = line.slice(1, end);
  if (!KEYWORDS.has(keyword)) return reject(`not a Zeek header line: "#${keyword}"`);
  if (keyword === 'separator') {
    // "#separator \x09": the one header written with a space, its value escaped.
    const sep = unescape(line.slice(end).trim());
    if (sep === '') return reject('#separator without a value');
    Object.assign(state.pre, { sep, setSep: ',', empty: '(empty)', unset: '-', generation: state.pre.generation + 1 });
    state.generation = state.pre.generation;
    state.path = state.names = state.columns = undefined;
    return HEADER;
  }
  // Should this parser have missed the #separator line (a file cut after its preamble), the
  // separator is what stands between the keyword and a value made of name characters (#path,
  // #fields, #types, #open, #close).
  let sep = state.pre.sep;
  if (!line.startsWith(sep, end)) {
    if (keyword === 'set_separator' || keyword === 'empty_field' || keyword === 'unset_field') {
      const c = line.charCodeAt(end);
      if (c !== 0x20 && c !== 0x09) return reject(`#${keyword} is not followed by the separator`);
      sep = line[end] as string;
    } else {
      let i = end;
      while (i < line.length && !isNameChar(line.charCodeAt(i))) i++;
      if (i === end) return reject(`#${keyword} is not followed by a separator`);
      sep = line.slice(end, i);
    }
  }
  const value = line.slice(end + sep.length);
  const foreign = state.path !== undefined && state.path !== path;
  switch (keyword) {
    case 'set_separator':
      state.pre.setSep = unescape(value);
      return HEADER;
    case 'empty_field':
      state.pre.empty = value;
      return HEADER;
    case 'unset_field':
      state.pre.unset = value;
      return HEADER;
    case 'path':
      state.path = value.trim();
      state.names = undefined;
      state.columns = undefined;
      return state.path === path ? HEADER : reject(`#path ${state.path}: a Zeek ${state.path} log, not ${path}`);
    case 'fields': {
      if (foreign) return reject(`#fields of a Zeek ${state.path} log (#path ${state.path}), not ${path}`);
      const names = value.split(sep);
      if (names.some((n) => n === '') || new Set(names).size !== names.length) return reject('#fields has an empty or repeated name');
      if (state.path === undefined) {
        // No #path: the columns tell the log apart, as the keys of a JSON line do.
        const set = new Set(names);
        const why = identify(path, (k) => set.has(k));
        if (why !== null) return reject(`#fields: ${why}`);
      }
      state.pre.sep = sep;
      state.names = names;
      state.columns = names.map((n) => declared.get(n) ?? fromZeekType(n, undefined));
      return HEADER;
    }
    case 'types': {
      if (foreign) return reject(`#types of a Zeek ${state.path} log (#path ${state.path}), not ${path}`);
      const names = state.names;
      if (names === undefined) return reject('#types before #fields');
      const types = value.split(sep);
      if (types.length !== names.length) return reject(`#types has ${types.length} entries, #fields ${names.length}`);
      state.columns = names.map((n, i) => declared.get(n) ?? fromZeekType(n, types[i]));
      return HEADER;
    }
    default: // open, close: the block's timestamps
      return foreign ? reject(`#${keyword} of a Zeek ${state.path} log (#path ${state.path}), not ${path}`) : HEADER;
  }
}

const BAD = Symbol('bad');

function parseRow(state: Preamble, columns: readonly Column[], line: string): ParseResult {
  const values = line.split(state.sep);
  if (values.length !== columns.length) return reject(`Zeek TSV line has ${values.length} fields, #fields announced ${columns.length}`);
  const event: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) {
    const raw = values[i] as string;
    if (raw === state.unset) continue;
    const col = columns[i] as Column;
    if (col.container) {
      if (raw === state.empty) {
        event[col.name] = [];
        continue;
      }
      const parts = raw.split(state.setSep);
      const out: unknown[] = [];
      for (const part of parts) {
        if (part === state.unset) {
          out.push(null);
          continue;
        }
        const v = scalar(col.scalar, part);
        if (v === BAD) return reject(`${col.name}: ${show(part)} is not ${article(col.scalar)}`);
        out.push(v);
      }
      event[col.name] = out;
      continue;
    }
    if (raw === state.empty) {
      // Zeek writes an empty string as the empty-field marker too.
      if (col.scalar === 'string') event[col.name] = '';
      continue;
    }
    const v = scalar(col.scalar, raw);
    if (v === BAD) return reject(`${col.name}: ${show(raw)} is not ${article(col.scalar)}`);
    event[col.name] = v;
  }
  return { ok: true, event };
}

const INTEGER = /^-?\d{1,16}$/;
const NUMBER = /^-?\d{1,20}(?:\.\d{1,20})?(?:[eE][-+]?\d{1,4})?$/;

function scalar(kind: Scalar, raw: string): unknown {
  switch (kind) {
    case 'string':
      return unescape(raw);
    case 'int':
      return INTEGER.test(raw) ? Number(raw) : BAD;
    case 'float':
      return NUMBER.test(raw) ? Number(raw) : BAD;
    case 'epoch':
      return NUMBER.test(raw) ? Number(raw) : BAD;
    case 'bool':
      return raw === 'T' ? true : raw === 'F' ? false : BAD;
    case 'time':
      // From the string, so the microseconds stay exact.
      return parseEpoch(raw, 'unix') ?? BAD;
  }
}

function article(kind: Scalar): string {
  return { string: 'a string', int: 'an integer', float: 'a number', epoch: 'a time', bool: 'T or F', time: 'a time' }[kind];
}

function show(token: string): string {
  return JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}...` : token);
}

const ESCAPE = /\\x[0-9a-fA-F]{2}/;
const ESCAPES = /(?:\\x[0-9a-fA-F]{2})+/g;

/**
 * Zeek writes separators, non-printable and (without LogAscii::enable_utf_8) non-ASCII bytes
 * as \xHH; runs of them are decoded as UTF-8, so escaped multi-byte characters come back whole.
 */
export function unescape(s: string): string {
  if (!ESCAPE.test(s)) return s;
  return s.replace(ESCAPES, (run) => {
    const bytes = new Uint8Array(run.length / 4);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 4 + 2, i * 4 + 4), 16);
    return Buffer.from(bytes).toString('utf8');
  });
}
