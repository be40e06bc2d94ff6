import { array, bigint, float, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { ABSENT, notOurs, quotedRow, reject, show, splitHostPort, toFloat, toInt } from './delimited.js';

const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

// Entries written before matched_rule_priority..error_reason existed (2018) are not accepted,
// as in Panther: 25 columns are what tells an ALB entry from other space-delimited lines.
const MIN_COLUMNS = 25;

export const ALB = defineLogType({
  name: 'AWS.ALB',
  description: 'Application Load Balancer access logs: one entry per request or WebSocket connection.',
  reference: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html',
  fields: {
    type: string({ required: true, description: 'The type of request or connection: http, https, h2, grpcs, ws or wss.' }),
    timestamp: timestamp({ required: true, description: 'When the load balancer generated the response (for WebSockets, when the connection closed), UTC.' }),
    elb: string({ required: true, description: 'The resource ID of the load balancer, e.g. app/my-loadbalancer/50dc6c495c0c9188.' }),
    clientIp: string({ indicators: ['ip'], description: 'The IP address of the requesting client.' }),
    clientPort: int({ description: 'The port of the requesting client.' }),
    targetIp: string({ indicators: ['ip'], description: 'The IP address of the target that processed the request.' }),
    targetPort: int({ description: 'The port of the target that processed the request.' }),
    requestProcessingTime: float({ description: 'Seconds from receiving the request to sending it to a target; -1 if it could not be dispatched.' }),
    targetProcessingTime: float({ description: 'Seconds from sending the request to the target until it started the response headers; -1 when unavailable.' }),
    responseProcessingTime: float({ description: 'Seconds from receiving the response headers to starting the response to the client; -1 when unavailable.' }),
    elbStatusCode: int({ description: 'The status code of the response from the load balancer.' }),
    targetStatusCode: int({ description: 'The status code of the response from the target, when one answered.' }),
    receivedBytes: bigint({ description: 'The size of the request received from the client, headers included.' }),
    sentBytes: bigint({ description: 'The size of the response sent to the client, headers included.' }),
    requestHttpMethod: string({ description: 'The HTTP method of the request line.' }),
    requestUrl: string({ indicators: ['url'], description: 'The URL of the request line (protocol://host:port/uri).' }),
    requestHttpVersion: string({ description: 'The HTTP version of the request line.' }),
    userAgent: string({ description: 'The User-Agent of the client, truncated at 8 KB.' }),
    sslCipher: string({ description: '[HTTPS listener] The TLS cipher.' }),
    sslProtocol: string({ description: '[HTTPS listener] The TLS protocol.' }),
    targetGroupArn: string({ indicators: ['aws_arn'], description: 'The ARN of the target group.' }),
    traceId: string({ indicators: ['trace_id'], description: 'The contents of the X-Amzn-Trace-Id header.' }),
    domainName: string({ indicators: ['domain'], description: '[HTTPS listener] The SNI domain the client sent in the TLS handshake.' }),
    chosenCertArn: string({ indicators: ['aws_arn'], description: '[HTTPS listener] The ARN of the certificate presented, or session-reused.' }),
    matchedRulePriority: int({ description: 'The priority of the rule that matched: 1-50000, 0 for the default action, -1 for an evaluation error.' }),
    requestCreationTime: timestamp({ description: 'When the load balancer received the request from the client, UTC.' }),
    actionsExecuted: array(string(), { description: 'The actions taken, e.g. waf, authenticate, forward, redirect, fixed-response.' }),
    redirectUrl: string({ indicators: ['url'], description: 'The redirect target of the Location header, when a redirect action ran.' }),
    errorReason: string({ description: 'The error reason code, for authenticate actions and Lambda targets.' }),
    targetPortList: array(string(), { description: 'The target:port of every target that processed the request.' }),
    targetStatusCodeList: array(int(), { description: 'The status codes of the target responses.' }),
    classification: string({ description: 'Desync mitigation classification: Acceptable, Ambiguous or Severe.' }),
    classificationReason: string({ description: 'The classification reason code.' }),
    connTraceId: string({ indicators: ['trace_id'], description: 'The connection traceability ID, shared with the connection log.' }),
    transformedHost: string({ indicators: ['hostname'], description: 'The host header after a host header rewrite transform.' }),
    transformedUri: string({ description: 'The URI after a URL rewrite transform.' }),
    requestTransformStatus: string({ description: 'The status of the rewrite transform.' }),
  },
  eventTime: 'timestamp',
  parser: { kind: 'text', create: () => parseAlb },
  indicators: (e, set) => {
    for (const hostPort of e.targetPortList ?? []) set.add('ip', splitHostPort(hostPort)[0]);
  },
});

// Positional columns; "request" (12) is split into method, URL and version.
const STRING_COLUMNS: ReadonlyArray<readonly [number, string]> = [
  [13, 'userAgent'], [14, 'sslCipher'], [15, 'sslProtocol'], [16, 'targetGroupArn'], [17, 'traceId'], [18, 'domainName'],
  [19, 'chosenCertArn'], [21, 'requestCreationTime'], [23, 'redirectUrl'], [24, 'errorReason'], [27, 'classification'],
  [28, 'classificationReason'], [29, 'connTraceId'], [30, 'transformedHost'], [31, 'transformedUri'], [32, 'requestTransformStatus'],
];
const INT_COLUMNS: ReadonlyArray<readonly [number, string]> = [
  [8, 'elbStatusCode'], [9, 'targetStatusCode'], [10, 'receivedBytes'], [11, 'sentBytes'], [20, 'matchedRulePriority'],
];
const FLOAT_COLUMNS: ReadonlyArray<readonly [number, string]> = [
  [5, 'requestProcessingTime'], [6, 'targetProcessingTime'], [7, 'responseProcessingTime'],
];

function parseAlb(line: string): ParseResult {
  // Fail fast on other types' lines: the first token is the connection type, then an RFC 3339 time.
  const sp = line.indexOf(' ');
  if (sp < 2 || sp > 5 || !TYPES.has(line.slice(0, sp))) return notOurs(line, 'an ALB access log entry');
  const c = line.charCodeAt(sp + 1);
  if (c < 48 || c > 57) return reject(`ALB entry without a timestamp after the type: ${show(line.slice(sp + 1, sp + 30))}`);

  const cols = quotedRow(line);
  if (typeof cols === 'string') return reject(`ALB entry is not well-formed: ${cols}`);
  if (cols.length < MIN_COLUMNS) return reject(`ALB entry has ${cols.length} fields, expected at least ${MIN_COLUMNS}`);

  const event: Record<string, unknown> = { type: cols[0], timestamp: cols[1], elb: cols[2] };
  const hostPort = (i: number, ipKey: string, portKey: string): string | null => {
    const v = cols[i] as string;
    if (v === ABSENT || v === '') return null;
    const [host, port] = splitHostPort(v);
    event[ipKey] = host;
    if (port === undefined) return null;
    const n = toInt(port);
    if (Number.isNaN(n)) return `${portKey}: expected a port after the last colon, got ${show(v)}`;
    event[portKey] = n;
    return null;
  };
  const bad = hostPort(3, 'clientIp', 'clientPort') ?? hostPort(4, 'targetIp', 'targetPort');
  if (bad !== null) return reject(bad);

  for (const [i, key] of FLOAT_COLUMNS) {
    const v = cols[i] as string;
    if (v === ABSENT || v === '') continue;
    const n = toFloat(v);
    if (Number.isNaN(n)) return reject(`${key}: expected a number, got ${show(v)}`);
    event[key] = n;
  }
  for (const [i, key] of INT_COLUMNS) {
    const v = cols[i] as string;
    if (v === ABSENT || v === '') continue;
    const n = toInt(v);
    if (Number.isNaN(n)) return reject(`${key}: expected an integer, got ${show(v)}`);
    event[key] = n;
  }

  // "GET https://host:443/path HTTP/1.1"; a malformed request is logged as "- - - ".
  const request = (cols[12] as string).trim();
  const first = request.indexOf(' ');
  const last = request.lastIndexOf(' ');
  if (first > 0 && last > first) {
    const method = request.slice(0, first);
    const url = request.slice(first + 1, last);
    const version = request.slice(last + 1);
    if (method !== ABSENT) event.requestHttpMethod = method;
    if (url !== ABSENT) event.requestUrl = url;
    if (version !== ABSENT) event.requestHttpVersion = version;
  } else if (request !== ABSENT && request !== '') {
    return reject(`request: expected "METHOD URL VERSION", got ${show(request)}`);
  }

  const n = cols.length;
  for (const [i, key] of STRING_COLUMNS) {
    if (i >= n) break;
    const v = cols[i] as string;
    if (v !== ABSENT && v !== '') event[key] = v;
  }
  const actions = cols[22] as string;
  if (actions !== ABSENT && actions !== '') event.actionsExecuted = actions.split(',');
  if (n > 25 && cols[25] !== ABSENT && cols[25] !== '') event.targetPortList = (cols[25] as string).split(' ');
  if (n > 26 && cols[26] !== ABSENT && cols[26] !== '') {
    const codes: number[] = [];
    for (const code of (cols[26] as string).split(' ')) {
      if (code === ABSENT || code === '') continue;
      const v = toInt(code);
      if (Number.isNaN(v)) return reject(`targetStatusCodeList: expected integers, got ${show(cols[26] as string)}`);
      codes.push(v);
    }
    event.targetStatusCodeList = codes;
  }
  return { ok: true, event };
}
