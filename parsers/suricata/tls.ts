import { array, boolean, json, object, string, timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, acceptEventType, commonFields } from './common.js';

const fingerprintObject = (what: string) =>
  object(
    {
      hash: string({ description: `The MD5 of the ${what} string.` }),
      string: string({ description: `The ${what} string: version, ciphers, extensions, curves and formats.` }),
    },
    { description: `The ${what} fingerprint, when JA3 fingerprinting is enabled.` },
  );

/** The tls object of TLS records, also on alerts for TLS traffic. */
export const tlsObject = object(
  {
    subject: string({ description: 'The subject of the server certificate.' }),
    issuerdn: string({ description: 'The issuer of the server certificate.' }),
    serial: string({ description: 'The serial number of the server certificate, as colon-separated hex.' }),
    fingerprint: string({ description: 'The SHA-1 fingerprint of the server certificate, as colon-separated hex.' }),
    sni: string({ indicators: ['domain'], description: 'The Server Name Indication the client sent.' }),
    version: string({ description: 'The TLS version, e.g. TLS 1.2 or TLSv1.3.' }),
    notbefore: timestamp({ description: 'The start of the certificate validity (UTC).' }),
    notafter: timestamp({ description: 'The end of the certificate validity (UTC).' }),
    session_resumed: boolean({ description: 'Whether the session was resumed (then no certificate is seen).' }),
    from_proto: string({ description: 'The protocol TLS was started from, e.g. smtp for STARTTLS.' }),
    ja3: fingerprintObject('JA3 (client)'),
    ja3s: fingerprintObject('JA3S (server)'),
    ja4: string({ description: 'The JA4 client fingerprint, when enabled.' }),
    client_alpns: array(string(), { description: 'The ALPN protocols the client offered.' }),
    server_alpns: array(string(), { description: 'The ALPN protocols the server chose.' }),
    subjectaltname: array(string(), { indicators: ['hostname'], description: 'The subject alternative names of the server certificate.' }),
    certificate: string({ description: 'The server certificate, base64-encoded (custom logging).' }),
    chain: array(string(), { description: 'The certificate chain, base64-encoded (custom logging).' }),
    client: json({ description: 'The client certificate details, when client certificate logging is enabled.' }),
  },
  { description: 'The TLS handshake.' },
);

/** The certificate fingerprint is a SHA-1 written as colon-separated hex. */
export function tlsIndicators(tls: { readonly fingerprint?: string } | undefined, set: IndicatorSet): void {
  if (tls?.fingerprint !== undefined) set.add('sha1', tls.fingerprint.replaceAll(':', ''));
}

export const TLS = defineLogType({
  name: 'Suricata.TLS',
  description: 'Suricata EVE JSON records of event_type "tls": TLS handshakes with the certificate, SNI, version and fingerprints.',
  reference: `${REFERENCE}#event-type-tls`,
  fields: {
    ...commonFields,
    src_ip: string({ required: true, indicators: ['ip'], description: 'The source (client) IP address.' }),
    dest_ip: string({ required: true, indicators: ['ip'], description: 'The destination (server) IP address.' }),
    tls: { ...tlsObject, required: true },
  },
  eventTime: 'timestamp',
  parser: { kind: 'json', accept: acceptEventType('tls') },
  indicators: (e, set) => tlsIndicators(e.tls, set),
});
