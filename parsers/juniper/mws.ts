import { string } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { LOG_LEVELS, REFERENCE_BASE, bracket, commonFields, logLevelField, parseHead, skipSpaces } from './common.js';

// Services with a log type of their own.
const OTHER_TYPES: Readonly<Record<string, string>> = {
  'mws-access': 'Juniper.Access',
  'mws-audit': 'Juniper.Audit',
  'mws-security-alert': 'Juniper.Security',
};
// Every documented WebApp Secure service is named mws-<something>.
const SERVICE = /^mws-[a-z0-9-]+$/;

/** Parses `Mmm dd hh:mm:ss host [LEVEL][service][component] message`; level and component are optional. */
export function parseMws(line: string, nowMs: number): ParseResult {
  const head = parseHead(line, nowMs);
  if (typeof head === 'string') return { ok: false, reason: head };
  const rest = head.rest;
  const first = bracket(rest, 0);
  if (first === null) return { ok: false, reason: 'expected [LEVEL] or [service] after the hostname' };
  const level = LOG_LEVELS.has(first.value) ? first : null;
  const service = level === null ? first : bracket(rest, skipSpaces(rest, first.end));
  if (service === null || !SERVICE.test(service.value)) return { ok: false, reason: 'expected an [mws-...] service name' };
  const other = OTHER_TYPES[service.value];
  if (other !== undefined) return { ok: false, reason: `[${service.value}] lines are ${other}` };
  // The component follows the service directly: a bracket after a space starts the message
  // (uWSGI request lines in mws-ui begin with "[pid: ...]").
  const component = bracket(rest, service.end);
  let pos = (component ?? service).end;
  if (rest.charCodeAt(pos) === 0x3a) pos++; // "[mws-ui]: spawned ..."
  if (pos < rest.length && rest.charCodeAt(pos) !== 0x20) return { ok: false, reason: 'expected a space before the message' };
  const event: Record<string, unknown> = { timestamp: head.timestamp, hostname: head.hostname };
  if (level !== null) event.log_level = level.value;
  event.service_name = service.value;
  if (component !== null) event.service_component = component.value;
  const message = rest.slice(pos).trim();
  if (message !== '') event.log_message = message;
  return { ok: true, event };
}

export const MWS = defineLogType({
  name: 'Juniper.MWS',
  description: "Juniper WebApp Secure mws.log: the main log, with every message that has no log file of its own.",
  reference: `${REFERENCE_BASE}w-a-s-mws-log.html`,
  fields: {
    ...commonFields,
    log_level: logLevelField,
    service_name: string({ required: true, description: 'The WebApp Secure service that generated the log entry, e.g. mws-cluster-services, mws-ui.' }),
    service_component: string({ description: 'The specific component that is issuing the log message.' }),
    log_message: string({ description: 'The message: anything that helps narrow down problems or confirm that events happened as they should.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => (line) => parseMws(line, Date.now()) },
});
