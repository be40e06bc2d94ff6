// Timestamps leave the parsers in one layout, Panther's Athena-compatible
// "YYYY-MM-DD HH:MM:SS.fffffffff" in UTC, so they sort as strings and existing Panther
// helpers (which cut the nanoseconds) keep working. The fraction is carried as digits, not
// through Date, so microsecond and nanosecond vendor precision survives.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Formats epoch milliseconds (plus optional extra nanoseconds below the millisecond). */
export function formatEpochMs(ms: number, subMsNanos = 0): string | null {
  if (!Number.isFinite(ms)) return null;
  const whole = Math.floor(ms);
  const d = new Date(whole);
  if (Number.isNaN(d.getTime())) return null;
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) return null;
  const nanos = (whole - Math.floor(whole / 1000) * 1000) * 1_000_000 + Math.round((ms - whole) * 1_000_000) + subMsNanos;
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(Math.min(nanos, 999_999_999), 9)}`;
}

/** RFC 3339 / ISO 8601 date-times (also with a space for T and no zone, read as UTC). */
export function parseRfc3339(s: string): string | null {
  const m = RFC3339.exec(s);
  if (m === null) return null;
  const [, y, mo, d, h, mi, sec, frac = '', zone = 'Z'] = m as unknown as string[];
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  let ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(ms);
  if (check.getUTCDate() !== day) return null; // e.g. February 30th
  if (second === 60) ms += 1000; // leap second: fold into the next one
  if (zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offMin * 60_000;
  }
  const out = formatEpochMs(ms);
  if (out === null) return null;
  return out.slice(0, 20) + frac.padEnd(9, '0');
}

const UNIT_MS = { unix: 1000, unix_ms: 1, unix_us: 0.001, unix_ns: 0.000001 } as const;

/** Epoch numbers in seconds, ms, µs or ns; numeric strings are accepted too. */
export function parseEpoch(raw: unknown, unit: keyof typeof UNIT_MS): string | null {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) n = Number(raw);
  else return null;
  if (!Number.isFinite(n)) return null;
  if (unit === 'unix') {
    // Keep sub-second digits exactly when given as a string ("1600000000.123456").
    const s = typeof raw === 'string' ? raw.trim() : String(raw);
    const dot = s.indexOf('.');
    const secs = Math.floor(n);
    const base = formatEpochMs(secs * 1000);
    if (base === null) return null;
    if (dot < 0 || /e/i.test(s)) return formatEpochMs(n * 1000);
    return base.slice(0, 20) + s.slice(dot + 1, dot + 10).padEnd(9, '0');
  }
  return formatEpochMs(n * UNIT_MS[unit]);
}

/** The partition hour of a normalized timestamp: [year, month, day, hour]. */
export function partitionOf(ts: string): [string, string, string, string] {
  return [ts.slice(0, 4), ts.slice(5, 7), ts.slice(8, 10), ts.slice(11, 13)];
}

export function nowTimestamp(): string {
  return formatEpochMs(Date.now()) as string;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** Month name (Jan, january, ...) to 1-12, or 0. */
export function monthNumber(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? 0;
}

/** Builds a normalized timestamp from UTC parts; null when the parts do not form a date. */
export function fromParts(year: number, month: number, day: number, hour: number, minute: number, second: number, fracDigits = '', offsetMinutes = 0): string | null {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const out = formatEpochMs(ms + (second === 60 ? 1000 : 0));
  return out === null ? null : out.slice(0, 20) + fracDigits.slice(0, 9).padEnd(9, '0');
}
