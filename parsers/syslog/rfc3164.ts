import { string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { fromParts, monthNumber, parseRfc3339 } from '../core/time.js';
import { hostnameField, parsePri, priorityFields } from './common.js';

// "Mmm dd hh:mm:ss", the day space-padded ("Feb  5"); a single space is tolerated too.
const BSD_TIMESTAMP = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?: |$)/;
// Some senders put an RFC 3339 timestamp in a BSD line; Panther's parser accepted those.
const RFC3339_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2}))(?: |$)/;
// TAG[PID]: at the start of the MSG part. RFC 3164 says alphanumeric, but real tags carry
// '-', '_', '.', '/' (systemd-logind, postfix/smtpd), so anything but space, brackets and ':'.
const TAG = /^([^\s[\]:]{1,64})(?:\[([^\]\s]*)\])?:(?: |$)/;

const DAY_MS = 86_400_000;

/**
 * The year of a BSD timestamp, which carries none. The rule: the latest year (from next year
 * back) that does not put the time more than a day ahead of `nowMs`. A day of slack absorbs
 * clock skew and time zones around New Year; going back up to four years finds a February 29th.
 * Everything is UTC. Returns the normalized timestamp, or null when no year makes a date.
 */
export function bsdTimestamp(month: number, day: number, hour: number, minute: number, second: number, nowMs: number): string | null {
  const thisYear = new Date(nowMs).getUTCFullYear();
  const limit = nowMs + DAY_MS;
  for (let year = thisYear + 1; year >= thisYear - 4; year--) {
    const ts = fromParts(year, month, day, hour, minute, second);
    if (ts === null) continue;
    if (Date.UTC(year, month - 1, day, hour, minute, second) <= limit) return ts;
  }
  return null;
}

/** Parses one RFC 3164 line, `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`, taking `now` for the year. */
export function parseRfc3164(line: string, nowMs: number): ParseResult {
  const pri = parsePri(line);
  if (typeof pri === 'string') return { ok: false, reason: pri };
  let rest = pri.rest;
  if (/^\d{1,3} /.test(rest)) return { ok: false, reason: 'VERSION after <PRI>: an RFC 5424 line, not RFC 3164' };

  let ts: string | null;
  const bsd = BSD_TIMESTAMP.exec(rest);
  if (bsd !== null) {
    const [, mon, d, h, mi, s] = bsd as unknown as [string, string, string, string, string, string];
    const month = monthNumber(mon);
    ts = month === 0 ? null : bsdTimestamp(month, Number(d), Number(h), Number(mi), Number(s), nowMs);
    if (ts === null) return { ok: false, reason: `invalid TIMESTAMP "${bsd[0].trim()}"` };
    rest = rest.slice(bsd[0].length);
  } else {
    const iso = RFC3339_TIMESTAMP.exec(rest);
    ts = iso === null ? null : parseRfc3339(iso[1] as string);
    if (iso === null || ts === null) return { ok: false, reason: 'expected a "Mmm dd hh:mm:ss" TIMESTAMP after <PRI>' };
    rest = rest.slice(iso[0].length);
  }

  const event: Record<string, unknown> = { priority: pri.priority, facility: pri.facility, severity: pri.severity, timestamp: ts };
  // HOSTNAME, unless the sender left it out and the next word is already the TAG.
  const space = rest.indexOf(' ');
  const first = space < 0 ? rest : rest.slice(0, space);
  if (first === '') return { ok: false, reason: 'HOSTNAME missing after TIMESTAMP' };
  if (!TAG.test(rest)) {
    event.hostname = first;
    rest = space < 0 ? '' : rest.slice(space + 1);
  }
  const tag = TAG.exec(rest);
  if (tag !== null) {
    event.appname = tag[1];
    if (tag[2] !== undefined && tag[2] !== '') event.procid = tag[2];
    rest = rest.slice(tag[0].length);
  }
  // No TAG: the whole remainder is the message (RFC 3164 5.4 example 3, "Use the BFG!").
  if (rest !== '') event.message = rest;
  return { ok: true, event };
}

export const RFC3164 = defineLogType({
  name: 'Syslog.RFC3164',
  description: 'Syslog messages in the RFC 3164 (BSD syslog) format.',
  reference: 'https://tools.ietf.org/html/rfc3164',
  fields: {
    ...priorityFields,
    timestamp: timestamp({
      required: true,
      description: 'When the message was created, in UTC; a BSD timestamp has no year, so it is the latest one not more than a day ahead.',
    }),
    hostname: hostnameField,
    appname: string({ description: 'The program or process that generated the message (the TAG).' }),
    procid: string({ description: 'The process ID in brackets after the TAG, when given.' }),
    msgid: string({ description: 'Never set by RFC 3164 lines; kept so the columns match Panther.' }),
    message: string({ description: 'The free-form message text (CONTENT).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => (line) => parseRfc3164(line, Date.now()) },
});
