import { bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { present, reject, scanAccessLine, splitRequest, type AccessLine } from '../web/common-log.js';

// Column names are Panther's (apachelogs): its JSON names, snake_case, which its tables and
// rules use. Fastly.Access reuses them, as Panther's did.
export const accessCommonFields = {
  remote_host_ip_address: string({
    indicators: ['hostname'],
    description: 'The IP address of the client (%h); a host name when HostnameLookups is On.',
  }),
  client_identity_rfc_1413: string({ description: 'The RFC 1413 identity of the client (%l), from identd; almost always absent.' }),
  request_user: string({ indicators: ['username'], description: 'The user id the request was authenticated as (%u), when HTTP authentication was used.' }),
  request_time: timestamp({ required: true, description: 'When the request was received (%t), in UTC.' }),
  request_method: string({ description: 'The HTTP method of the request line.' }),
  request_uri: string({ description: 'The URI of the request line, as written (escapes kept).' }),
  request_protocol: string({ description: 'The protocol of the request line, e.g. HTTP/1.1.' }),
  request_line: string({
    description: 'The request line as written, only when it is not "METHOD URI PROTOCOL" (a TLS handshake on a plain port, HTTP/0.9, scanner garbage).',
  }),
  response_status: int({ required: true, description: 'The HTTP status of the response (%>s).' }),
  response_size: bigint({ description: 'The size of the response body in bytes (%b); 0 where the log has "-" (no body), as in Panther.' }),
} as const;

/** The common-format columns of a scanned line (shared by Apache and Fastly). */
export function commonEvent(a: AccessLine): Record<string, unknown> {
  const e: Record<string, unknown> = { request_time: a.time, response_status: a.status, response_size: a.bytes === '-' ? 0 : Number(a.bytes) };
  if (present(a.host)) e.remote_host_ip_address = a.host;
  if (present(a.ident)) e.client_identity_rfc_1413 = a.ident;
  if (present(a.user)) e.request_user = a.user;
  if (present(a.request)) {
    const r = splitRequest(a.request);
    if (r === null) e.request_line = a.request;
    else {
      e.request_method = r.method;
      e.request_uri = r.uri;
      e.request_protocol = r.protocol;
    }
  }
  return e;
}

/** Apache never quotes %l or %u; a quoted one is Fastly's CLF. */
function quotedIdentity(a: AccessLine): string | null {
  return a.identQuoted || a.userQuoted ? 'identity or user in quotes: Fastly writes them so, Apache never does' : null;
}

// nginx's combined format has the same fields; these are what nginx writes and Apache cannot.
const NGINX_ONLY_STATUS = new Set([444, 499]);

/** Why a combined line is nginx's rather than Apache's, or null. */
export function nginxTrait(a: AccessLine): string | null {
  if (a.bytes === '0') return 'size 0: Apache\'s %b writes "-" for an empty body, nginx\'s $body_bytes_sent writes 0';
  if (NGINX_ONLY_STATUS.has(a.status)) return `status ${a.status} is nginx's own (Apache never logs it)`;
  if (a.request === '') return 'empty request "": nginx logs a connection that sent no request so, Apache writes "-"';
  if (a.hexEscapes) return '\\x22 or \\x5C escape: nginx escapes quotes and backslashes so, Apache writes \\" and \\\\';
  return null;
}

function parseCommon(line: string): ParseResult {
  const a = scanAccessLine(line);
  if (typeof a === 'string') return reject(a);
  if (a.fields !== 7) return reject('9 fields: a combined line, not the common format');
  const q = quotedIdentity(a);
  if (q !== null) return reject(q);
  return { ok: true, event: commonEvent(a) };
}

function parseCombined(line: string): ParseResult {
  const a = scanAccessLine(line);
  if (typeof a === 'string') return reject(a);
  if (a.fields !== 9) return reject('7 fields: a common line, not the combined format (no referer and user agent)');
  const q = quotedIdentity(a) ?? nginxTrait(a);
  if (q !== null) return reject(q);
  const e = commonEvent(a);
  if (present(a.referer)) e.referer = a.referer;
  if (present(a.userAgent)) e.user_agent = a.userAgent;
  return { ok: true, event: e };
}

export const AccessCommon = defineLogType({
  name: 'Apache.AccessCommon',
  description:
    'Apache HTTP Server access logs in the common log format (LogFormat "%h %l %u %t \\"%r\\" %>s %b" common): exactly these 7 fields. ' +
    'Lines with a quoted identity or user ("-") are Fastly.Access, lines with a referer and user agent Apache.AccessCombined.',
  reference: 'https://httpd.apache.org/docs/current/logs.html#common',
  fields: accessCommonFields,
  eventTime: 'request_time',
  parser: { kind: 'text', create: () => parseCommon },
});

export const AccessCombined = defineLogType({
  name: 'Apache.AccessCombined',
  description:
    'Apache HTTP Server access logs in the combined log format (common plus "%{Referer}i" "%{User-agent}i"). ' +
    "nginx's default combined format writes the same 9 fields: a line showing what only nginx writes (size 0, status 444/499, " +
    'an empty request "", \\x22 escapes) is Nginx.Access, not this type; a line showing neither server\'s traits is valid for both, ' +
    'and without a configured log type it goes to whichever of the two matched last in that file (else the one listed first).',
  reference: 'https://httpd.apache.org/docs/current/logs.html#combined',
  fields: {
    ...accessCommonFields,
    referer: string({ indicators: ['url'], description: 'The Referer header of the request, as written.' }),
    user_agent: string({ description: 'The User-Agent header of the request, as written (Apache escapes quotes as \\").' }),
  },
  eventTime: 'request_time',
  parser: { kind: 'text', create: () => parseCombined },
});
