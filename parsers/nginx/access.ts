import { bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { present, reject, scanAccessLine, type AccessLine } from '../web/common-log.js';

/** Why a combined line is Apache's rather than nginx's, or null. */
export function apacheTrait(a: AccessLine): string | null {
  if (a.identQuoted || a.userQuoted) return 'identity or user in quotes: not nginx (Fastly writes them so)';
  if (a.ident !== '-') return `second field ${JSON.stringify(a.ident)}: nginx's combined format has a literal "-" there`;
  if (a.bytes === '-') return 'size "-": nginx\'s $body_bytes_sent is always a number, "-" is Apache\'s %b';
  if (a.backslashEscapes) return '\\" or \\\\ escape: Apache escapes so, nginx writes \\x22 and \\x5C';
  return null;
}

function parseNginx(line: string): ParseResult {
  const a = scanAccessLine(line);
  if (typeof a === 'string') return reject(a);
  if (a.fields !== 9) return reject('7 fields: not the combined format (no referer and user agent)');
  const trait = apacheTrait(a);
  if (trait !== null) return reject(trait);
  const e: Record<string, unknown> = { time: a.time, status: a.status, bodyBytesSent: Number(a.bytes) };
  if (present(a.host)) e.remoteAddr = a.host;
  if (present(a.user)) e.remoteUser = a.user;
  if (present(a.request)) e.request = a.request;
  if (present(a.referer)) e.httpReferer = a.referer;
  if (present(a.userAgent)) e.httpUserAgent = a.userAgent;
  return { ok: true, event: e };
}

// Column names are Panther's (nginxlogs), its JSON names.
export const Access = defineLogType({
  name: 'Nginx.Access',
  description:
    "nginx access logs in the default 'combined' format ($remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent " +
    '"$http_referer" "$http_user_agent"). Apache\'s combined format writes the same 9 fields: a line showing what only Apache writes ' +
    '(size "-", an identity other than "-", \\" escapes) is Apache.AccessCombined, not this type; a line showing neither server\'s ' +
    'traits is valid for both, and without a configured log type it goes to whichever of the two matched last in that file (else the one listed first).',
  reference: 'https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format',
  fields: {
    remoteAddr: string({ indicators: ['hostname'], description: 'The IP address of the client ($remote_addr).' }),
    remoteUser: string({ indicators: ['username'], description: 'The user name supplied with basic authentication ($remote_user).' }),
    time: timestamp({ required: true, description: 'When the request was logged ($time_local), in UTC.' }),
    request: string({ description: 'The full request line, as written: method, URI and protocol ($request).' }),
    status: int({ required: true, description: 'The HTTP status of the response ($status).' }),
    bodyBytesSent: bigint({ description: 'The number of body bytes sent to the client ($body_bytes_sent).' }),
    httpReferer: string({ indicators: ['url'], description: 'The Referer header ($http_referer).' }),
    httpUserAgent: string({ description: 'The User-Agent header ($http_user_agent); nginx escapes quotes as \\x22.' }),
  },
  eventTime: 'time',
  parser: { kind: 'text', create: () => parseNginx },
});
