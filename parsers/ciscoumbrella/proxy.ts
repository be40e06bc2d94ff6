import { array, bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { type Columns, csvRow, identityEmails, ipOrEmpty, isHeader, isUpperWord, mayBeHeader, openingProblem, reject, rowEvent, show, toUint } from './csv.js';

const WHAT = 'a Cisco Umbrella proxy log row';

// Versions 1-4 (22, 23 or 24 columns) put the identities third.
const COLUMNS_V4: Columns = [
  ['timestamp', 'string'],
  ['identity', 'string'],
  ['identities', 'list'],
  ['internalIp', 'string'],
  ['externalIp', 'string'],
  ['destinationIp', 'string'],
  ['contentType', 'string'],
  ['verdict', 'string'],
  ['url', 'string'],
  ['referrer', 'string'],
  ['userAgent', 'string'],
  ['statusCode', 'int'],
  ['requestSize', 'int'],
  ['responseSize', 'int'],
  ['responseBodySize', 'int'],
  ['sha', 'string'],
  ['categories', 'list'],
  ['avDetections', 'list'],
  ['puas', 'list'],
  ['ampDisposition', 'string'],
  ['ampMalwareName', 'string'],
  ['ampScore', 'string'],
  ['identityType', 'string'],
  ['blockedCategories', 'list'],
];
const MAX_V4 = COLUMNS_V4.length;

// Version 5 and later (25 columns and more) moved the identities after the blocked
// categories, and every version since appends columns (49 by the current docs).
const COLUMNS_V5: Columns = [
  ...COLUMNS_V4.filter(([name]) => name !== 'identities'),
  ['identities', 'list'],
  ['identityTypes', 'list'],
  ['requestMethod', 'string'],
  ['dlpStatus', 'string'],
  ['certificateErrors', 'string'],
  ['fileName', 'string'],
  ['rulesetId', 'string'],
  ['ruleId', 'string'],
  ['destinationListIds', 'list'],
  ['isolateAction', 'string'],
  ['fileAction', 'string'],
  ['warnStatus', 'string'],
  ['forwardingMethod', 'string'],
  ['producer', 'string'],
  ['mspOrganizationId', 'string'],
  ['blockedDestinationCountries', 'list'],
  ['applicationIds', 'list'],
  ['hostname', 'string'],
  ['dataCenter', 'string'],
  ['egress', 'string'],
  ['serverName', 'string'],
  ['timeBasedRule', 'string'],
  ['securityOverridden', 'string'],
  ['detectedResponseFileType', 'string'],
  ['warnCategories', 'list'],
  ['organizationId', 'string'],
];

export const ProxyLog = defineLogType({
  name: 'CiscoUmbrella.Proxy',
  description: 'Cisco Umbrella proxy (web) logs (S3 export): the requests through the secure web gateway or the selective (intelligent) proxy.',
  reference: 'https://docs.umbrella.com/umbrella-user-guide/docs/web-log-formats',
  fields: {
    timestamp: timestamp({ required: true, description: 'When the request was made, UTC.' }),
    identity: string({ description: 'The first identity that matched the request (policy identity label).' }),
    identities: array(string(), { description: 'The identities that made the request, in order of granularity.' }),
    internalIp: string({ indicators: ['ip'], description: 'The internal IP address of the computer making the request.' }),
    externalIp: string({ indicators: ['ip'], description: 'The egress IP address of the network the request came from.' }),
    destinationIp: string({ indicators: ['ip'], description: 'The destination IP address of the request.' }),
    contentType: string({ description: 'The type of web content, typically text/html.' }),
    verdict: string({ description: 'Whether the request was ALLOWED or BLOCKED.' }),
    url: string({ indicators: ['url'], description: 'The URL requested.' }),
    referrer: string({ description: 'The referring domain or URL.' }),
    userAgent: string({ description: 'The user agent of the browser that made the request.' }),
    statusCode: int({ description: 'The HTTP status code of the response.' }),
    requestSize: bigint({ description: 'The request size in bytes.' }),
    responseSize: bigint({ description: 'The response size in bytes.' }),
    responseBodySize: bigint({ description: 'The response body size in bytes.' }),
    sha: string({ indicators: ['sha256'], description: 'The SHA-256 hex digest of the response content.' }),
    categories: array(string(), { description: 'The security and content categories of the request, such as Malware.' }),
    avDetections: array(string(), { description: 'The detection names of the antivirus engine that inspected the file.' }),
    puas: array(string(), { description: 'The potentially unwanted application (PUA) results for the file, from the antivirus scanner.' }),
    ampDisposition: string({ description: 'The Cisco AMP file inspection disposition: Clean, Malicious or Unknown.' }),
    ampMalwareName: string({ description: 'The malware name according to AMP, when malicious.' }),
    ampScore: string({ description: 'The AMP malware score (not currently used by Umbrella).' }),
    identityType: string({ description: 'The type of identity that made the request, e.g. Roaming Computers or Networks (policy identity type).' }),
    blockedCategories: array(string(), { description: 'The categories that caused the destination to be blocked (version 4 and later).' }),
    identityTypes: array(string(), { description: 'The types of all identities of the request (version 5 and later).' }),
    requestMethod: string({ description: 'The HTTP method of the request.' }),
    dlpStatus: string({ description: 'Whether Data Loss Prevention blocked the request.' }),
    certificateErrors: string({ description: 'The certificate errors of the destination, if any.' }),
    fileName: string({ description: 'The name of the file requested.' }),
    rulesetId: string({ description: 'The ID of the web policy ruleset that matched.' }),
    ruleId: string({ description: 'The ID of the web policy rule that matched.' }),
    destinationListIds: array(string(), { description: 'The IDs of the destination lists that matched.' }),
    isolateAction: string({ description: 'The remote browser isolation action, e.g. isolated.' }),
    fileAction: string({ description: 'The file action taken, e.g. downloaded_original_file.' }),
    warnStatus: string({ description: 'The warn page status, e.g. warn-session.' }),
    forwardingMethod: string({ description: 'How the request was forwarded to the proxy.' }),
    producer: string({ description: 'The component that produced the log, e.g. SWA.' }),
    mspOrganizationId: string({ description: 'The managed service provider organization ID.' }),
    blockedDestinationCountries: array(string(), { description: 'The geolocations of destination countries that were blocked.' }),
    applicationIds: array(string(), { description: 'The IDs of the applications of the request.' }),
    hostname: string({ indicators: ['hostname'], description: 'The host name of the proxy that handled the request.' }),
    dataCenter: string({ description: 'The Umbrella data center that handled the request.' }),
    egress: string({ description: 'The egress (IP) information of the request.' }),
    serverName: string({ indicators: ['hostname'], description: 'The server name (TLS SNI) of the destination.' }),
    timeBasedRule: string({ description: 'Whether a time-based rule applied.' }),
    securityOverridden: string({ description: 'Whether security settings were overridden for the request.' }),
    detectedResponseFileType: string({ description: 'The file type detected in the response.' }),
    warnCategories: array(string(), { description: 'The categories that caused a warn page.' }),
    organizationId: string({ description: 'The Umbrella organization ID.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => parseProxy },
  indicators: (e, set) => {
    identityEmails(e.identities, set);
    if (e.identity !== undefined) identityEmails([e.identity], set);
    // The referrer is a bare domain ("www.google.com") or a URL.
    if (e.referrer !== undefined) set.add(e.referrer.includes('://') ? 'url' : 'hostname', e.referrer);
  },
});

function parseProxy(line: string): ParseResult {
  if (mayBeHeader(line)) {
    const row = csvRow(line);
    if (typeof row !== 'string' && isHeader(row, ['url', 'useragent'])) return { ok: 'header' };
  }
  const opening = openingProblem(line, WHAT);
  if (opening !== null) return reject(opening);
  const row = csvRow(line);
  if (typeof row === 'string') return reject(`${WHAT} is not well-formed CSV: ${row}`);
  if (row.length < 22) return reject(`${WHAT} has at least 22 columns, not ${row.length}`);
  // Before version 5 the identities list comes third, so every later column sits one further.
  const shift = row.length <= MAX_V4 ? 1 : 0;
  const at = (i: number): string => (row[i + shift] as string).trim();
  for (const i of [2, 3, 4]) {
    if (!ipOrEmpty(at(i))) return reject(`${COLUMNS_V5[i]?.[0]}: expected an IP address, got ${show(at(i))}`);
  }
  if (!isUpperWord(at(6))) return reject(`verdict: expected ALLOWED or BLOCKED, got ${show(at(6))}`);
  const status = at(10);
  if (status !== '' && !(status.length === 3 && toUint(status) >= 100)) return reject(`statusCode: expected an HTTP status, got ${show(status)}`);
  return rowEvent(row, shift === 1 ? COLUMNS_V4 : COLUMNS_V5);
}
