// What the Juniper WebApp Secure (formerly Mykonos) log files share: every line starts with
// "Mmm dd hh:mm:ss hostname " in UTC, without a year.
import { string, timestamp } from '../core/fields.js';
import { monthNumber } from '../core/time.js';
import { bsdTimestamp } from '../syslog/rfc3164.js';

export const REFERENCE_BASE = 'https://www.juniper.net/documentation/en_US/webapp5.6/topics/reference/';

// Anchored, one pass: the month, a day that may be space-padded, the time, the host.
const HEAD = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) /;

export interface Head {
  /** Normalized UTC timestamp. */
  readonly timestamp: string;
  readonly hostname: string;
  /** The line after the hostname and its space. */
  readonly rest: string;
}

/** Reads the date and host every Juniper line starts with; a string is the reason it does not. */
export function parseHead(line: string, nowMs: number): Head | string {
  // Cheapest checks first: most lines the classifier offers start otherwise.
  const c = line.charCodeAt(0);
  if (c < 0x41 || c > 0x5a || line.charCodeAt(3) !== 0x20) return 'expected "Mmm dd hh:mm:ss hostname" at the start of the line';
  const m = HEAD.exec(line);
  if (m === null) return 'expected "Mmm dd hh:mm:ss hostname" at the start of the line';
  const [whole, mon, d, h, mi, s, hostname] = m as unknown as [string, string, string, string, string, string, string];
  const month = monthNumber(mon);
  // The year is missing: the latest one that does not put the line more than a day ahead.
  const ts = month === 0 ? null : bsdTimestamp(month, Number(d), Number(h), Number(mi), Number(s), nowMs);
  if (ts === null) return `invalid timestamp "${whole.slice(0, whole.length - hostname.length - 2)}"`;
  return { timestamp: ts, hostname, rest: line.slice(whole.length) };
}

/** Whether a line starts like a Juniper line does (a new entry, not a continuation). */
export function startsWithHead(line: string): boolean {
  return HEAD.test(line);
}

export const LOG_LEVELS: ReadonlySet<string> = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']);

/** `[content]` at `pos`: the content and the index after "]", or null. Contents hold no "]". */
export function bracket(s: string, pos: number): { value: string; end: number } | null {
  if (s.charCodeAt(pos) !== 0x5b) return null;
  const close = s.indexOf(']', pos + 1);
  if (close < 0) return null;
  return { value: s.slice(pos + 1, close), end: close + 1 };
}

export function skipSpaces(s: string, pos: number): number {
  while (s.charCodeAt(pos) === 0x20 || s.charCodeAt(pos) === 0x09) pos++;
  return pos;
}

export const commonFields = {
  timestamp: timestamp({ required: true, description: 'Log entry timestamp, in UTC; the log has no year, so it is the latest one not more than a day ahead.' }),
  hostname: string({ indicators: ['hostname'], description: 'The hostname of the appliance.' }),
} as const;

export const logLevelField = string({ description: 'The importance level of a log entry: TRACE, DEBUG, INFO, WARN or ERROR.' });
