import { string } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { LOG_LEVELS, REFERENCE_BASE, bracket, commonFields, logLevelField, parseHead, skipSpaces } from './common.js';

const API_KEY = /^[a-f0-9]{32}$/;

/**
 * Parses `Mmm dd hh:mm:ss host [mws-audit][LEVEL] [who] [login ip] message`. `[who]` is a user
 * or an API key; the login IP bracket (possibly empty) follows only logins, and then `who` is
 * the user logging in.
 */
export function parseAudit(line: string, nowMs: number): ParseResult {
  const head = parseHead(line, nowMs);
  if (typeof head === 'string') return { ok: false, reason: head };
  const rest = head.rest;
  if (!rest.startsWith('[mws-audit]')) return { ok: false, reason: 'not an [mws-audit] line' };
  const level = bracket(rest, 11);
  if (level === null || !LOG_LEVELS.has(level.value)) return { ok: false, reason: 'expected [LEVEL] after [mws-audit]' };
  const who = bracket(rest, skipSpaces(rest, level.end));
  if (who === null) return { ok: false, reason: 'expected [user] or [api key] after the level' };
  const ip = bracket(rest, skipSpaces(rest, who.end));
  const end = ip ?? who;
  if (end.end < rest.length && rest.charCodeAt(end.end) !== 0x20) return { ok: false, reason: 'expected a space before the message' };
  const event: Record<string, unknown> = { timestamp: head.timestamp, hostname: head.hostname, log_level: level.value };
  const message = rest.slice(end.end).trim();
  if (message !== '') event.message = message;
  // Panther's rule: without a login IP, 32 hex digits are an API key rather than a user name.
  if (ip === null && API_KEY.test(who.value)) event.api_key = who.value;
  else if (who.value !== '') event.username = who.value;
  if (ip !== null && ip.value !== '') event.login_ip = ip.value;
  return { ok: true, event };
}

export const Audit = defineLogType({
  name: 'Juniper.Audit',
  description: 'Juniper WebApp Secure audit logs: the non-idempotent (state changing) actions performed on the appliance.',
  reference: `${REFERENCE_BASE}w-a-s-incident-log-format.html`,
  fields: {
    ...commonFields,
    log_level: logLevelField,
    message: string({ description: 'The message: a login, a configuration change, a response deactivated...' }),
    api_key: string({ description: 'The API key used to perform the action described in the message.' }),
    login_ip: string({ indicators: ['ip'], description: 'The IP address the user logged in from.' }),
    username: string({ indicators: ['username'], description: 'The user that performed the action or the login.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => (line) => parseAudit(line, Date.now()) },
});
