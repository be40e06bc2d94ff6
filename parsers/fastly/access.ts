import { string } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { parseRfc3339 } from '../core/time.js';
import { accessCommonFields, commonEvent } from '../apache/access.js';
import { reject, scanAccessLine, show } from '../web/common-log.js';

interface Prefix {
  readonly cacheNode: string;
  readonly logName: string;
  readonly rest: number;
}

/**
 * Fastly's "Classic" log line prefix, `<134>2016-07-04T22:37:26Z cache-sjc3128 LogTest[62959]: `:
 * priority, send time, cache node, endpoint name and process id. Returns where the message starts.
 */
function classicPrefix(line: string): Prefix | string {
  const gt = line.indexOf('>');
  if (gt < 2 || gt > 4) return 'expected <PRI> at the start of a Classic-format line';
  const t = line.indexOf(' ', gt + 1);
  if (t < 0 || parseRfc3339(line.slice(gt + 1, t)) === null) return `Classic prefix: expected an RFC 3339 time after <PRI>, got ${show(line.slice(gt + 1, gt + 30))}`;
  const n = line.indexOf(' ', t + 1);
  const p = n < 0 ? -1 : line.indexOf(' ', n + 1);
  const tag = p < 0 ? '' : line.slice(n + 1, p);
  const bracket = tag.indexOf('[');
  if (n <= t + 1 || bracket <= 0 || !tag.endsWith(']:')) return `Classic prefix: expected "cache-node name[pid]: " after the time, got ${show(line.slice(t + 1, t + 40))}`;
  return { cacheNode: line.slice(t + 1, n), logName: tag.slice(0, bracket), rest: p + 1 };
}

function parseFastly(line: string): ParseResult {
  let prefix: Prefix | undefined;
  if (line.charCodeAt(0) === 60 /* < */) {
    const p = classicPrefix(line);
    if (typeof p === 'string') return reject(p);
    prefix = p;
  }
  const a = scanAccessLine(line, prefix?.rest ?? 0);
  if (typeof a === 'string') return reject(a);
  if (a.fields !== 7) return reject('9 fields: a combined line, not the Common Log Format Fastly writes');
  // Without the prefix, the quoted "-" of %l and %u is what sets Fastly's lines apart from Apache's.
  if (prefix === undefined && !(a.identQuoted && a.userQuoted)) {
    return reject('identity and user not in quotes: Fastly writes "-" "-" (an Apache common line?)');
  }
  const e = commonEvent(a);
  if (prefix !== undefined) {
    e.cache_node = prefix.cacheNode;
    e.log_name = prefix.logName;
  }
  return { ok: true, event: e };
}

export const Access = defineLogType({
  name: 'Fastly.Access',
  description:
    'Fastly real-time log streaming in the Common Log Format (%h %l %u %t "%r" %>s %b), as Panther read it: Fastly writes %l and %u as "-" in quotes, ' +
    'which sets these lines apart from Apache.AccessCommon. Lines with the "Classic" syslog prefix (<134>time cache-node name[pid]: ) are accepted too; ' +
    'such a line is also a valid Syslog.RFC3164 line, so configure the source with this log type (or use the "Blank" log line format).',
  reference: 'https://docs.fastly.com/en/guides/useful-log-formats#common-log-format-clf',
  fields: {
    ...accessCommonFields,
    cache_node: string({ description: 'The Fastly cache node that sent the line (Classic prefix only).' }),
    log_name: string({ description: 'The name of the logging endpoint (Classic prefix only).' }),
  },
  eventTime: 'request_time',
  parser: { kind: 'text', create: () => parseFastly },
});
