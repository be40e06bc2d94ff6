import { array, bigint, int, json, object, string } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, acceptEventType, addIpList, addUrlOrHost, commonFields, xffField } from './common.js';

const header = object({
  name: string({ description: 'The header name.' }),
  value: string({ description: 'The header value.' }),
  table_size_update: int({ description: 'The HTTP/2 HPACK dynamic table size update, instead of a header.' }),
});

/** The http object of HTTP records, also on alerts for HTTP traffic. Custom headers (custom: [...]) come as extra keys. */
export const httpObject = object(
  {
    hostname: string({ indicators: ['hostname'], description: 'The host the request was made to (Host header or URI host).' }),
    http_port: int({ description: 'The port of the Host header, when it names one.' }),
    url: string({ description: 'The request target (path and query) at the host.' }),
    http_user_agent: string({ description: 'The User-Agent of the request.' }),
    http_content_type: string({ description: 'The Content-Type of the response, e.g. application/x-gzip.' }),
    http_refer: string({ indicators: ['url'], description: 'The Referer of the request.' }),
    http_method: string({ description: 'The request method, e.g. GET or POST.' }),
    protocol: string({ description: 'The protocol version, e.g. HTTP/1.1.' }),
    version: string({ description: 'The HTTP version, for HTTP/2 (e.g. 2).' }),
    status: int({ coerce: true, description: 'The response status code (written as a string by old releases).' }),
    length: bigint({ description: 'The size of the response body.' }),
    redirect: string({ indicators: ['url'], description: 'The Location of a redirect response.' }),
    request_headers: array(header, { description: 'Every request header, when dump-all-headers covers requests.' }),
    response_headers: array(header, { description: 'Every response header, when dump-all-headers covers responses.' }),
    content_range: object(
      {
        raw: string({ description: 'The Content-Range header as sent.' }),
        start: bigint({ description: 'The first byte of the range.' }),
        end: bigint({ description: 'The last byte of the range.' }),
        size: bigint({ description: 'The full size of the content.' }),
      },
      { description: 'The Content-Range of a partial response.' },
    ),
    http_request_body: string({ description: 'The request body, base64-encoded, when body logging is enabled.' }),
    http_response_body: string({ description: 'The response body, base64-encoded, when body logging is enabled.' }),
    http_request_body_printable: string({ description: 'The printable part of the request body.' }),
    http_response_body_printable: string({ description: 'The printable part of the response body.' }),
    http2: json({ description: 'HTTP/2 details: stream ID, settings, priority, error codes.' }),
  },
  { description: 'The HTTP transaction.' },
);

/** Indicators of an http object that field marks cannot take: a Referer that is a bare host. */
export function httpIndicators(http: { readonly http_refer?: string } | undefined, set: IndicatorSet): void {
  if (http === undefined) return;
  addUrlOrHost(set, http.http_refer);
}

export const HTTP = defineLogType({
  name: 'Suricata.HTTP',
  description: 'Suricata EVE JSON records of event_type "http": one HTTP request and its response per record.',
  reference: `${REFERENCE}#event-type-http`,
  fields: {
    ...commonFields,
    src_ip: string({ required: true, indicators: ['ip'], description: 'The source (client) IP address.' }),
    dest_ip: string({ required: true, indicators: ['ip'], description: 'The destination (server) IP address.' }),
    http: { ...httpObject, required: true },
    xff: xffField,
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: acceptEventType('http') },
  indicators: (e, set) => {
    httpIndicators(e.http, set);
    addIpList(set, e.xff);
  },
});
