import { array, bigint, int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { SCRIPTS_REFERENCE, connectionFields, zeekParser } from './common.js';

const strings = (description: string) => array(string(), { description });

const fields = {
  ...connectionFields('The time the HTTP request was first seen.'),
  trans_depth: int({ description: 'The position of this request-response transaction in the pipeline of the connection (1 for the first).' }),
  method: string({ description: 'The request verb: GET, POST, HEAD, CONNECT...' }),
  host: string({ indicators: ['hostname'], description: 'The value of the Host header.' }),
  uri: string({ indicators: ['url'], description: 'The URI of the request (absolute for proxy requests).' }),
  referrer: string({ indicators: ['url'], description: 'The value of the Referer header.' }),
  version: string({ description: 'The HTTP version the request is carried by, e.g. 1.1.' }),
  user_agent: string({ description: 'The value of the User-Agent header from the client.' }),
  origin: string({ indicators: ['url'], description: 'The value of the Origin header from the client.' }),
  request_body_len: bigint({ description: 'The uncompressed size of the data transferred from the client.' }),
  response_body_len: bigint({ description: 'The uncompressed size of the data transferred from the server.' }),
  status_code: int({ description: 'The status code the server returned.' }),
  status_msg: string({ description: 'The status message the server returned.' }),
  info_code: int({ description: 'The last 1xx informational reply code the server returned.' }),
  info_msg: string({ description: 'The last 1xx informational reply message the server returned.' }),
  tags: strings('Indicators of various attributes discovered and related to this request/response, e.g. HTTP::URI_SQLI.'),
  username: string({ indicators: ['username'], description: 'The username of basic-auth performed for the request.' }),
  password: string({ description: 'The password of basic-auth (logged only with HTTP::default_capture_password).' }),
  proxied: strings('The headers that indicate the request was proxied, as "HEADER -> value".'),
  orig_fuids: strings('The file unique ids (files.log) of the files the client sent, in order.'),
  orig_filenames: strings('The names of the files the client sent.'),
  orig_mime_types: strings('The MIME types of the files the client sent.'),
  resp_fuids: strings('The file unique ids (files.log) of the files the server sent, in order.'),
  resp_filenames: strings('The names of the files the server sent.'),
  resp_mime_types: strings('The MIME types of the files the server sent.'),
  client_header_names: strings('The names of the client headers, in order (policy/protocols/http/header-names).'),
  server_header_names: strings('The names of the server headers, in order (policy/protocols/http/header-names).'),
  cookie_vars: strings('The names of the cookie variables (policy/protocols/http/var-extraction-cookies).'),
  uri_vars: strings('The names of the URI query variables (policy/protocols/http/var-extraction-uri).'),
} as const;

// "X-FORWARDED-FOR -> 192.0.2.7" and the like.
const PROXIED = /-> *(\S+)$/;

export const HTTP = defineLogType({
  name: 'Zeek.HTTP',
  description: "Zeek's http.log: HTTP requests and their replies seen on the network, as JSON or Zeek's TSV.",
  reference: `${SCRIPTS_REFERENCE}http/main.zeek.html#type-HTTP::Info`,
  fields,
  eventTime: 'ts',
  parser: { kind: 'text', create: zeekParser({ path: 'http', fields }) },
  indicators: (e, set) => {
    for (const p of e.proxied ?? []) {
      const m = typeof p === 'string' ? PROXIED.exec(p) : null;
      if (m !== null) set.add('hostname', m[1]);
    }
  },
});
