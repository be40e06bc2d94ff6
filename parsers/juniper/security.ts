import { boolean, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { parseRfc3339 } from '../core/time.js';
import { LOG_LEVELS, REFERENCE_BASE, bracket, commonFields, logLevelField, parseHead, skipSpaces } from './common.js';

type Kind = 'string' | 'int' | 'bool' | 'time';
// MKS_<key> (matched case-insensitively: the docs spell PubKey where lines say pubkey) to field.
const FIELDS: Readonly<Record<string, readonly [string, Kind]>> = {
  category: ['category', 'string'],
  profileid: ['profile_id', 'string'],
  profilename: ['profile_name', 'string'],
  pubkey: ['pubkey', 'string'],
  type: ['incident', 'string'],
  severity: ['severity', 'int'],
  srcip: ['source_ip', 'string'],
  useragent: ['user_agent', 'string'],
  url: ['url', 'string'],
  count: ['count', 'int'],
  fakeresponse: ['fake_response', 'bool'],
  responsecode: ['response_code', 'string'],
  responsename: ['response_name', 'string'],
  responsecreated: ['created_date', 'time'],
  responsedelayed: ['delay_date', 'time'],
  responseexpires: ['expiration_date', 'time'],
  responseconfig: ['response_config', 'string'],
  silentrunning: ['silent_running', 'bool'],
};
const UINT = /^\d{1,9}$/;

/** Reads `MKS_Key="value" ...`; values are double-quoted, `\"` and `\\` escaped. */
function readPairs(s: string, out: Record<string, unknown>): string | null {
  let pos = skipSpaces(s, 0);
  while (pos < s.length) {
    const eq = s.indexOf('=', pos);
    if (eq < 0) return `expected MKS_Key="value" at "${s.slice(pos, pos + 20)}"`;
    const name = s.slice(pos, eq);
    if (!name.startsWith('MKS_') || s.charCodeAt(eq + 1) !== 0x22) return `expected MKS_Key="value" at "${s.slice(pos, pos + 20)}"`;
    let value = '';
    let i = eq + 2;
    for (;;) {
      if (i >= s.length) return `${name}: unterminated value`;
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c && i + 1 < s.length) i++;
      value += s.charAt(i);
      i++;
    }
    const key = name.slice(4).toLowerCase();
    if (!Object.hasOwn(FIELDS, key)) return `unknown field ${name}`;
    const problem = setField(out, FIELDS[key] as readonly [string, Kind], value);
    if (problem !== null) return `${name}="${value}": ${problem}`;
    pos = skipSpaces(s, i + 1);
  }
  return null;
}

function setField(out: Record<string, unknown>, [field, kind]: readonly [string, Kind], value: string): string | null {
  // Empty values and the "null" a response without expiry carries are absent values.
  if (value === '' || value === 'null') return null;
  switch (kind) {
    case 'string':
      out[field] = value;
      return null;
    case 'int':
      if (!UINT.test(value)) return 'expected a number';
      out[field] = Number(value);
      return null;
    case 'bool': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') return 'expected true or false';
      out[field] = v === 'true';
      return null;
    }
    case 'time': {
      // "2014-10-13 16:33:54.0", UTC.
      const ts = parseRfc3339(value);
      if (ts === null) return 'expected a date and time';
      out[field] = ts;
      return null;
    }
  }
}

/** Parses `Mmm dd hh:mm:ss host [LEVEL][mws-security-alert][service] MKS_Category="..." MKS_...="..."`. */
export function parseSecurity(line: string, nowMs: number): ParseResult {
  const head = parseHead(line, nowMs);
  if (typeof head === 'string') return { ok: false, reason: head };
  const rest = head.rest;
  const level = bracket(rest, 0);
  if (level === null || !LOG_LEVELS.has(level.value)) return { ok: false, reason: 'expected [LEVEL] after the hostname' };
  if (!rest.startsWith('[mws-security-alert]', level.end)) return { ok: false, reason: 'not an [mws-security-alert] line' };
  const service = bracket(rest, level.end + 20);
  if (service === null) return { ok: false, reason: 'expected [service] after [mws-security-alert]' };
  const event: Record<string, unknown> = { timestamp: head.timestamp, hostname: head.hostname, log_level: level.value, service: service.value };
  const problem = readPairs(rest.slice(service.end), event);
  if (problem !== null) return { ok: false, reason: problem };
  if (event.category === undefined) return { ok: false, reason: 'MKS_Category missing' };
  return { ok: true, event };
}

export const Security = defineLogType({
  name: 'Juniper.Security',
  description: 'Juniper WebApp Secure security alerts (security.log): new profiles, security incidents and new counter responses.',
  reference: `${REFERENCE_BASE}w-a-s-log-format.html`,
  fields: {
    ...commonFields,
    log_level: logLevelField,
    service: string({ description: 'The WebApp Secure service that triggered the security log entry.' }),
    category: string({ required: true, description: 'The entry category: New Profile, Security Incident or New Counter Response.' }),
    profile_id: string({ description: 'The numerical ID of the Profile that caused the alert, or that received a Response.' }),
    profile_name: string({ description: 'The friendly name of the Profile that caused the alert, or that received a Response.' }),
    pubkey: string({ description: 'The Public ID that can be used with the Support Processor to unblock Profiles.' }),
    incident: string({ description: 'The name of the incident that triggered this security alert.' }),
    severity: int({ description: 'The severity of the incident that triggered this alert, from 0 to 4.' }),
    source_ip: string({ indicators: ['ip'], description: 'The IP the request that generated this alert originated from.' }),
    user_agent: string({ description: "The client's user agent string that generated this alert." }),
    url: string({ indicators: ['url'], description: 'The request URL that generated this alert.' }),
    count: int({ description: 'The number of times the profile triggered this incident.' }),
    fake_response: boolean({ description: 'Whether the response sent back to the client was a fake one created by WebApp Secure.' }),
    response_code: string({ description: 'The code of the response issued, e.g. BL.' }),
    response_name: string({ description: 'The friendly name of the response issued on the profile, e.g. Block User.' }),
    created_date: timestamp({ description: 'When the response was created (UTC).' }),
    delay_date: timestamp({ description: 'When the response is delayed until (UTC).' }),
    expiration_date: timestamp({ description: 'When the response expires (UTC); absent when it does not.' }),
    response_config: string({ description: 'The configuration used in this response, as an XML-like node.' }),
    silent_running: boolean({ description: 'Whether this Counter Response was set to be silent with the Silent Running service when activated.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => (line) => parseSecurity(line, Date.now()) },
});
