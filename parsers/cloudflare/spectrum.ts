import { bigint, boolean, int, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { cloudflareTimestamp, hasAny } from './common.js';

// "Timestamp" alone is too common a key to claim a line: one Spectrum-only key must be there too.
const SPECTRUM_KEYS = [
  'Application', 'ColoCode', 'ClientMatchedIpFirewall', 'ClientProto', 'OriginProto', 'ProxyProtocol', 'ClientTcpRtt', 'OriginTcpRtt',
  'ClientTlsStatus', 'OriginTlsStatus', 'OriginTlsMode', 'IpFirewall', 'ConnectTimestamp', 'DisconnectTimestamp',
] as const;

// Field names are Cloudflare's: the dataset writes ClientAsn (Panther declared ClientASN, which the
// lake's case-insensitive JSON columns could not hold beside it; such a key still reads as clientasn).
export const Spectrum = defineLogType({
  name: 'Cloudflare.Spectrum',
  description:
    'Cloudflare Logpush spectrum_events dataset: connection lifecycle events (connect, disconnect, errors) of Spectrum TCP/UDP proxy applications. ' +
    'Timestamps may be RFC 3339 strings or unix seconds, milliseconds or nanoseconds.',
  reference: 'https://developers.cloudflare.com/logs/reference/log-fields/zone/spectrum_events/',
  fields: {
    Application: string({ description: 'The public ID of the Spectrum application.' }),
    ClientAsn: bigint({ description: 'Client AS number.' }),
    ClientBytes: bigint({ description: 'Bytes read from the client by Spectrum.' }),
    ClientCountry: string({ description: 'Country of the client IP address.' }),
    ClientIP: string({ indicators: ['ip'], description: 'Client IP address.' }),
    ClientMatchedIpFirewall: string({ description: 'IP Firewall match: UNKNOWN, ALLOW, BLOCK_ERROR, BLOCK_IP, BLOCK_COUNTRY, BLOCK_ASN, WHITELIST_IP...' }),
    ClientPort: int({ description: 'Client port.' }),
    ClientProto: string({ description: 'Transport protocol of the client: tcp, udp, unix.' }),
    ClientTcpRtt: bigint({ description: 'TCP round-trip time between client and Spectrum, in nanoseconds.' }),
    ClientTlsCipher: string({ description: 'Cipher negotiated with the client; "UNK" when unknown.' }),
    ClientTlsClientHelloServerName: string({ indicators: ['domain'], description: 'Server name (SNI) in the client hello.' }),
    ClientTlsProtocol: string({ description: 'TLS version negotiated with the client: none, SSLv3, TLSv1...TLSv1.3, unknown.' }),
    ClientTlsStatus: string({ description: 'State of the client TLS session: OK, INVALID_SNI, HANDSHAKE_FAILED...' }),
    ColoCode: string({ description: 'IATA airport code of the data center that received the connection.' }),
    ConnectTimestamp: timestamp({ format: cloudflareTimestamp, description: 'When both legs of the connection were established.' }),
    DisconnectTimestamp: timestamp({ format: cloudflareTimestamp, description: 'When the connection was closed.' }),
    Event: string({ description: 'The event: connect, disconnect, clientFiltered, tlsError, resolveOrigin, originError.' }),
    IpFirewall: boolean({ description: 'IP Firewall was enabled at the time of the connection.' }),
    OriginBytes: bigint({ description: 'Bytes read from the origin by Spectrum.' }),
    OriginIP: string({ indicators: ['ip'], description: 'Origin IP address.' }),
    OriginPort: int({ description: 'Origin port.' }),
    OriginProto: string({ description: 'Transport protocol of the origin: tcp, udp, unix.' }),
    OriginTcpRtt: bigint({ description: 'TCP round-trip time between Spectrum and the origin, in nanoseconds.' }),
    OriginTlsCipher: string({ description: 'Cipher negotiated with the origin; "UNK" when unknown.' }),
    OriginTlsFingerprint: string({ indicators: ['sha256'], description: 'SHA256 hash of the origin certificate; empty when unknown.' }),
    OriginTlsMode: string({ description: 'How the upstream connection is encrypted: off, flexible, full, strict, unknown.' }),
    OriginTlsProtocol: string({ description: 'TLS version negotiated with the origin.' }),
    OriginTlsStatus: string({ description: 'State of the origin TLS session.' }),
    ProxyProtocol: string({ description: 'Proxy protocol applied to the connection: off, v1, v2, simple.' }),
    Status: int({ description: 'Why the connection closed: 0 opened, 200 normal closure, 4xx errors (see the Spectrum event log codes).' }),
    Timestamp: timestamp({ required: true, format: cloudflareTimestamp, description: 'When the event took place.' }),
  },
  eventTime: 'Timestamp',
  parser: {
    kind: 'json',
    accept: (obj) => (hasAny(obj, SPECTRUM_KEYS) ? null : `none of the Spectrum keys (${SPECTRUM_KEYS.slice(0, 4).join(', ')}...) beside Timestamp`),
  },
});
