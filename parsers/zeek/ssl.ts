import { array, boolean, int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { SCRIPTS_REFERENCE, connectionFields, zeekParser } from './common.js';

const fields = {
  ...connectionFields('The time the SSL/TLS connection was first detected.'),
  version: string({ description: 'The SSL/TLS version the server chose, e.g. TLSv12, TLSv13.' }),
  cipher: string({ description: 'The SSL/TLS cipher suite the server chose.' }),
  curve: string({ description: 'The elliptic curve the server chose for ECDH/ECDHE.' }),
  server_name: string({ indicators: ['hostname'], description: 'The Server Name Indication (SNI) the client sent: the server it asked for.' }),
  resumed: boolean({ description: 'Whether the session was resumed, reusing key material of an earlier connection.' }),
  last_alert: string({ description: 'The last alert seen during the connection.' }),
  next_protocol: string({ description: 'The application protocol the server chose by ALPN (or NPN), e.g. h2, http/1.1.' }),
  established: boolean({ description: 'Whether the session was established successfully, or aborted during the handshake.' }),
  ssl_history: string({ description: 'The handshake messages seen, in order, as letters: uppercase from the client (C = client_hello, s = server_hello...).' }),
  cert_chain_fps: array(string(), { indicators: ['sha256'], description: "The SHA-256 fingerprints of the server's certificates, the host certificate first." }),
  client_cert_chain_fps: array(string(), { indicators: ['sha256'], description: "The SHA-256 fingerprints of the client's certificates." }),
  cert_chain_fuids: array(string(), { description: "The file ids (files.log, x509.log) of the server's certificates, as older Zeek versions log them." }),
  client_cert_chain_fuids: array(string(), { description: "The file ids of the client's certificates, as older Zeek versions log them." }),
  subject: string({ description: "The subject of the server's X.509 certificate." }),
  issuer: string({ description: "The issuer of the server's X.509 certificate." }),
  client_subject: string({ description: "The subject of the client's X.509 certificate." }),
  client_issuer: string({ description: "The issuer of the client's X.509 certificate." }),
  sni_matches_cert: boolean({ description: "Whether the server name matches the server's certificate." }),
  validation_status: string({ description: 'The result of certificate validation (policy/protocols/ssl/validate-certs), e.g. ok.' }),
  ocsp_status: string({ description: 'The result of OCSP validation (policy/protocols/ssl/validate-ocsp).' }),
  valid_ct_logs: int({ description: 'The number of valid SCTs from distinct Certificate Transparency logs (policy/protocols/ssl/validate-sct).' }),
  valid_ct_operators: int({ description: 'The number of valid SCTs from distinct CT log operators (policy/protocols/ssl/validate-sct).' }),
  ja3: string({ description: 'The JA3 fingerprint (MD5) of the client hello (the ja3 package).' }),
  ja3s: string({ description: 'The JA3S fingerprint (MD5) of the server hello (the ja3 package).' }),
} as const;

export const SSL = defineLogType({
  name: 'Zeek.SSL',
  description: "Zeek's ssl.log: SSL/TLS handshakes seen on the network, the version, cipher, server name and certificates, as JSON or Zeek's TSV.",
  reference: `${SCRIPTS_REFERENCE}ssl/main.zeek.html#type-SSL::Info`,
  fields,
  eventTime: 'ts',
  parser: { kind: 'text', create: zeekParser({ path: 'ssl', fields }) },
});
