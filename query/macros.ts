// Panther's SQL time macros, expanded before a query reaches DuckDB or Athena (both engines call
// expandMacros). Each becomes a time filter on the lake's tables: bounds on the hourly partitions
// (year, month, day, hour: what lets Athena's partition projection skip data) plus the exact
// bounds on p_event_time, as Panther expands them.
//
//   p_occurs_since(interval[, alias])           p_event_time >= now - interval
//   p_occurs_between(start, end[, alias])       start <= p_event_time <= end
//   p_occurs_around(timestamp, interval[, alias]) timestamp - interval <= p_event_time <= timestamp + interval
//   p_occurs_after(timestamp[, alias])          p_event_time >= timestamp
//   p_occurs_before(timestamp[, alias])         p_event_time <= timestamp
//
// Times are quoted literals ('2024-03-04', '2024-03-04 10:00:00', ISO 8601 with a zone; UTC when
// none). Intervals are seconds as a number, or quoted text with a unit: '30 s', '15 minutes',
// '6 h', '1 day', '2 weeks'. The alias qualifies the columns (`t.p_event_time`) in joins.
// Macro names inside string literals, quoted identifiers and comments are left alone.

import { QueryError } from './types.js';

export class MacroError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MacroError';
  }
}

export interface ExpandOptions {
  /** The clock of p_occurs_since (default: now). */
  readonly now?: Date;
}

const MACROS = {
  p_occurs_since: ['interval'],
  p_occurs_between: ['start', 'end'],
  p_occurs_around: ['timestamp', 'interval'],
  p_occurs_after: ['timestamp'],
  p_occurs_before: ['timestamp'],
} as const satisfies Record<string, readonly string[]>;

type MacroName = keyof typeof MACROS;

const MACRO_CALL = /p_occurs_(since|between|around|after|before)\s*\(/iy;
const IDENT_CHAR = /[A-Za-z0-9_$]/;

/** Seconds per unit of an interval. */
const UNITS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
};

/** Whether the SQL calls any macro (outside strings and comments). */
export function hasMacros(sql: string): boolean {
  return findCalls(sql).length > 0;
}

/** The SQL with every macro call replaced by its filter; a malformed call is a MacroError naming the macro and argument. */
export function expandMacros(sql: string, opts: ExpandOptions = {}): string {
  const calls = findCalls(sql);
  if (calls.length === 0) return sql;
  const now = opts.now ?? new Date();
  let out = '';
  let at = 0;
  for (const c of calls) {
    out += sql.slice(at, c.start) + expandCall(c.name, c.args, now);
    at = c.end;
  }
  return out + sql.slice(at);
}

/** expandMacros as the engines run it: a malformed call is a failed query (QueryError) with the macro's message. */
export function expandQueryMacros(sql: string, opts: ExpandOptions = {}): string {
  try {
    return expandMacros(sql, opts);
  } catch (err) {
    if (err instanceof MacroError) throw new QueryError(err.message);
    throw err;
  }
}

interface Call {
  readonly name: MacroName;
  readonly args: readonly string[];
  /** The call's span in the SQL, name to closing parenthesis included. */
  readonly start: number;
  readonly end: number;
}

/** Skips a quoted run starting at `i` (the quote); doubled quotes escape. Returns the index after it. */
function skipQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  for (;;) {
    const k = sql.indexOf(quote, j);
    if (k < 0) return sql.length;
    if (sql[k + 1] === quote) j = k + 2;
    else return k + 1;
  }
}

/** Skips a comment at `i`, or returns `i` when none starts there. */
function skipComment(sql: string, i: number): number {
  if (sql.startsWith('--', i)) {
    const k = sql.indexOf('\n', i);
    return k < 0 ? sql.length : k + 1;
  }
  if (sql.startsWith('/*', i)) {
    const k = sql.indexOf('*/', i + 2);
    return k < 0 ? sql.length : k + 2;
  }
  return i;
}

function findCalls(sql: string): Call[] {
  const calls: Call[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(sql, i, ch);
      continue;
    }
    const afterComment = skipComment(sql, i);
    if (afterComment !== i) {
      i = afterComment;
      continue;
    }
    const prev = i > 0 ? (sql[i - 1] as string) : ' ';
    MACRO_CALL.lastIndex = i;
    const m = IDENT_CHAR.test(prev) || prev === '.' ? null : MACRO_CALL.exec(sql);
    if (m === null) {
      i++;
      continue;
    }
    const name = `p_occurs_${(m[1] as string).toLowerCase()}` as MacroName;
    const { args, end } = callArgs(sql, i + m[0].length, name);
    calls.push({ name, args, start: i, end });
    i = end;
  }
  return calls;
}

/** The top-level, comma-separated arguments from `i` (just after the open parenthesis) to the matching close. */
function callArgs(sql: string, i: number, name: string): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let from = i;
  let j = i;
  while (j < sql.length) {
    const ch = sql[j] as string;
    if (ch === "'" || ch === '"' || ch === '`') {
      j = skipQuoted(sql, j, ch);
      continue;
    }
    const afterComment = skipComment(sql, j);
    if (afterComment !== j) {
      j = afterComment;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) {
        const last = sql.slice(from, j).trim();
        if (last !== '' || args.length > 0) args.push(last);
        return { args, end: j + 1 };
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      args.push(sql.slice(from, j).trim());
      from = j + 1;
    }
    j++;
  }
  throw new MacroError(`${name}: the call has no closing parenthesis`);
}

function expandCall(name: MacroName, args: readonly string[], now: Date): string {
  const params = MACROS[name];
  const usage = `${name}(${[...params, '[table alias]'].join(', ')})`;
  if (args.length < params.length || args.length > params.length + 1) {
    throw new MacroError(`${name}: expected ${params.length} or ${params.length + 1} arguments, got ${args.length}: ${usage}`);
  }
  const arg = (k: number): string => args[k] as string;
  const alias = args.length > params.length ? tableAlias(name, arg(params.length), params.length + 1) : undefined;
  const time = (k: number): number => timestampArg(name, params[k] as string, k + 1, arg(k));
  const span = (k: number): number => intervalArg(name, params[k] as string, k + 1, arg(k));
  switch (name) {
    case 'p_occurs_since':
      return timeFilter(now.getTime() - span(0), undefined, alias);
    case 'p_occurs_between': {
      const [start, end] = [time(0), time(1)];
      if (end < start) throw new MacroError(`${name}: argument 2 (end) ${arg(1)} is before argument 1 (start) ${arg(0)}`);
      return timeFilter(start, end, alias);
    }
    case 'p_occurs_around': {
      const [at, around] = [time(0), span(1)];
      return timeFilter(at - around, at + around, alias);
    }
    case 'p_occurs_after':
      return timeFilter(time(0), undefined, alias);
    case 'p_occurs_before':
      return timeFilter(undefined, time(0), alias);
  }
}

const PLAIN_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUOTED_IDENT = /^"(?:[^"]|"")+"$/;

function tableAlias(name: string, text: string, position: number): string {
  if (PLAIN_IDENT.test(text) || QUOTED_IDENT.test(text)) return text;
  // A quoted string alias, as Panther's examples sometimes write it.
  const s = stringLiteral(text);
  if (s !== undefined && PLAIN_IDENT.test(s)) return s;
  throw new MacroError(`${name}: argument ${position} (table alias) ${describe(text)} is not a table alias (a name such as t or "my table")`);
}

function stringLiteral(text: string): string | undefined {
  return /^'(?:[^']|'')*'$/.test(text) ? text.slice(1, -1).replace(/''/g, "'") : undefined;
}

/** An argument as shown in an error: bounded, since queries can be long. */
function describe(text: string): string {
  if (text === '') return '(empty)';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A quoted timestamp as epoch ms (UTC when it has no zone). */
function timestampArg(name: string, param: string, position: number, text: string): number {
  const s = stringLiteral(text);
  const bad = (why: string): MacroError => new MacroError(`${name}: argument ${position} (${param}) ${describe(text)} ${why}`);
  if (s === undefined) throw bad("is not a quoted timestamp such as '2024-03-04 10:00:00'");
  const m = DATE_TIME.exec(s.trim());
  if (m === null) throw bad("is not a timestamp such as '2024-03-04', '2024-03-04 10:00:00' or '2024-03-04T10:00:00Z'");
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const ms = frac === '' ? '' : `.${frac.slice(1, 4).padEnd(3, '0')}`;
  const z = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${ms}${z}`;
  const t = Date.parse(iso);
  // Date.parse rolls some impossible dates over; a round trip of the fields catches them.
  if (!Number.isFinite(t) || new Date(Date.parse(`${y}-${mo}-${d}T00:00:00Z`)).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) throw bad('is not a valid date');
  return t;
}

/** An interval as ms: seconds as a number, or '<n> <unit>'. */
function intervalArg(name: string, param: string, position: number, text: string): number {
  const s = stringLiteral(text) ?? text;
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)?$/.exec(s.trim());
  const unit = m?.[2]?.toLowerCase();
  const per = unit === undefined ? 1 : UNITS[unit];
  if (m === null || per === undefined) {
    throw new MacroError(`${name}: argument ${position} (${param}) ${describe(text)} is not an interval such as '6 hours', '30 m', '1 day' or a number of seconds`);
  }
  const ms = Number(m[1]) * per * 1000;
  // Date's range: past it there is no timestamp to compare with.
  if (!(ms <= 8.64e15)) throw new MacroError(`${name}: argument ${position} (${param}) ${describe(text)} is too long`);
  return ms;
}

/** The hour partition key yyyymmddhh of a time: the four partition columns compared as one number. */
function hourKey(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 1_000_000 + (d.getUTCMonth() + 1) * 10_000 + d.getUTCDate() * 100 + d.getUTCHours();
}

function sqlTimestamp(ms: number): string {
  return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/**
 * The filter: plain bounds on year (and on month, day, hour while a range stays within one year,
 * month, day: bounds Athena's partition projection prunes on), the hour range over the four
 * partition columns, and the exact p_event_time bounds (inclusive).
 */
function timeFilter(from: number | undefined, to: number | undefined, alias: string | undefined): string {
  const col = (c: string): string => (alias === undefined ? c : `${alias}.${c}`);
  const key = `(${col('year')} * 1000000 + ${col('month')} * 10000 + ${col('day')} * 100 + ${col('hour')})`;
  const parts: string[] = [];
  if (from !== undefined) parts.push(`${col('year')} >= ${new Date(from).getUTCFullYear()}`);
  if (to !== undefined) parts.push(`${col('year')} <= ${new Date(to).getUTCFullYear()}`);
  // Plain bounds on each partition column while the range stays within one value of the column above.
  if (from !== undefined && to !== undefined) {
    const [a, b] = [new Date(from), new Date(to)];
    const levels: Array<[string, number, number, boolean]> = [
      ['month', a.getUTCMonth() + 1, b.getUTCMonth() + 1, a.getUTCFullYear() === b.getUTCFullYear()],
      ['day', a.getUTCDate(), b.getUTCDate(), a.getUTCMonth() === b.getUTCMonth()],
      ['hour', a.getUTCHours(), b.getUTCHours(), a.getUTCDate() === b.getUTCDate()],
    ];
    for (const [name, lo, hi, same] of levels) {
      if (!same) break;
      parts.push(`${col(name)} >= ${lo}`, `${col(name)} <= ${hi}`);
    }
  }
  if (from !== undefined) parts.push(`${key} >= ${hourKey(from)}`);
  if (to !== undefined) parts.push(`${key} <= ${hourKey(to)}`);
  if (from !== undefined) parts.push(`${col('p_event_time')} >= ${sqlTimestamp(from)}`);
  if (to !== undefined) parts.push(`${col('p_event_time')} <= ${sqlTimestamp(to)}`);
  return `(${parts.join(' AND ')})`;
}
