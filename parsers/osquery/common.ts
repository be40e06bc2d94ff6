// What the four osquery log types share: the calendarTime format, field declarations, the
// string-or-number normalization osquery's --logger_numerics switch calls for, and the
// indicators hidden in well-known column names.
import { bigint, boolean, map, string, timestamp } from '../core/fields.js';
import type { Indicator } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { fromParts, monthNumber, parseEpoch } from '../core/time.js';

export const REFERENCE = 'https://osquery.readthedocs.io/en/stable/deployment/logging/';

// "Tue Sep 22 18:23:51 2020 UTC" (asctime plus zone); the day may be space-padded or not. The
// docs' examples and agents before 2016 leave " UTC" out (and then may mean local time): such
// values are read as UTC, unixTime stays exact. The weekday is not checked: lines in the wild
// carry wrong ones ("Tue Nov 5 2018").
const CALENDAR_TIME = /^[A-Z][a-z]{2} +([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})(?: (?:UTC|GMT))?$/;

/** calendarTime to the normalized layout; null when it is not one. */
export function parseCalendarTime(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const m = CALENDAR_TIME.exec(raw.trim());
  if (m === null) return null;
  const [, mon, d, h, mi, s, y] = m as unknown as [string, string, string, string, string, string, string];
  const month = monthNumber(mon);
  return month === 0 ? null : fromParts(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
}

/** unixTime as osquery writes it: a number, or a numeric string unless numerics are on. */
export function parseUnixTime(raw: unknown): string | null {
  return parseEpoch(raw, 'unix');
}

/**
 * osquery writes numbers as strings ("counter": "1") unless --logger_numerics is on, and older
 * versions wrote flags as "true"/"false": such fields coerce, so each column keeps one type.
 * Column values are strings, whatever --logger_numerics made of them.
 */
export const columnValue = string({ coerce: true });

const HOST_IDENTIFIER = 'The host identifier (--host_identifier): the hostname by default, or a UUID.';

/** Fields of every query result log (differential, batch and snapshot). */
export const resultFields = {
  name: string({ required: true, description: 'The name of the scheduled query (pack_<pack>_<query> for packs).' }),
  hostIdentifier: string({ indicators: ['hostname'], description: HOST_IDENTIFIER }),
  calendarTime: timestamp({ required: true, format: parseCalendarTime, description: 'When the query ran (UTC).' }),
  unixTime: timestamp({ required: true, format: parseUnixTime, description: 'When the query ran, from epoch seconds.' }),
  epoch: bigint({ required: true, coerce: true, description: 'The schedule epoch (--schedule_epoch): differentials are computed within one epoch.' }),
  counter: bigint({ coerce: true, description: 'How many times the query ran in this epoch; 0 for the initial results.' }),
  numerics: boolean({ coerce: true, description: 'Whether numeric columns are logged as numbers (--logger_numerics).' }),
  logNumericsAsNumbers: boolean({ coerce: true, description: 'The older name of numerics (before osquery 4.1).' }),
  decorations: map(columnValue, { description: 'Decorator query results added to every log line.' }),
  log_type: string({ description: '"result", added by some logger plugins (TLS, Kinesis, Firehose).' }),
} as const;

/** hostIdentifier where it is required (snapshot and status logs always carry it). */
export const requiredHostIdentifier = string({ required: true, indicators: ['hostname'], description: HOST_IDENTIFIER });

/** The host name key of the docs' differential and batch examples (and Panther's Batch schema). */
export const hostnameField = string({
  indicators: ['hostname'],
  description: 'The host, under the key the osquery docs show for event and batch results; real agents write hostIdentifier.',
});

/** Differential and batch lines carry hostIdentifier (agents) or hostname (the docs): one is needed. */
export function checkHost(obj: Record<string, unknown>): string | null {
  return typeof obj.hostIdentifier === 'string' || typeof obj.hostname === 'string' ? null : 'hostIdentifier: required field missing (nor hostname)';
}

/** Rejects a line that names itself as another kind of osquery log in log_type. */
export function checkLogType(obj: Record<string, unknown>, expected: 'result' | 'status'): string | null {
  const lt = obj.log_type;
  return lt === undefined || lt === null || lt === expected ? null : `log_type is ${JSON.stringify(lt)}, not "${expected}"`;
}

// Well-known osquery column names whose values are indicators (process_open_sockets,
// listening_ports, arp_cache, interface_addresses, hash, users, logged_in_users, etc.).
const COLUMN_INDICATORS = new Map<string, Indicator>([
  ['local_address', 'ip'],
  ['remote_address', 'ip'],
  ['address', 'ip'],
  ['host_ip', 'ip'],
  ['ipv4_address', 'ip'],
  ['ipv6_address', 'ip'],
  ['ip_address', 'ip'],
  ['gateway', 'ip'],
  ['host', 'hostname'],
  ['hostname', 'hostname'],
  ['local_hostname', 'hostname'],
  ['username', 'username'],
  ['user', 'username'],
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha256', 'sha256'],
  ['email', 'email'],
]);

/** Adds the indicators of one row (columns, a snapshot row, decorations). */
export function rowIndicators(row: Readonly<Record<string, string>> | undefined, set: IndicatorSet): void {
  if (row === undefined) return;
  for (const k in row) {
    const kind = COLUMN_INDICATORS.get(k);
    const v = row[k];
    // Wildcard bind addresses (listening_ports) point at nothing.
    if (kind === undefined || (kind === 'ip' && (v === '0.0.0.0' || v === '::'))) continue;
    set.add(kind, v);
  }
}
