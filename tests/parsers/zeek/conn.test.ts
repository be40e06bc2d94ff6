import t from 'tap';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { Conn } from '../../../parsers/zeek/conn.js';
import { classifyLines, eventsOf } from '../../helpers/parse.js';
import { PREAMBLE, comparable, kinds, lastRejection, sample } from './fixtures/zeek.js';

type Obj = Record<string, unknown>;
const TSV = sample('Zeek.Conn.tsv');
const JSONL = sample('Zeek.Conn.jsonl');
const events = (lines: readonly string[]): Obj[] => eventsOf(classifyLines([Conn], lines).filter((r) => r.kind !== 'header'));

t.test('conn.log in TSV: flows with their values, unset and empty fields', async (t) => {
  const [dns, http, vpn, s0] = events(TSV) as [Obj, Obj, Obj, Obj];
  t.same(comparable(dns), {
    ts: '2020-06-05 14:39:59.305988000',
    uid: 'CazOhH2qDUiJTWMCY',
    'id.orig_h': '192.168.4.76',
    'id.orig_p': 36844,
    'id.resp_h': '192.168.4.1',
    'id.resp_p': 53,
    proto: 'udp',
    service: 'dns',
    duration: 0.066852,
    orig_bytes: 62,
    resp_bytes: 141,
    conn_state: 'SF',
    missed_bytes: 0,
    history: 'Dd',
    orig_pkts: 2,
    orig_ip_bytes: 118,
    resp_pkts: 2,
    resp_ip_bytes: 197,
    p_log_type: 'Zeek.Conn',
    p_event_time: '2020-06-05 14:39:59.305988000',
    p_parse_time: '2026-01-01 00:00:00.000000000',
    p_source_id: 'test-source',
    p_source_label: 'tests',
    p_any_ip_addresses: ['192.168.4.1', '192.168.4.76'],
    p_any_domain_names: [],
    p_any_md5_hashes: [],
    p_any_sha1_hashes: [],
    p_any_sha256_hashes: [],
    p_any_trace_ids: ['CazOhH2qDUiJTWMCY'],
    p_any_aws_account_ids: [],
    p_any_aws_instance_ids: [],
    p_any_aws_arns: [],
    p_any_aws_tags: [],
    p_any_emails: [],
    p_any_usernames: [],
  }, 'local_orig, local_resp and tunnel_parents are unset ("-"): left out');

  t.match(http, { proto: 'tcp', service: 'http', duration: 0.254115, history: 'ShADadFf', orig_pkts: 6, resp_ip_bytes: 511 });
  t.same(http.p_any_ip_addresses, ['192.168.4.76', '31.3.245.133']);

  t.equal(vpn.service, 'ssl,openvpntcp', 'service is a string column: its comma is not a set separator');
  t.match(vpn, { conn_state: 'S1', duration: 32.021256, orig_pkts: 100, 'id.resp_p': 1194 });
  t.equal(vpn.p_event_time, '2013-01-14 21:08:56.781122000');

  // A lone SYN: no service, duration or byte counts; Site::local_nets set, so local_* are logged.
  t.match(s0, { conn_state: 'S0', history: 'S', local_orig: true, local_resp: true, orig_pkts: 1, resp_pkts: 0, tunnel_parents: [] });
  for (const k of ['service', 'duration', 'orig_bytes', 'resp_bytes']) t.notOk(k in s0, `${k} is unset`);
});

t.test('conn.log in JSON, with the fields of policy scripts and newer Zeek', async (t) => {
  const all = events(JSONL);
  t.equal(all.length, 7);
  const [first, , ssl, , , rej, ipProto] = all as [Obj, Obj, Obj, Obj, Obj, Obj, Obj];
  t.match(first, { uid: 'CMdzit1AMNsmfAIiQc', duration: 0.06685185432434082, conn_state: 'SF' });
  t.match(ssl, { service: 'ssl', resp_bytes: 31113, p_event_time: '2020-08-25 17:43:11.716515000' });
  t.match(rej, {
    conn_state: 'REJ',
    history: 'Sr',
    local_orig: true,
    orig_l2_addr: 'fc:ec:da:49:e0:10',
    resp_l2_addr: '08:00:27:97:99:0d',
    community_id: '1:N7P2FUbLhs9e7iJnRXoEE7E1+mc=',
  });
  t.notOk('service' in rej);
  t.match(ipProto, { ip_proto: 6, uid: 'C8blOJ21azairPrWf8', history: 'ShADadfF', p_event_time: '2020-12-10 02:44:24.274569000' });
  t.same(ipProto.p_any_ip_addresses, ['184.168.176.1', '192.168.4.142']);
  t.same(ipProto.p_any_trace_ids, ['C8blOJ21azairPrWf8']);
});

t.test('the same flow in TSV and in JSON gives the same event', async (t) => {
  const json = JSON.parse(JSONL[0] as string) as Obj;
  // The same flow from the TSV run: its uid, and the interval at TSV's six decimals.
  const [fromJson] = events([JSON.stringify({ ...json, uid: 'CazOhH2qDUiJTWMCY', duration: 0.066852 })]);
  const [fromTsv] = events(TSV);
  t.same(comparable(fromJson), comparable(fromTsv));
});

t.test('a whole conn.log as Zeek writes it, among all log types', async (t) => {
  const results = classifyLines(builtinLogTypes, [...PREAMBLE, ...TSV]);
  // The preamble names no log: the first Zeek type tried takes it; from #path on it is conn's.
  t.ok(results.slice(0, 4).every((r) => r.kind === 'header' && r.logType.name.startsWith('Zeek.')));
  t.same(kinds(results.slice(4)), [...Array(4).fill('header:Zeek.Conn'), ...Array(4).fill('event:Zeek.Conn'), 'header:Zeek.Conn']);
  const tunnels = eventsOf(results.filter((r) => r.kind === 'event')).map((e) => e.tunnel_parents);
  t.same(tunnels, [undefined, undefined, undefined, []], 'the preamble another type took still applies');
  t.same(kinds(classifyLines(builtinLogTypes, JSONL)), Array(JSONL.length).fill('event:Zeek.Conn'));
});

t.test('near misses are rejected with a reason', async (t) => {
  const base = JSON.parse(JSONL[0] as string) as Obj;
  const json = (changes: Obj): string[] => [JSON.stringify({ ...base, ...changes })];
  t.match(lastRejection([Conn], json({ uid: undefined })), /uid: required field missing/);
  t.match(lastRejection([Conn], json({ proto: undefined })), /proto: required field missing/);
  t.match(lastRejection([Conn], json({ orig_bytes: '62' })), /orig_bytes: expected integer, got string "62"/);
  t.match(lastRejection([Conn], json({ local_orig: 'T' })), /local_orig: expected boolean, got string "T"/);
  t.match(lastRejection([Conn], json({ tunnel_parents: 'CjhGID4nQcgTWjvg4c' })), /tunnel_parents: expected array/);
  t.match(lastRejection([Conn], json({ query: 'testmyids.com' })), /query present: a Zeek dns log, not conn/);
  // quic.log has a history and a connection id too, but none of conn's own fields.
  const quic = { ts: 1591367999.5, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 5, 'id.resp_h': '10.0.0.2', 'id.resp_p': 443, version: '1', client_scid: 'a1', history: 'ISishIH' };
  t.match(lastRejection([Conn], [JSON.stringify(quic)]), /none of conn_state, missed_bytes, .*: not a Zeek conn log/);

  const [path, open, fields, types, row] = TSV as [string, string, string, string, string];
  const cells = row.split('\t');
  const withCell = (i: number, v: string): string => cells.map((c, j) => (j === i ? v : c)).join('\t');
  const header = [path, open, fields, types];
  t.equal(lastRejection([Conn], [...header, withCell(8, '66ms')]), 'Zeek.Conn: duration: "66ms" is not a number');
  t.equal(lastRejection([Conn], [...header, withCell(12, 'yes')]), 'Zeek.Conn: local_orig: "yes" is not T or F');
  t.equal(lastRejection([Conn], [...header, withCell(3, 'http')]), 'Zeek.Conn: id.orig_p: "http" is not an integer');
  t.equal(lastRejection([Conn], [...header, withCell(0, '2020-06-05T14:39:59')]), 'Zeek.Conn: ts: "2020-06-05T14:39:59" is not a time');
});
