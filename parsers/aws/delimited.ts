// Shared pieces of the AWS space-delimited text formats (ALB, S3 server access, VPC flow).
// They run on millions of lines: token checks are char-code loops, no regex that can backtrack.
import { ParserOptions } from '@fast-csv/parse';
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';
import type { ParseResult } from '../core/logtype.js';

/** AWS writes `-` for a value that is absent, unknown or not applicable. */
export const ABSENT = '-';

export const reject = (reason: string): ParseResult => ({ ok: false, reason });

// One parser serves every line: its parse() is synchronous and keeps no state between calls.
const QUOTED = new Parser(new ParserOptions({ delimiter: ' ', quote: '"', escape: '\\' }));

/** Splits a space-delimited line with "quoted" fields (backslash escapes quotes); a string is the reason it failed. */
export function quotedRow(line: string): string[] | string {
  let rows: string[][];
  try {
    rows = QUOTED.parse(line, false).rows as string[][];
  } catch (err) {
    return (err as Error).message;
  }
  const row = rows[0];
  if (row === undefined || rows.length !== 1) return 'not a single delimited row';
  // A trailing space (S3 writes some) leaves an empty last column: it is not a field.
  while (row.length > 0 && row[row.length - 1] === '') row.pop();
  return row;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** A strict decimal integer (optional leading minus), or NaN: no blanks, exponents, hex or fractions. */
export function toInt(s: string): number {
  const start = s.charCodeAt(0) === 45 ? 1 : 0;
  if (s.length === start || s.length - start > 16) return Number.NaN;
  for (let i = start; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return Number.NaN;
  return Number(s);
}

/** A strict decimal number such as -1, 0.000 or 12.5, or NaN. */
export function toFloat(s: string): number {
  const start = s.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = -1;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c === 46 && dot < 0 && digits > 0) dot = i;
    else return Number.NaN;
  }
  if (digits === 0 || dot === s.length - 1) return Number.NaN;
  return Number(s);
}

/** Shortened, quoted copy of a token for a rejection reason. */
export function show(token: string): string {
  return JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}...` : token);
}

/** `kebab-case-name` to `kebabCaseName`. */
export function camelCase(kebab: string): string {
  let out = '';
  let upper = false;
  for (const ch of kebab) {
    if (ch === '-') upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out;
}

/** Splits `host:port` at the last colon (ALB writes IPv6 clients unbracketed, the port after the last colon). */
export function splitHostPort(s: string): [string, string | undefined] {
  const colon = s.lastIndexOf(':');
  if (colon <= 0) return [s, undefined];
  const host = s.charCodeAt(0) === 91 && s.charCodeAt(colon - 1) === 93 ? s.slice(1, colon - 1) : s.slice(0, colon);
  return [host, s.slice(colon + 1)];
}

/** What a line that is not ours looks like, for a short reason. */
export function notOurs(line: string, what: string): ParseResult {
  const c = line.charCodeAt(0);
  if (c === 123 || c === 91) return reject(`a JSON line, not ${what}`);
  const sp = line.indexOf(' ');
  return reject(`not ${what}: starts with ${show(sp < 0 ? line : line.slice(0, sp))}`);
}
