import { array, bigint, int, string, timestamp } from '../core/fields.js';
import { defineLogType, type ParseResult } from '../core/logtype.js';
import { fromParts, monthNumber } from '../core/time.js';
import { ABSENT, notOurs, quotedRow, reject, show, toInt } from './delimited.js';

// The columns in AWS's order. The bracketed time "[06/Feb/2019:00:00:38 +0000]" splits into
// two (2 and 3); older records end earlier, fields AWS appends later go to additionalFields.
const COLUMNS: ReadonlyArray<readonly [key: string, kind: 'string' | 'int' | 'time']> = [
  ['bucketowner', 'string'], ['bucket', 'string'], ['time', 'time'], ['time', 'time'], ['remoteip', 'string'],
  ['requester', 'string'], ['requestid', 'string'], ['operation', 'string'], ['key', 'string'], ['requesturi', 'string'],
  ['httpstatus', 'int'], ['errorcode', 'string'], ['bytessent', 'int'], ['objectsize', 'int'], ['totaltime', 'int'],
  ['turnaroundtime', 'int'], ['referrer', 'string'], ['useragent', 'string'], ['versionid', 'string'], ['hostid', 'string'],
  ['signatureversion', 'string'], ['ciphersuite', 'string'], ['authenticationtype', 'string'], ['hostheader', 'string'],
  ['tlsVersion', 'string'], ['accessPointArn', 'string'], ['aclRequired', 'string'], ['sourceRegion', 'string'],
];
// Through versionid: the oldest documented layout. Later fields were appended over the years.
const MIN_COLUMNS = 19;

export const S3ServerAccess = defineLogType({
  name: 'AWS.S3ServerAccess',
  description: 'Amazon S3 server access logs: one record per request made to a bucket.',
  reference: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html',
  fields: {
    bucketowner: string({ required: true, description: 'The canonical user ID of the owner of the source bucket.' }),
    bucket: string({ description: 'The name of the bucket the request was processed against.' }),
    time: timestamp({ required: true, description: 'When the request was received, UTC.' }),
    remoteip: string({ indicators: ['ip'], description: 'The apparent IP address of the requester.' }),
    requester: string({ indicators: ['aws_arn'], description: 'The canonical user ID or IAM ARN of the requester; absent for unauthenticated requests.' }),
    requestid: string({ description: 'The ID S3 generated for the request.' }),
    operation: string({ description: 'SOAP.operation, REST.HTTP_method.resource_type, WEBSITE.HTTP_method.resource_type or BATCH.DELETE.OBJECT.' }),
    key: string({ description: 'The URL-encoded object key of the request.' }),
    requesturi: string({ description: 'The Request-URI part of the HTTP request message.' }),
    httpstatus: int({ required: true, description: 'The HTTP status code of the response.' }),
    errorcode: string({ description: 'The S3 error code.' }),
    bytessent: bigint({ description: 'The number of response bytes sent, excluding HTTP protocol overhead.' }),
    objectsize: bigint({ description: 'The total size of the object in question.' }),
    totaltime: int({ description: 'Milliseconds the request was in flight from the server perspective.' }),
    turnaroundtime: int({ description: 'Milliseconds S3 spent processing the request.' }),
    referrer: string({ indicators: ['url'], description: 'The value of the HTTP Referer header.' }),
    useragent: string({ description: 'The value of the HTTP User-Agent header.' }),
    versionid: string({ description: 'The version ID in the request.' }),
    hostid: string({ description: 'The x-amz-id-2 or S3 extended request ID.' }),
    signatureversion: string({ description: 'SigV2 or SigV4, the signature version that authenticated the request.' }),
    ciphersuite: string({ description: 'The TLS cipher negotiated for HTTPS requests.' }),
    authenticationtype: string({ description: 'AuthHeader, QueryString (presigned URL) or absent for unauthenticated requests.' }),
    hostheader: string({ indicators: ['hostname'], description: 'The endpoint used to connect to S3.' }),
    tlsVersion: string({ description: 'The TLS version the client negotiated: TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3.' }),
    accessPointArn: string({ indicators: ['aws_arn'], description: 'The ARN of the access point of the request.' }),
    aclRequired: string({ description: 'Yes when an ACL was required to authorize the request.' }),
    sourceRegion: string({ description: 'The AWS Region the request came from.' }),
    additionalFields: array(string(), { description: 'Fields after the last known one, kept as written.' }),
  },
  eventTime: 'time',
  parser: { kind: 'text', create: () => parseS3ServerAccess },
});

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

function parseS3ServerAccess(line: string): ParseResult {
  // Fail fast: every record starts with the bucket owner, a 64-hex canonical user ID.
  if (line.length < 100 || line.charCodeAt(64) !== 32) return notOurs(line, 'an S3 server access log record');
  for (let i = 0; i < 64; i++) if (!isHex(line.charCodeAt(i))) return notOurs(line, 'an S3 server access log record');

  const cols = quotedRow(line);
  if (typeof cols === 'string') return reject(`S3 access record is not well-formed: ${cols}`);
  if (cols.length < MIN_COLUMNS) return reject(`S3 access record has ${cols.length} fields, expected at least ${MIN_COLUMNS}`);

  const time = parseTime(cols[2] as string, cols[3] as string);
  if (time === null) return reject(`time: expected [dd/Mon/yyyy:HH:MM:SS +zzzz], got ${show(`${cols[2]} ${cols[3]}`)}`);

  const event: Record<string, unknown> = {};
  const n = Math.min(cols.length, COLUMNS.length);
  for (let i = 0; i < n; i++) {
    const v = cols[i] as string;
    if (v === ABSENT || v === '') continue;
    const [key, kind] = COLUMNS[i] as (typeof COLUMNS)[number];
    if (kind === 'string') event[key] = v;
    else if (kind === 'time') event.time = time;
    else {
      const num = toInt(v);
      if (Number.isNaN(num)) return reject(`${key}: expected an integer, got ${show(v)}`);
      event[key] = num;
    }
  }
  if (cols.length > COLUMNS.length) event.additionalFields = cols.slice(COLUMNS.length);
  return { ok: true, event };
}

/** "[06/Feb/2019:00:00:38" + "+0000]" to a normalized timestamp, or null. */
function parseTime(a: string, b: string): string | null {
  if (a.length !== 21 || a.charCodeAt(0) !== 91 || b.length !== 6 || b.charCodeAt(5) !== 93) return null;
  if (a[3] !== '/' || a[7] !== '/' || a[12] !== ':' || a[15] !== ':' || a[18] !== ':') return null;
  const num = (s: string, from: number, to: number): number => toInt(s.slice(from, to));
  const sign = b[0] === '-' ? -1 : b[0] === '+' ? 1 : 0;
  const offset = sign * (num(b, 1, 3) * 60 + num(b, 3, 5));
  const month = monthNumber(a.slice(4, 7));
  if (sign === 0 || month === 0 || Number.isNaN(offset)) return null;
  const [day, year, hour, minute, second] = [num(a, 1, 3), num(a, 8, 12), num(a, 13, 15), num(a, 16, 18), num(a, 19, 21)];
  if (Number.isNaN(day + year + hour + minute + second)) return null;
  return fromParts(year, month, day, hour, minute, second, '', offset);
}
