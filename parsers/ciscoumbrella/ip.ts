import { isIP } from 'node:net';
import { array, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { type Columns, REFERENCE, csvRow, isHeader, mayBeHeader, openingProblem, reject, rowEvent, show, toUint } from './csv.js';

const WHAT = 'a Cisco Umbrella IP log row';

// Seven columns; version 3 adds the identity types (eight).
const COLUMNS: Columns = [
  ['timestamp', 'string'],
  ['identity', 'string'],
  ['sourceIp', 'string'],
  ['sourcePort', 'int'],
  ['destinationIp', 'string'],
  ['destinationPort', 'int'],
  ['categories', 'list'],
  ['identityTypes', 'list'],
];

export const IP = defineLogType({
  name: 'CiscoUmbrella.IP',
  description: 'Cisco Umbrella IP logs (S3 export): the connections handled by the IP-layer enforcement of the intelligent proxy.',
  reference: REFERENCE,
  fields: {
    timestamp: timestamp({ required: true, description: 'When the connection was made, UTC.' }),
    identity: string({ description: 'The first identity that matched the request.' }),
    sourceIp: string({ required: true, indicators: ['ip'], description: 'The IP address of the computer making the request.' }),
    sourcePort: int({ description: 'The source port of the request.' }),
    destinationIp: string({ required: true, indicators: ['ip'], description: 'The destination IP address requested.' }),
    destinationPort: int({ description: 'The destination port requested.' }),
    categories: array(string(), { description: 'The security categories, if any, that matched the destination IP address and port.' }),
    identityTypes: array(string(), { description: 'The types of the identities that made the request, e.g. Roaming Computers (version 3 and later).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => parseIp },
});

function parseIp(line: string): ParseResult {
  if (mayBeHeader(line)) {
    const row = csvRow(line);
    if (typeof row !== 'string' && row.length <= 8 && isHeader(row, ['sourceport', 'destinationport'])) return { ok: 'header' };
  }
  const opening = openingProblem(line, WHAT);
  if (opening !== null) return reject(opening);
  const row = csvRow(line);
  if (typeof row === 'string') return reject(`${WHAT} is not well-formed CSV: ${row}`);
  if (row.length !== 7 && row.length !== 8) return reject(`${WHAT} has 7 or 8 columns, not ${row.length}`);
  const [, , sourceIp = '', sourcePort = '', destinationIp = '', destinationPort = ''] = row.map((v) => v.trim());
  if (isIP(sourceIp) === 0 || isIP(destinationIp) === 0) return reject(`source and destination: expected IP addresses, got ${show(sourceIp)} and ${show(destinationIp)}`);
  if (!isPort(sourcePort) || !isPort(destinationPort)) return reject(`source and destination port: expected port numbers, got ${show(sourcePort)} and ${show(destinationPort)}`);
  return rowEvent(row, COLUMNS);
}

const isPort = (s: string): boolean => toUint(s) <= 65535;
