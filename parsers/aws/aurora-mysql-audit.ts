import { ParserOptions } from '@fast-csv/parse';
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';
import { bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { parseEpoch } from '../core/time.js';
import { reject, show, toInt } from './delimited.js';

// The audit plugin quotes the object (the SQL text) in single quotes and escapes quotes and
// backslashes inside it with a backslash: `'select \'a\', 1'`. One parser serves every line.
const ROW = new Parser(new ParserOptions({ delimiter: ',', quote: "'", escape: '\\' }));

// Documented values, plus the connection events the audit plugin also writes
// (Panther accepted only the documented ones and dropped disconnects).
const OPERATIONS = new Set(['CONNECT', 'DISCONNECT', 'FAILED_CONNECT', 'CHANGEUSER', 'QUERY', 'READ', 'WRITE', 'CREATE', 'ALTER', 'RENAME', 'DROP']);

const COLUMNS = 10;
// Microseconds since the epoch: 16 digits from 2001 to 2286.
const TIMESTAMP_DIGITS = 16;

function parseAudit(line: string): ParseResult {
  // Fail fast on other formats: 16 digits, then a comma.
  if (line.charCodeAt(TIMESTAMP_DIGITS) !== 44 /* , */) return reject(`not an Aurora MySQL audit line: expected a 16-digit microsecond timestamp and a comma, got ${show(line.slice(0, 20))}`);
  for (let i = 0; i < TIMESTAMP_DIGITS; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return reject(`not an Aurora MySQL audit line: expected a 16-digit microsecond timestamp, got ${show(line.slice(0, 20))}`);
  }
  let cols: string[];
  try {
    const rows = ROW.parse(line, false).rows as string[][];
    if (rows.length !== 1 || rows[0] === undefined) return reject('Aurora MySQL audit line is not a single CSV row');
    cols = rows[0];
  } catch (err) {
    return reject(`Aurora MySQL audit line is not well-formed: ${(err as Error).message}`);
  }
  if (cols.length < COLUMNS) return reject(`Aurora MySQL audit line has ${cols.length} fields, expected ${COLUMNS}`);
  const [ts, serverHost, username, host, connectionId, queryId, operation, database] = cols as [string, string, string, string, string, string, string, string];
  if (!OPERATIONS.has(operation)) return reject(`operation: expected one of ${[...OPERATIONS].join(', ')}, got ${show(operation)}`);
  const event: Record<string, unknown> = {
    timestamp: parseEpoch(`${ts.slice(0, -6)}.${ts.slice(-6)}`, 'unix'),
    operation,
  };
  const ids = { connectionId, queryId, retCode: cols[cols.length - 1] as string };
  for (const [key, v] of Object.entries(ids)) {
    if (v === '') continue;
    const n = toInt(v);
    if (Number.isNaN(n)) return reject(`${key}: expected an integer, got ${show(v)}`);
    event[key] = n;
  }
  if (serverHost !== '') event.serverHost = serverHost;
  if (username !== '') event.username = username;
  if (host !== '') event.host = host;
  if (database !== '') event.database = database;
  // An unquoted object with commas (TABLE events of older engines) spans several columns: rejoin them, as Panther did.
  const object = cols.slice(8, -1).join(',');
  if (object !== '') event.object = object;
  return { ok: true, event };
}

// Column names are Panther's (awslogs.AuroraMySQLAudit), its JSON names.
export const AuroraMySQLAudit = defineLogType({
  name: 'AWS.AuroraMySQLAudit',
  description:
    'Amazon Aurora MySQL Advanced Auditing logs: one comma-delimited line per connection, query or table event ' +
    '(timestamp,serverhost,username,host,connectionid,queryid,operation,database,object,retcode).',
  reference: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Auditing.html',
  fields: {
    timestamp: timestamp({ required: true, description: 'When the event was logged, with microsecond precision (UTC).' }),
    serverHost: string({ indicators: ['hostname'], description: 'The name of the instance the event is logged for.' }),
    username: string({ indicators: ['username'], description: 'The connected user name of the user.' }),
    host: string({ indicators: ['hostname'], description: 'The host the user connected from.' }),
    connectionId: bigint({ description: 'The connection ID number for the logged operation.' }),
    queryId: bigint({ description: 'The query ID number, which relates table events to their query. For TABLE events, multiple lines are added.' }),
    operation: string({
      required: true,
      description: 'The recorded action type: CONNECT, DISCONNECT, FAILED_CONNECT, CHANGEUSER, QUERY, READ, WRITE, CREATE, ALTER, RENAME or DROP.',
    }),
    database: string({ description: 'The active database, as set by the USE command.' }),
    object: string({
      description: 'For QUERY events the executed statement, for TABLE events the table name; without the audit log\'s quotes, \\\' and \\\\ unescaped.',
    }),
    retCode: int({ description: 'The return code of the logged operation (0 on success).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => parseAudit },
});
