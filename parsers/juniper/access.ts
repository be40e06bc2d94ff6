import { string } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { LOG_LEVELS, REFERENCE_BASE, bracket, commonFields, logLevelField, parseHead, startsWithHead } from './common.js';

const PHASE = /^PHASE_(REQUEST|RESPONSE)_(PRE|POST)_PROCESS$/;
const NO_SPACE = /^\S+$/;

/**
 * Parses the first line of an access log entry:
 * `Mmm dd hh:mm:ss host [LEVEL][mws-access][thread] key:KEY,PHASE_TYPE_STAGE_PROCESS,CLIENT_IP,URL`.
 */
export function parseAccess(line: string, nowMs: number): ParseResult {
  const head = parseHead(line, nowMs);
  if (typeof head === 'string') return { ok: false, reason: head };
  const rest = head.rest;
  const level = bracket(rest, 0);
  if (level === null || !LOG_LEVELS.has(level.value)) return { ok: false, reason: 'expected [LEVEL] after the hostname' };
  if (!rest.startsWith('[mws-access]', level.end)) return { ok: false, reason: 'not an [mws-access] line' };
  const thread = bracket(rest, level.end + 12);
  if (thread === null || !NO_SPACE.test(thread.value)) return { ok: false, reason: 'expected [thread] after [mws-access]' };
  let pos = thread.end;
  while (rest.charCodeAt(pos) === 0x20) pos++;
  if (!rest.startsWith('key:', pos)) return { ok: false, reason: 'expected "key:" after the thread' };
  const parts = rest.slice(pos + 4).split(',');
  if (parts.length < 4) return { ok: false, reason: 'expected key, phase, client IP and URL separated by commas' };
  const [key, phase, ip] = parts.map((p) => p.trim()) as [string, string, string];
  // A URL may hold commas of its own: it is the rest of the line.
  const url = parts.slice(3).join(',').trim();
  const ph = PHASE.exec(phase);
  if (ph === null) return { ok: false, reason: `invalid phase "${phase}": expected PHASE_(REQUEST|RESPONSE)_(PRE|POST)_PROCESS` };
  if (!NO_SPACE.test(key) || !NO_SPACE.test(ip) || !NO_SPACE.test(url)) return { ok: false, reason: 'key, client IP and URL must be non-empty words' };
  return {
    ok: true,
    event: {
      timestamp: head.timestamp,
      hostname: head.hostname,
      log_level: level.value,
      thread: thread.value,
      unique_request_key: key,
      type: ph[1],
      stage: ph[2],
      proxy_client_ip: ip,
      url,
    },
  };
}

/**
 * An access log entry spans several lines: the first line, then the HTTP message (request or
 * status line, headers, a blank line, the body). Once a first line has matched in an object,
 * the lines up to the next dated line are that message: they are skipped as headers.
 */
export function accessParser(now: () => number): (line: string) => ParseResult {
  let inMessage = false;
  return (line) => {
    const r = parseAccess(line, now());
    if (r.ok === true) {
      inMessage = true;
      return r;
    }
    if (inMessage && !startsWithHead(line)) return { ok: 'header' };
    inMessage = false;
    return r;
  };
}

export const Access = defineLogType({
  name: 'Juniper.Access',
  description: 'Juniper WebApp Secure access logs: every HTTP request and response passing through the appliance.',
  reference: `${REFERENCE_BASE}w-a-s-access-log.html`,
  fields: {
    ...commonFields,
    log_level: logLevelField,
    thread: string({ description: 'The specific thread that is handling the request or response.' }),
    unique_request_key: string({ description: 'A key used to uniquely identify requests.' }),
    type: string({ description: 'Whether the HTTP packet is a client request or a server response (REQUEST, RESPONSE).' }),
    stage: string({ description: 'Whether the HTTP packet is logged before (PRE) or after (POST) the Security Engine processes it.' }),
    proxy_client_ip: string({
      indicators: ['ip'],
      description: "The incoming client IP. Since WebApp Secure works behind an Nginx proxy, it is most likely '127.0.0.1'.",
    }),
    url: string({ indicators: ['url'], description: 'The full request or response URL.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => accessParser(Date.now) },
});
