import { int, map, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { parseRfc3339 } from '../core/time.js';
import { hostnameField, parsePri, priorityFields, stripBom } from './common.js';

// RFC 5424 6.2.3: a full RFC 3339 date-time with "T" and a mandatory offset.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const PRINTUSASCII = /^[\x21-\x7e]+$/;
// SD-NAME: printable US-ASCII except '=', space, ']' and '"' (6.3.2/6.3.3).
const SD_NAME = /^[\x21\x23-\x3c\x3e-\x5c\x5e-\x7e]{1,32}$/;
const BSD_START = /^[A-Z][a-z]{2} /;

type StructuredData = Record<string, Record<string, string>>;

/** Index-based reader over one line, so errors can say where the line went wrong. */
class Scanner {
  pos = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.pos >= this.s.length;
  }
  peek(): string {
    return this.s.charAt(this.pos);
  }
  /** Reads up to (not including) the next space or the end of the line. */
  token(): string {
    const end = this.s.indexOf(' ', this.pos);
    const tok = this.s.slice(this.pos, end < 0 ? this.s.length : end);
    this.pos += tok.length;
    return tok;
  }
  /** Reads while `stop` does not match the current character. */
  until(stop: (c: string) => boolean): string {
    const start = this.pos;
    while (!this.done && !stop(this.peek())) this.pos++;
    return this.s.slice(start, this.pos);
  }
}

const HEADER = ['TIMESTAMP', 'HOSTNAME', 'APP-NAME', 'PROCID', 'MSGID'] as const;

function parseStructuredData(sc: Scanner): StructuredData | string {
  // Maps, then Object.fromEntries: an SD-ID or name such as "__proto__" stays a plain own key.
  const sd = new Map<string, Map<string, string>>();
  while (sc.peek() === '[') {
    sc.pos++;
    const id = sc.until((c) => c === ' ' || c === ']');
    if (!SD_NAME.test(id)) return `invalid SD-ID "${id}"`;
    let params = sd.get(id);
    if (params === undefined) sd.set(id, (params = new Map()));
    while (sc.peek() === ' ') {
      sc.pos++;
      const name = sc.until((c) => c === '=' || c === ' ' || c === ']');
      if (!SD_NAME.test(name)) return `invalid SD-PARAM name "${name}" in [${id}]`;
      if (sc.s.slice(sc.pos, sc.pos + 2) !== '="') return `SD-PARAM ${name} in [${id}]: expected ="value"`;
      sc.pos += 2;
      // PARAM-VALUE escapes only '"', '\' and ']'; any other backslash is kept as it is (6.3.3).
      let value = '';
      for (;;) {
        if (sc.done) return `SD-PARAM ${name} in [${id}]: unterminated value`;
        const c = sc.peek();
        sc.pos++;
        if (c === '"') break;
        if (c === '\\' && (sc.peek() === '"' || sc.peek() === '\\' || sc.peek() === ']')) {
          value += sc.peek();
          sc.pos++;
        } else {
          value += c;
        }
      }
      params.set(name, value);
    }
    if (sc.peek() !== ']') return sc.done ? `SD-ELEMENT [${id}]: missing "]"` : `SD-ELEMENT [${id}]: unexpected "${sc.peek()}"`;
    sc.pos++;
  }
  return Object.fromEntries([...sd].map(([id, params]) => [id, Object.fromEntries(params)]));
}

/** Parses one RFC 5424 line: `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]`. */
export function parseRfc5424(line: string): ParseResult {
  const pri = parsePri(line);
  if (typeof pri === 'string') return { ok: false, reason: pri };
  const version = /^([1-9]\d{0,2}) /.exec(pri.rest);
  if (version === null) {
    return {
      ok: false,
      reason: BSD_START.test(pri.rest)
        ? 'no VERSION after <PRI>: an RFC 3164 (BSD) line, not RFC 5424'
        : 'expected VERSION (1-999) and a space after <PRI>',
    };
  }
  const event: Record<string, unknown> = {
    priority: pri.priority,
    facility: pri.facility,
    severity: pri.severity,
    version: Number(version[1]),
  };
  const sc = new Scanner(pri.rest.slice(version[0].length));
  const header: string[] = [];
  for (const part of HEADER) {
    if (sc.done) return { ok: false, reason: `truncated header: ${part} missing` };
    const tok = sc.token();
    if (!PRINTUSASCII.test(tok)) return { ok: false, reason: `${part}: empty or not printable US-ASCII` };
    header.push(tok);
    if (sc.peek() !== ' ') return { ok: false, reason: `truncated line: nothing after ${part}` };
    sc.pos++;
  }
  const [ts, hostname, appname, procid, msgid] = header as [string, string, string, string, string];
  if (ts !== '-') {
    const normalized = TIMESTAMP.test(ts) ? parseRfc3339(ts) : null;
    if (normalized === null) return { ok: false, reason: `invalid TIMESTAMP "${ts}": expected RFC 3339 with an offset, or -` };
    event.timestamp = normalized;
  }
  // NILVALUE "-" means absent.
  if (hostname !== '-') event.hostname = hostname;
  if (appname !== '-') event.appname = appname;
  if (procid !== '-') event.procid = procid;
  if (msgid !== '-') event.msgid = msgid;

  if (sc.peek() === '-') {
    sc.pos++;
  } else if (sc.peek() === '[') {
    const sd = parseStructuredData(sc);
    if (typeof sd === 'string') return { ok: false, reason: `STRUCTURED-DATA: ${sd}` };
    event.structured_data = sd;
  } else {
    return { ok: false, reason: 'STRUCTURED-DATA: expected "-" or "["' };
  }
  if (!sc.done) {
    if (sc.peek() !== ' ') return { ok: false, reason: `expected a space before MSG, got "${sc.peek()}"` };
    const message = stripBom(sc.s.slice(sc.pos + 1));
    if (message !== '') event.message = message;
  }
  return { ok: true, event };
}

export const RFC5424 = defineLogType({
  name: 'Syslog.RFC5424',
  description: 'Syslog messages in the RFC 5424 format.',
  reference: 'https://tools.ietf.org/html/rfc5424',
  fields: {
    ...priorityFields,
    version: int({ required: true, description: 'The syslog protocol version (1 for RFC 5424).' }),
    timestamp: timestamp({ description: 'When the message was created, in UTC; absent for a "-" timestamp.' }),
    hostname: hostnameField,
    appname: string({ description: 'The device or application that originated the message.' }),
    procid: string({ description: 'Often the process ID; any value that helps detect discontinuities in reporting.' }),
    msgid: string({ description: "The type of message, e.g. a firewall's TCPIN for incoming TCP traffic." }),
    structured_data: map(map(string()), {
      description: 'STRUCTURED-DATA: SD-ID to its parameters (name to value, escapes resolved).',
    }),
    message: string({ description: 'The free-form message text (MSG), without a leading byte order mark.' }),
  },
  // A "-" timestamp leaves p_event_time at the parse time, as Panther did.
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => parseRfc5424 },
  indicators: (e, set) => {
    // The RFC's own "origin" SD-ID carries the originator's IP addresses (7.2.1).
    set.add('ip', e.structured_data?.origin?.ip);
  },
});
