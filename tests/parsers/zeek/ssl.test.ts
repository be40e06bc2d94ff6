import t from 'tap';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { SSL } from '../../../parsers/zeek/ssl.js';
import { classifyLines, eventsOf } from '../../helpers/parse.js';
import { PREAMBLE, comparable, kinds, lastRejection, sample } from './fixtures/zeek.js';

type Obj = Record<string, unknown>;
const LEGACY = sample('Zeek.SSL.tsv'); // Zeek 4/5 layout: certificate file ids, subject and issuer
const CURRENT = sample('Zeek.SSL.zeek6.tsv'); // Zeek 6+ layout: ssl_history, certificate fingerprints
const JSONL = sample('Zeek.SSL.jsonl');
const events = (lines: readonly string[]): Obj[] => eventsOf(classifyLines([SSL], lines).filter((r) => r.kind !== 'header'));
const LEAF = '9f91161f43433e49a6de6db680d79f60159f2e4ac9172621a12846428158440b';
const INTERMEDIATE = '94e6f02a5aca51e44a2c057e9c0f3ced80814c198de8a84b4f5cab7e06ea2094';

t.test('ssl.log in TSV as Zeek 4 and 5 write it', async (t) => {
  const [live, telemetry, office, selfSigned] = events(LEGACY) as [Obj, Obj, Obj, Obj];
  t.match(live, {
    ts: '2020-09-01 20:39:33.193883000',
    uid: 'CRUIstLprtERqs8c8',
    'id.resp_p': 443,
    version: 'TLSv12',
    cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    curve: 'secp256r1',
    server_name: 'login.live.com',
    resumed: false,
    next_protocol: 'h2',
    established: true,
    cert_chain_fuids: ['Fxulet2GsFuEn0Uik4', 'FjJx5d2slh18Zneyg1'],
    client_cert_chain_fuids: [],
    subject: 'CN=login.live.com,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
    issuer: 'CN=DigiCert SHA2 Secure Server CA,O=DigiCert Inc,C=US',
    validation_status: 'ok',
  });
  t.notOk('last_alert' in live || 'client_subject' in live, 'unset fields are left out');
  t.same(live.p_any_domain_names, ['login.live.com']);
  t.same(live.p_any_ip_addresses, ['10.9.1.101', '40.90.22.186']);
  t.same(live.p_any_trace_ids, ['CRUIstLprtERqs8c8']);

  t.equal(telemetry.validation_status, 'unable to get local issuer certificate');
  t.match(office, { established: false, cipher: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', curve: 'secp384r1' });
  t.notOk('subject' in office);
  t.match(selfSigned, { 'id.resp_p': 447, validation_status: 'self signed certificate', cert_chain_fuids: ['Fi8GYS3h2Abx3EGXFd'] });
  t.equal(selfSigned.subject, selfSigned.issuer);
  t.notOk('server_name' in selfSigned, 'no SNI');
  t.same(selfSigned.p_any_domain_names, []);
});

t.test('ssl.log in TSV as Zeek 6 and later write it: fingerprints and the handshake history', async (t) => {
  const [tls13, tls12, mismatch] = events(CURRENT) as [Obj, Obj, Obj];
  t.same(comparable(tls12), {
    ts: '2024-03-12 09:15:03.102944000',
    uid: 'C4J4Th3PJpwUYZZ6gc',
    'id.orig_h': '192.168.1.77',
    'id.orig_p': 52816,
    'id.resp_h': '93.184.215.14',
    'id.resp_p': 443,
    version: 'TLSv12',
    cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    curve: 'secp256r1',
    server_name: 'example.com',
    resumed: false,
    next_protocol: 'http/1.1',
    established: true,
    ssl_history: 'CsxknGIi',
    cert_chain_fps: [LEAF, INTERMEDIATE],
    client_cert_chain_fps: [],
    sni_matches_cert: true,
    p_log_type: 'Zeek.SSL',
    p_event_time: '2024-03-12 09:15:03.102944000',
    p_parse_time: '2026-01-01 00:00:00.000000000',
    p_source_id: 'test-source',
    p_source_label: 'tests',
    p_any_ip_addresses: ['192.168.1.77', '93.184.215.14'],
    p_any_domain_names: ['example.com'],
    p_any_md5_hashes: [],
    p_any_sha1_hashes: [],
    p_any_sha256_hashes: [INTERMEDIATE, LEAF],
    p_any_trace_ids: ['C4J4Th3PJpwUYZZ6gc'],
    p_any_aws_account_ids: [],
    p_any_aws_instance_ids: [],
    p_any_aws_arns: [],
    p_any_aws_tags: [],
    p_any_emails: [],
    p_any_usernames: [],
  });
  t.match(tls13, { version: 'TLSv13', ssl_history: 'CsiI', next_protocol: 'h2' });
  t.notOk('cert_chain_fps' in tls13, 'TLS 1.3 certificates are encrypted: unset');
  t.same(tls13.p_any_sha256_hashes, []);
  t.match(mismatch, { sni_matches_cert: false, 'id.resp_p': 8443, server_name: 'vpn.example.net' });
});

t.test('ssl.log in JSON: resumed sessions, ISO 8601 times, JA3, a failed handshake', async (t) => {
  const all = events(JSONL);
  t.equal(all.length, 6);
  const [first, resumed, , ja3, , failed] = all as [Obj, Obj, Obj, Obj, Obj, Obj];
  t.match(first, { server_name: 'www.taosecurity.com', next_protocol: 'h2', subject: 'CN=www.taosecurity.com', issuer: 'CN=Amazon,OU=Server CA 1B,O=Amazon,C=US' });
  t.equal((first.cert_chain_fuids as unknown[]).length, 4);
  t.same(first.client_cert_chain_fuids, []);
  t.match(resumed, { version: 'TLSv13', resumed: true, curve: 'x25519' });
  t.match(ja3, { ts: '2020-09-16 14:01:26.194646000', ja3: '3830b2a4fbcea64e74db382e467f5b3b', ja3s: '907bf3ecef1c987c889946b737b43de8', server_name: 'www.google.com' });
  // From the Zeek docs (analyzer.log): a client hello answered in plain HTTP, so no version or cipher.
  t.match(failed, { server_name: 'usafaikidonews.com', resumed: false, established: false, p_event_time: '2020-12-10 02:44:24.340668000' });
  t.notOk('version' in failed || 'cipher' in failed);
  t.same(failed.p_any_domain_names, ['usafaikidonews.com']);
});

t.test('the same handshake in TSV and in JSON gives the same event', async (t) => {
  const json = {
    ts: 1710234903.102944,
    uid: 'C4J4Th3PJpwUYZZ6gc',
    'id.orig_h': '192.168.1.77',
    'id.orig_p': 52816,
    'id.resp_h': '93.184.215.14',
    'id.resp_p': 443,
    version: 'TLSv12',
    cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    curve: 'secp256r1',
    server_name: 'example.com',
    resumed: false,
    next_protocol: 'http/1.1',
    established: true,
    ssl_history: 'CsxknGIi',
    cert_chain_fps: [LEAF, INTERMEDIATE],
    client_cert_chain_fps: [],
    sni_matches_cert: true,
  };
  const [fromJson] = events([JSON.stringify(json)]);
  const [, fromTsv] = events(CURRENT);
  t.same(comparable(fromJson), comparable(fromTsv));
});

t.test('whole ssl.logs as Zeek writes them, among all log types', async (t) => {
  for (const file of [LEGACY, CURRENT]) {
    const results = classifyLines(builtinLogTypes, [...PREAMBLE, ...file]);
    t.ok(results.slice(0, 4).every((r) => r.kind === 'header' && r.logType.name.startsWith('Zeek.')));
    t.same(kinds(results.slice(4)), [...Array(4).fill('header:Zeek.SSL'), ...Array(file.length - 5).fill('event:Zeek.SSL'), 'header:Zeek.SSL']);
  }
  t.same(kinds(classifyLines(builtinLogTypes, JSONL)), Array(JSONL.length).fill('event:Zeek.SSL'));
});

t.test('near misses are rejected with a reason', async (t) => {
  const base = JSON.parse(JSONL[0] as string) as Obj;
  const json = (changes: Obj): string[] => [JSON.stringify({ ...base, ...changes })];
  t.match(lastRejection([SSL], json({ ts: undefined })), /ts: required field missing/);
  t.match(lastRejection([SSL], json({ resumed: 'F' })), /resumed: expected boolean, got string "F"/);
  t.match(lastRejection([SSL], json({ established: 1 })), /established: expected boolean, got number/);
  t.match(lastRejection([SSL], json({ cert_chain_fuids: 'F2XEvj1CahhdhtfvT4' })), /cert_chain_fuids: expected array/);
  t.match(lastRejection([SSL], json({ 'id.orig_p': 56718.5 })), /id\.orig_p: expected integer, got number/);
  t.match(lastRejection([SSL], json({ trans_depth: 1 })), /trans_depth present: a Zeek http log, not ssl/);
  // quic.log has version and server_name too, but none of ssl's own fields.
  const quic = { ts: 1598377391.9, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 5, 'id.resp_h': '10.0.0.2', 'id.resp_p': 443, version: '1', server_name: 'example.com', client_scid: 'a1' };
  t.match(lastRejection([SSL], [JSON.stringify(quic)]), /none of cipher, curve, established, .*: not a Zeek ssl log/);

  const [path, open, fields, types, row] = CURRENT as [string, string, string, string, string];
  const cells = row.split('\t');
  const withCell = (i: number, v: string): string => cells.map((c, j) => (j === i ? v : c)).join('\t');
  const header = [path, open, fields, types];
  t.equal(lastRejection([SSL], [...header, withCell(17, 'maybe')]), 'Zeek.SSL: sni_matches_cert: "maybe" is not T or F');
  t.equal(lastRejection([SSL], [...header, withCell(10, 'false')]), 'Zeek.SSL: resumed: "false" is not T or F');
  t.equal(lastRejection([SSL], [fields.replace('cipher', 'method').replace('curve', 'uri').replace('established', 'status_code')]), 'Zeek.SSL: #fields: method present: a Zeek http log, not ssl');
  t.equal(lastRejection([SSL], [row]), 'Zeek.SSL: not a Zeek ssl line: JSON, or TSV after a #fields header', 'a row without its header is not read');
});
