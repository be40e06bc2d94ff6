// Cron expressions of scheduled queries, in UTC with minute resolution. Two forms are accepted:
// the classic 5 fields Panther's console writes (`min hour day-of-month month day-of-week`,
// Sunday = 0 or 7) and AWS EventBridge's 6 fields (`min hour day-of-month month day-of-week year`,
// Sunday = 1, `?` for "no value"), optionally wrapped in `cron(...)`. Names (JAN, MON), lists,
// ranges, steps and `L` (last day of the month) are understood; `W` and `#` are rejected with a
// message rather than misread.

export interface CronSchedule {
  /** The source text, as written. */
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  /** Days of the month 1-31; `lastDay` adds the month's last day. */
  readonly days: ReadonlySet<number>;
  readonly lastDay: boolean;
  readonly months: ReadonlySet<number>;
  /** Days of the week, 0 = Sunday. */
  readonly weekdays: ReadonlySet<number>;
  /** Undefined: any year. */
  readonly years?: ReadonlySet<number>;
  /** Whether day-of-month / day-of-week were restricted (classic cron matches either when both are). */
  readonly daysRestricted: boolean;
  readonly weekdaysRestricted: boolean;
}

export class CronError extends Error {
  constructor(source: string, reason: string) {
    super(`invalid cron expression ${JSON.stringify(source)}: ${reason}`);
    this.name = 'CronError';
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Name -> value (months, days of the week). */
  readonly names?: Readonly<Record<string, number>>;
}

function nameMap(names: readonly string[], first: number): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, i + first]));
}

/** Parses one field into its set of values; `*` and `?` give the whole range. */
function parseField(source: string, text: string, f: FieldSpec): { values: Set<number>; restricted: boolean } {
  const values = new Set<number>();
  if (text === '*' || text === '?') {
    for (let v = f.min; v <= f.max; v++) values.add(v);
    return { values, restricted: false };
  }
  const num = (s: string): number => {
    const named = f.names?.[s.toUpperCase()];
    if (named !== undefined) return named;
    if (!/^\d+$/.test(s)) throw new CronError(source, `${f.name}: ${JSON.stringify(s)} is not a number${f.names !== undefined ? ' or a name' : ''}`);
    const n = Number(s);
    if (n < f.min || n > f.max) throw new CronError(source, `${f.name}: ${n} is outside ${f.min}-${f.max}`);
    return n;
  };
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(source, `${f.name}: empty list element`);
    if (/[W#]/i.test(part) && !/^[A-Z]+$/i.test(part)) throw new CronError(source, `${f.name}: ${JSON.stringify(part)} (W and # are not supported)`);
    const [range = '', stepText] = part.split('/');
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new CronError(source, `${f.name}: step ${JSON.stringify(stepText)} must be a positive number`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*') {
      lo = f.min;
      hi = f.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      lo = num(a);
      hi = num(b);
      if (lo > hi) throw new CronError(source, `${f.name}: range ${range} goes backwards`);
    } else {
      lo = num(range);
      // `5/15`: from 5 to the end, every 15.
      hi = stepText !== undefined ? f.max : lo;
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, restricted: true };
}

/** Parses a 5-field (classic) or 6-field (AWS) cron expression; throws CronError naming the field. */
export function parseCron(expression: string): CronSchedule {
  const source = expression;
  let text = expression.trim();
  const wrapped = /^cron\((.*)\)$/i.exec(text);
  if (wrapped !== null) text = (wrapped[1] ?? '').trim();
  const fields = text.split(/\s+/).filter((s) => s !== '');
  if (fields.length !== 5 && fields.length !== 6) throw new CronError(source, `expected 5 fields (min hour day month weekday) or 6 (AWS: ... year), got ${fields.length}`);
  const aws = fields.length === 6;
  const [min = '', hour = '', dom = '', mon = '', dow = '', year] = fields;
  const minutes = parseField(source, min, { name: 'minutes', min: 0, max: 59 });
  const hours = parseField(source, hour, { name: 'hours', min: 0, max: 23 });
  const lastDay = /^L$/i.test(dom);
  const days = lastDay ? { values: new Set<number>(), restricted: true } : parseField(source, dom, { name: 'day-of-month', min: 1, max: 31 });
  const months = parseField(source, mon, { name: 'month', min: 1, max: 12, names: nameMap(MONTHS, 1) });
  // AWS numbers weekdays 1-7 from Sunday; classic cron 0-7 with both 0 and 7 meaning Sunday.
  const weekdayField = aws ? { name: 'day-of-week', min: 1, max: 7, names: nameMap(DAYS, 1) } : { name: 'day-of-week', min: 0, max: 7, names: nameMap(DAYS, 0) };
  const parsedDow = parseField(source, dow, weekdayField);
  const weekdays = new Set([...parsedDow.values].map((d) => (aws ? d - 1 : d % 7)));
  if (aws && (dom === '?') === (dow === '?')) throw new CronError(source, 'AWS cron needs `?` in exactly one of day-of-month and day-of-week');
  if (!aws && (dom === '?' || dow === '?')) throw new CronError(source, '`?` is only valid in the 6-field AWS form');
  let years: Set<number> | undefined;
  if (year !== undefined) {
    const y = parseField(source, year, { name: 'year', min: 1970, max: 2199 });
    if (y.restricted) years = y.values;
  }
  return {
    source,
    minutes: minutes.values,
    hours: hours.values,
    days: days.values,
    lastDay,
    months: months.values,
    weekdays,
    ...(years !== undefined ? { years } : {}),
    daysRestricted: days.restricted,
    weekdaysRestricted: parsedDow.restricted,
  };
}

function lastDayOfMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** Whether the schedule fires at the minute of `t` (UTC; seconds ignored). */
export function cronMatches(c: CronSchedule, t: Date): boolean {
  if (!c.minutes.has(t.getUTCMinutes()) || !c.hours.has(t.getUTCHours()) || !c.months.has(t.getUTCMonth() + 1)) return false;
  if (c.years !== undefined && !c.years.has(t.getUTCFullYear())) return false;
  const dom = c.days.has(t.getUTCDate()) || (c.lastDay && t.getUTCDate() === lastDayOfMonth(t));
  const dow = c.weekdays.has(t.getUTCDay());
  // Classic cron: when both day fields are restricted, either one matching is enough.
  if (c.daysRestricted && c.weekdaysRestricted) return dom || dow;
  if (c.daysRestricted) return dom;
  if (c.weekdaysRestricted) return dow;
  return true;
}

const MINUTE = 60_000;
/** How far back a fire time is searched for (a scheduler down for longer runs the query once). */
const MAX_SEARCH_MINUTES = 366 * 24 * 60;

/** The latest fire time in (after, upTo], minutes floored; undefined when none. */
export function lastFireBetween(c: CronSchedule, after: Date, upTo: Date): Date | undefined {
  const lo = Math.floor(after.getTime() / MINUTE) * MINUTE;
  let t = Math.floor(upTo.getTime() / MINUTE) * MINUTE;
  const stop = Math.max(lo, t - MAX_SEARCH_MINUTES * MINUTE);
  for (; t > stop; t -= MINUTE) {
    const d = new Date(t);
    if (cronMatches(c, d)) return d;
  }
  return undefined;
}

/** The first fire time strictly after `after` (within a year), for messages; undefined when none. */
export function nextFireAfter(c: CronSchedule, after: Date): Date | undefined {
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < MAX_SEARCH_MINUTES; i++, t += MINUTE) {
    const d = new Date(t);
    if (cronMatches(c, d)) return d;
  }
  return undefined;
}
