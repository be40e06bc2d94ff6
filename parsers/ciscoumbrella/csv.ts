// What the four Cisco Umbrella S3 export formats share: comma-separated rows with every field
// double-quoted (some exporters leave quotes out, some put a space after the comma), a
// "YYYY-MM-DD HH:MM:SS" UTC timestamp first, comma-joined lists inside fields, and an optional
// header row (log format v11). The types tell themselves apart by column count and value shapes.
import { isIP } from 'node:net';
import { ParserOptions } from '@fast-csv/parse';
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';
import type { IndicatorSet } from '../core/indicators.js';
import type { ParseResult } from '../core/logtype.js';
import { fromParts, parseEpoch } from '../core/time.js';

/** The overview of every export format and its versions (the IP log format is documented there). */
export const REFERENCE = 'https://docs.umbrella.com/deployment-umbrella/docs/log-formats-and-versioning';

export const reject = (reason: string): ParseResult => ({ ok: false, reason });

// One parser serves every line: parse() is synchronous and keeps no state between calls.
const CSV = new Parser(new ParserOptions({ delimiter: ',', quote: '"' }));

// The classifier offers the same line to all four types in a row: the last split is kept so
// the line is parsed once. Rows are only read, never changed.
let lastLine: string | undefined;
let lastRow: readonly string[] | string = '';

/** Splits a CSV row; a string is the reason it failed. */
export function csvRow(line: string): readonly string[] | string {
  if (line === lastLine) return lastRow;
  let out: readonly string[] | string;
  try {
    const rows = CSV.parse(line, false).rows as string[][];
    out = rows.length === 1 && rows[0] !== undefined ? rows[0] : 'not a single CSV row';
  } catch (err) {
    out = (err as Error).message;
  }
  lastLine = line;
  lastRow = out;
  return out;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The cheap test every Umbrella parser runs first: the line opens with a quoted (or bare)
 * "YYYY-MM-DD HH:MM:SS" and a comma. Null when it does, else a short reason.
 */
export function openingProblem(line: string, what: string): string | null {
  const s = line.charCodeAt(0) === 34 ? 1 : 0;
  if (
    isDigit(line.charCodeAt(s)) &&
    isDigit(line.charCodeAt(s + 3)) &&
    line.charCodeAt(s + 4) === 45 &&
    line.charCodeAt(s + 7) === 45 &&
    line.charCodeAt(s + 10) === 32 &&
    line.charCodeAt(s + 13) === 58 &&
    line.charCodeAt(s + 16) === 58 &&
    line.charCodeAt(s + 19 + s) === 44
  ) {
    return null;
  }
  const c = line.charCodeAt(0);
  if (c === 123 || c === 91) return `a JSON line, not ${what}`;
  const comma = line.indexOf(',');
  return `not ${what}: does not start with a "YYYY-MM-DD HH:MM:SS" timestamp column but ${show(comma < 0 ? line : line.slice(0, comma))}`;
}

/** The timestamp column ("2015-01-16 17:48:41", UTC) normalized, or null. */
export function umbrellaTime(v: string): string | null {
  if (v.length !== 19) return null;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!isDigit(v.charCodeAt(i))) return null;
  const n = (from: number, to: number): number => Number(v.slice(from, to));
  return fromParts(n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19));
}

/** Shortened, quoted copy of a value for a rejection reason. */
export function show(v: string): string {
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
}

/** A strict non-negative decimal integer (no sign, blanks or fractions), or NaN. */
export function toUint(s: string): number {
  if (s.length === 0 || s.length > 15) return Number.NaN;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return Number.NaN;
  return Number(s);
}

/** An uppercase word such as ALLOWED, OUTBOUND or ALLOW (verdicts and directions). */
export function isUpperWord(s: string): boolean {
  if (s.length === 0 || s.length > 32) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 95 || c === 45)) return false;
  }
  return true;
}

/** Empty (Umbrella writes "" for an unknown value) or an IP address. */
export const ipOrEmpty = (s: string): boolean => s === '' || isIP(s) !== 0;

/** How a column is read into the event. */
export type Kind = 'string' | 'list' | 'int' | 'epoch';
export type Columns = ReadonlyArray<readonly [key: string, kind: Kind]>;

/**
 * Reads the known columns of a row into an event; columns Umbrella may add after them are not
 * read. Empty (or blank) values are left out. Column 0, the timestamp, is read by the caller.
 */
export function readColumns(row: readonly string[], columns: Columns, event: Record<string, unknown>): string | null {
  const n = Math.min(row.length, columns.length);
  for (let i = 1; i < n; i++) {
    const raw = row[i] as string;
    const v = raw.trim();
    if (v === '') continue;
    const [key, kind] = columns[i] as readonly [string, Kind];
    switch (kind) {
      case 'string':
        event[key] = v;
        break;
      case 'list':
        // "Chat,Photo Sharing" and "AD Users, Roaming Computers": both are lists.
        event[key] = v.split(',').map((x) => x.trim()).filter((x) => x !== '');
        break;
      case 'int': {
        const num = toUint(v);
        if (Number.isNaN(num)) return `${key}: expected an integer, got ${show(raw)}`;
        event[key] = num;
        break;
      }
      case 'epoch': {
        const ts = Number.isNaN(toUint(v)) ? null : parseEpoch(v, 'unix');
        if (ts === null) return `${key}: expected epoch seconds, got ${show(raw)}`;
        event[key] = ts;
        break;
      }
    }
  }
  return null;
}

/** Lower case, letters and digits only: "Origin IDs" and "originIds" both become "originids". */
const headerName = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Whether a row is the optional header row (log format v11) of a type: it names the timestamp
 * first and carries the type's distinctive column names.
 */
export function isHeader(row: readonly string[], markers: readonly string[], excluded: readonly string[] = []): boolean {
  if (headerName(row[0] ?? '') !== 'timestamp') return false;
  const names = new Set(row.map(headerName));
  return markers.every((m) => names.has(m)) && !excluded.some((m) => names.has(m));
}

/** Whether a line may be a header row: it starts with "timestamp", quoted or not, in any case. */
export function mayBeHeader(line: string): boolean {
  const s = line.charCodeAt(0) === 34 ? 1 : 0;
  return (line.charCodeAt(s) | 0x20) === 116 && line.slice(s, s + 9).toLowerCase() === 'timestamp';
}

/** Identities such as "Jane Doe (jane.doe@example.com)" or "jdoe@example.com" carry an email. */
export function identityEmails(identities: readonly string[] | undefined, set: IndicatorSet): void {
  for (const id of identities ?? []) {
    if (!id.includes('@')) continue;
    const open = id.lastIndexOf('(');
    const close = id.lastIndexOf(')');
    set.add('email', open >= 0 && close > open ? id.slice(open + 1, close) : id);
  }
}

/** Turns a parsed row into a result: the timestamp, the columns, the type's own checks. */
export function rowEvent(row: readonly string[], columns: Columns): ParseResult {
  const time = umbrellaTime((row[0] as string).trim());
  if (time === null) return reject(`timestamp: expected "YYYY-MM-DD HH:MM:SS", got ${show(row[0] as string)}`);
  const event: Record<string, unknown> = { [columns[0]?.[0] ?? 'timestamp']: time };
  const problem = readColumns(row, columns, event);
  return problem === null ? { ok: true, event } : reject(problem);
}
