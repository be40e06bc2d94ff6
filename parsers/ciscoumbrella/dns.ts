import { array, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { type Columns, csvRow, identityEmails, ipOrEmpty, isHeader, mayBeHeader, openingProblem, reject, rowEvent, show } from './csv.js';

const WHAT = 'a Cisco Umbrella DNS log row';

// Versions 1-2 have 10 columns, 3 adds the identity types (12), 4 the blocked categories (13),
// later ones the rule, destination countries and organization (16). Newer columns are not read.
const COLUMNS: Columns = [
  ['timestamp', 'string'],
  ['policyIdentity', 'string'],
  ['identities', 'list'],
  ['internalIp', 'string'],
  ['externalIp', 'string'],
  ['action', 'string'],
  ['queryType', 'string'],
  ['responseCode', 'string'],
  ['domain', 'string'],
  ['categories', 'list'],
  ['policyIdentityType', 'string'],
  ['identityTypes', 'list'],
  ['blockedCategories', 'list'],
  ['ruleId', 'string'],
  ['destinationCountries', 'list'],
  ['organizationId', 'string'],
];

export const DNS = defineLogType({
  name: 'CiscoUmbrella.DNS',
  description: 'Cisco Umbrella DNS logs (S3 export): the DNS requests that reached the Umbrella resolvers, with the policy verdict.',
  reference: 'https://docs.umbrella.com/umbrella-user-guide/docs/dns-log-formats',
  fields: {
    timestamp: timestamp({ required: true, description: 'When the request was made, UTC (the dashboard shows your time zone instead).' }),
    policyIdentity: string({ description: 'The first identity that matched the request, in order of granularity (Most Granular Identity).' }),
    identities: array(string(), { description: 'All identities associated with the request.' }),
    internalIp: string({ indicators: ['ip'], description: 'The internal IP address that made the request.' }),
    externalIp: string({ indicators: ['ip'], description: 'The external (egress) IP address that made the request.' }),
    action: string({ description: 'Whether the request was Allowed or Blocked.' }),
    queryType: string({ description: 'The DNS request type, number and name, e.g. "1 (A)" or "28 (AAAA)".' }),
    responseCode: string({ description: 'The DNS return code, e.g. NOERROR or NXDOMAIN.' }),
    domain: string({ indicators: ['domain'], description: 'The domain that was requested (fully qualified, with the trailing dot).' }),
    categories: array(string(), { description: 'The security or content categories the destination matches.' }),
    policyIdentityType: string({ description: 'The type of the most granular identity, e.g. Roaming Computers or Networks (version 3 and later).' }),
    identityTypes: array(string(), { description: 'The types of the identities that made the request (version 3 and later).' }),
    blockedCategories: array(string(), { description: 'The categories that caused the destination to be blocked (version 4 and later).' }),
    ruleId: string({ description: 'The ID of the DNS policy rule that matched (later versions).' }),
    destinationCountries: array(string(), { description: 'The countries of the destination, when blocked by geolocation (later versions).' }),
    organizationId: string({ description: 'The Umbrella organization ID (later versions).' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => parseDns },
  indicators: (e, set) => {
    identityEmails(e.identities, set);
    if (e.policyIdentity !== undefined) identityEmails([e.policyIdentity], set);
  },
});

function parseDns(line: string): ParseResult {
  if (mayBeHeader(line)) {
    const row = csvRow(line);
    if (typeof row !== 'string' && isHeader(row, ['querytype'])) return { ok: 'header' };
  }
  const opening = openingProblem(line, WHAT);
  if (opening !== null) return reject(opening);
  const row = csvRow(line);
  if (typeof row === 'string') return reject(`${WHAT} is not well-formed CSV: ${row}`);
  if (row.length < 10 || row.length === 11) return reject(`${WHAT} has 10, 12 or more columns, not ${row.length}`);
  const [, , , internalIp = '', externalIp = '', action = '', queryType = '', , domain = ''] = row.map((v) => v.trim());
  if (!ipOrEmpty(internalIp) || !ipOrEmpty(externalIp)) return reject(`internal and external IP: expected IP addresses, got ${show(internalIp)} and ${show(externalIp)}`);
  if (!/^[A-Za-z]+$/.test(action)) return reject(`action: expected a word such as Allowed or Blocked, got ${show(action)}`);
  if (!isQueryType(queryType)) return reject(`queryType: expected "<number> (<type>)" such as "1 (A)", got ${show(queryType)}`);
  if (domain === '') return reject('domain: the requested domain is missing');
  return rowEvent(row, COLUMNS);
}

/** "1 (A)", "28 (AAAA)", "65 (HTTPS)": the query type number and its name in parentheses. */
function isQueryType(s: string): boolean {
  const sp = s.indexOf(' (');
  if (sp <= 0 || sp > 5 || s.charCodeAt(s.length - 1) !== 41 || s.length - sp > 24) return false;
  for (let i = 0; i < sp; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
