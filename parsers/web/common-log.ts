// The NCSA access log layouts web servers share: common (`host ident user [time] "request"
// status bytes`) and combined (the same plus `"referer" "user-agent"`). Apache, nginx and
// Fastly write them with small differences (quoting, escaping, empty-body size), and those
// differences are what tells their lines apart, so the scanner reports them instead of
// hiding them. One pass of char-code checks, no regex over the whole line: a line of
// another format is rejected by the fourth token at the latest.
import type { ParseResult } from '../core/logtype.js';
import { fromParts, monthNumber } from '../core/time.js';

export interface AccessLine {
  readonly host: string;
  /** The second field (RFC 1413 identity), without quotes. */
  readonly ident: string;
  /** Fastly writes `"-"` for %l and %u; Apache and nginx never quote them. */
  readonly identQuoted: boolean;
  readonly user: string;
  readonly userQuoted: boolean;
  /** Normalized request time. */
  readonly time: string;
  /** The request line as written between the quotes (escapes kept). */
  readonly request: string;
  readonly status: number;
  /** `-` or decimal digits, as written. */
  readonly bytes: string;
  /** Present on combined lines (9 fields) only, as written between the quotes. */
  readonly referer?: string;
  readonly userAgent?: string;
  readonly fields: 7 | 9;
  /** A `\"` or `\\` inside a quoted field: Apache's escaping (nginx writes `\x22`, `\x5C`). */
  readonly backslashEscapes: boolean;
  /** A `\x22` or `\x5C` inside a quoted field: nginx's escaping (Apache writes `\"`, `\\`). */
  readonly hexEscapes: boolean;
}

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Shortened, quoted copy of a piece of a line for a rejection reason. */
export function show(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s);
}

export const reject = (reason: string): ParseResult => ({ ok: false, reason });

interface Quoted {
  readonly value: string;
  readonly next: number;
  readonly backslash: boolean;
  readonly hex: boolean;
}

/** A quoted field starting at `i` (on the quote); a backslash escapes the next character. */
function readQuoted(line: string, i: number, end: number, what: string): Quoted | string {
  let backslash = false;
  let hex = false;
  for (let j = i + 1; j < end; j++) {
    const c = line.charCodeAt(j);
    if (c === QUOTE) return { value: line.slice(i + 1, j), next: j + 1, backslash, hex };
    if (c !== BACKSLASH) continue;
    const n = line.charCodeAt(j + 1);
    if (n === QUOTE || n === BACKSLASH) backslash = true;
    else if (n === 120 /* x */) {
      const hh = line.slice(j + 2, j + 4).toLowerCase();
      if (hh === '22' || hh === '5c') hex = true;
    }
    j++;
  }
  return `${what}: no closing quote`;
}

interface Word {
  readonly value: string;
  readonly quoted: boolean;
  readonly next: number;
}

/** A space-delimited word, or a quoted one (Fastly's `"-"`). */
function readWord(line: string, i: number, end: number, what: string): Word | string {
  if (line.charCodeAt(i) === QUOTE) {
    const q = readQuoted(line, i, end, what);
    if (typeof q === 'string') return q;
    return { value: q.value, quoted: true, next: q.next };
  }
  let j = i;
  while (j < end && line.charCodeAt(j) !== SPACE) j++;
  if (j === i) return `${what} missing`;
  return { value: line.slice(i, j), quoted: false, next: j };
}

/** `[10/Oct/2000:13:55:36 -0700]` (nginx writes the same; a one-digit day is tolerated). */
const CLF_TIME = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** The bracketed CLF time (without brackets) as a normalized timestamp, or null. */
export function parseClfTime(s: string): string | null {
  const m = CLF_TIME.exec(s);
  if (m === null) return null;
  const [, d, mon, y, h, mi, sec, sign, oh, om] = m as unknown as string[];
  const month = monthNumber(mon as string);
  if (month === 0) return null;
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return fromParts(Number(y), month, Number(d), Number(h), Number(mi), Number(sec), '', offset);
}

/**
 * Scans a common or combined access line from `start`. Returns the pieces, or the reason
 * the line is not one. Trailing blanks are ignored; anything else after the 7th or 9th
 * field is a reason (other LogFormats such as combinedio are not these types).
 */
export function scanAccessLine(line: string, start = 0): AccessLine | string {
  let end = line.length;
  while (end > start && (line.charCodeAt(end - 1) === SPACE || line.charCodeAt(end - 1) === 13 || line.charCodeAt(end - 1) === 9)) end--;
  const c0 = line.charCodeAt(start);
  if (c0 === 123 || c0 === 91) return 'a JSON line, not an access log line';
  if (start >= end || c0 === SPACE || c0 === QUOTE || c0 === 60 /* < */ || c0 === 35 /* # */) {
    return `not an access log line: starts with ${show(line.slice(start, start + 20))}`;
  }

  let i = start;
  while (i < end && line.charCodeAt(i) !== SPACE) i++;
  const host = line.slice(start, i);
  if (i >= end) return `not an access log line: a single word ${show(host)}`;
  i++;

  const ident = readWord(line, i, end, 'identity (2nd field)');
  if (typeof ident === 'string') return ident;
  i = ident.next;
  if (line.charCodeAt(i) !== SPACE) return 'identity (2nd field) not followed by a space';
  i++;
  const user = readWord(line, i, end, 'user (3rd field)');
  if (typeof user === 'string') return user;
  i = user.next;
  if (line.charCodeAt(i) !== SPACE || line.charCodeAt(i + 1) !== 91 /* [ */) {
    return `not an access log line: no [time] as 4th field after ${show(line.slice(start, i))}`;
  }
  const close = line.indexOf(']', i + 2);
  if (close < 0 || close - i > 40) return 'time (4th field): no closing bracket';
  const time = parseClfTime(line.slice(i + 2, close));
  if (time === null) return `time (4th field): expected [dd/Mon/yyyy:hh:mm:ss +zzzz], got ${show(line.slice(i + 1, close + 1))}`;
  i = close + 1;

  if (line.charCodeAt(i) !== SPACE || line.charCodeAt(i + 1) !== QUOTE) return 'request (5th field): expected a quoted request line after the time';
  const request = readQuoted(line, i + 1, end, 'request (5th field)');
  if (typeof request === 'string') return request;
  i = request.next;

  if (line.charCodeAt(i) !== SPACE) return 'status (6th field) missing';
  const s0 = i + 1;
  if (!(isDigit(line.charCodeAt(s0)) && isDigit(line.charCodeAt(s0 + 1)) && isDigit(line.charCodeAt(s0 + 2)) && line.charCodeAt(s0 + 3) === SPACE)) {
    return `status (6th field): expected 3 digits, got ${show(line.slice(s0, s0 + 10))}`;
  }
  const status = Number(line.slice(s0, s0 + 3));
  i = s0 + 4;

  let j = i;
  while (j < end && line.charCodeAt(j) !== SPACE) j++;
  const bytes = line.slice(i, j);
  if (bytes !== '-') {
    if (bytes.length === 0 || bytes.length > 15) return `size (7th field): expected "-" or a number, got ${show(bytes)}`;
    for (let k = 0; k < bytes.length; k++) if (!isDigit(bytes.charCodeAt(k))) return `size (7th field): expected "-" or a number, got ${show(bytes)}`;
  }
  const base = {
    host,
    ident: ident.value,
    identQuoted: ident.quoted,
    user: user.value,
    userQuoted: user.quoted,
    time,
    request: request.value,
    status,
    bytes,
  };
  if (j >= end) return { ...base, fields: 7, backslashEscapes: request.backslash, hexEscapes: request.hex };

  if (line.charCodeAt(j + 1) !== QUOTE) return `unexpected ${show(line.slice(j + 1, j + 20))} after the size: neither the common nor the combined format`;
  const referer = readQuoted(line, j + 1, end, 'referer (8th field)');
  if (typeof referer === 'string') return referer;
  i = referer.next;
  if (line.charCodeAt(i) !== SPACE || line.charCodeAt(i + 1) !== QUOTE) return 'user agent (9th field): expected a quoted field after the referer';
  const agent = readQuoted(line, i + 1, end, 'user agent (9th field)');
  if (typeof agent === 'string') return agent;
  if (agent.next < end) return `unexpected ${show(line.slice(agent.next, agent.next + 21).trimStart())} after the user agent: more fields than the combined format`;
  return {
    ...base,
    referer: referer.value,
    userAgent: agent.value,
    fields: 9,
    backslashEscapes: request.backslash || referer.backslash || agent.backslash,
    hexEscapes: request.hex || referer.hex || agent.hex,
  };
}

/** `-` and the empty string mean "no value" in these formats. */
export const present = (s: string | undefined): s is string => s !== undefined && s !== '' && s !== '-';

/**
 * Splits a request line `METHOD URI PROTOCOL`; null when it is not one (a TLS handshake sent
 * to a plain-HTTP port, a scanner's garbage, HTTP/0.9's `GET /`).
 */
export function splitRequest(request: string): { method: string; uri: string; protocol: string } | null {
  const first = request.indexOf(' ');
  const last = request.lastIndexOf(' ');
  if (first <= 0 || last <= first + 1) return null;
  const protocol = request.slice(last + 1);
  if (!protocol.startsWith('HTTP/')) return null;
  return { method: request.slice(0, first), uri: request.slice(first + 1, last), protocol };
}
