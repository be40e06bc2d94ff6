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

// The columns in AWS's order, each with how it is read. The type, time and load balancer
// (0-2) are taken as they are; entries written before a field existed simply end earlier.
type Kind = 'string' | 'int' | 'float' | 'hostPort' | 'request' | 'commaList' | 'spaceList' | 'intList';
const COLUMNS: ReadonlyArray<readonly [key: string, kind: Kind]> = [
  ['type', 'string'], ['timestamp', 'string'], ['elb', 'string'], ['client', 'hostPort'], ['target', 'hostPort'],
  ['requestProcessingTime', 'float'], ['targetProcessingTime', 'float'], ['responseProcessingTime', 'float'],
  ['elbStatusCode', 'int'], ['targetStatusCode', 'int'], ['receivedBytes', 'int'], ['sentBytes', 'int'],
  ['request', 'request'], ['userAgent', 'string'], ['sslCipher', 'string'], ['sslProtocol', 'string'],
  ['targetGroupArn', 'string'], ['traceId', 'string'], ['domainName', 'string'], ['chosenCertArn', 'string'],
  ['matchedRulePriority', 'int'], ['requestCreationTime', 'string'], ['actionsExecuted', 'commaList'],
  ['redirectUrl', 'string'], ['errorReason', 'string'], ['targetPortList', 'spaceList'], ['targetStatusCodeList', 'intList'],
  ['classification', 'string'], ['classificationReason', 'string'], ['connTraceId', 'string'], ['transformedHost', 'string'],
  ['transformedUri', 'string'], ['requestTransformStatus', 'string'],
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

  const event: Record<string, unknown> = {};
  // Fields AWS may add after the known ones are not read.
  const n = Math.min(cols.length, COLUMNS.length);
  for (let i = 0; i < n; i++) {
    const v = cols[i] as string;
    if (v === ABSENT || v === '') continue;
    const [key, kind] = COLUMNS[i] as readonly [string, Kind];
    const problem = read(event, key, kind, v);
    if (problem !== null) return reject(problem);
  }
  return { ok: true, event };
}

/** Reads one present column into the event; returns a reason when it is malformed. */
function read(event: Record<string, unknown>, key: string, kind: Kind, v: string): string | null {
  switch (kind) {
    case 'string':
      event[key] = v;
      return null;
    case 'int':
    case 'float': {
      const num = kind === 'int' ? toInt(v) : toFloat(v);
      if (Number.isNaN(num)) return `${key}: expected ${kind === 'int' ? 'an integer' : 'a number'}, got ${show(v)}`;
      event[key] = num;
      return null;
    }
    case 'hostPort': {
      // client:port and target:port become clientIp/clientPort and targetIp/targetPort.
      const [host, port] = splitHostPort(v);
      event[`${key}Ip`] = host;
      if (port === undefined) return null;
      const num = toInt(port);
      if (Number.isNaN(num)) return `${key}Port: expected a port after the last colon, got ${show(v)}`;
      event[`${key}Port`] = num;
      return null;
    }
    case 'request': {
      // "GET https://host:443/path HTTP/1.1"; a request the load balancer could not parse is "- - - ".
      const request = v.trim();
      const first = request.indexOf(' ');
      const last = request.lastIndexOf(' ');
      if (first <= 0 || last <= first) return request === ABSENT ? null : `request: expected "METHOD URL VERSION", got ${show(v)}`;
      const method = request.slice(0, first);
      const url = request.slice(first + 1, last);
      const version = request.slice(last + 1);
      if (method !== ABSENT) event.requestHttpMethod = method;
      if (url !== ABSENT) event.requestUrl = url;
      if (version !== ABSENT) event.requestHttpVersion = version;
      return null;
    }
    case 'commaList':
      event[key] = v.split(',');
      return null;
    case 'spaceList':
      event[key] = v.split(' ');
      return null;
    case 'intList': {
      const codes: number[] = [];
      for (const code of v.split(' ')) {
        if (code === ABSENT) continue;
        const num = toInt(code);
        if (Number.isNaN(num)) return `${key}: expected integers, got ${show(v)}`;
        codes.push(num);
      }
      event[key] = codes;
      return null;
    }
  }
}
