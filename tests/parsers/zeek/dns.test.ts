import t from 'tap';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { DNS } from '../../../parsers/zeek/dns.js';
import { classifyLines, eventsOf } from '../../helpers/parse.js';
import { PREAMBLE, comparable, kinds, lastRejection, sample, tsv } from './fixtures/zeek.js';

type Obj = Record<string, unknown>;
const TSV = sample('Zeek.DNS.tsv');
const JSONL = sample('Zeek.DNS.jsonl');
const events = (lines: readonly string[]): Obj[] => eventsOf(classifyLines([DNS], lines).filter((r) => r.kind !== 'header'));

t.test('dns.log in TSV: the records of the Zeek docs with their values', async (t) => {
  const results = classifyLines([DNS], TSV);
  t.same(kinds(results), ['header:Zeek.DNS', 'header:Zeek.DNS', 'header:Zeek.DNS', 'header:Zeek.DNS', ...Array(3).fill('event:Zeek.DNS'), 'header:Zeek.DNS']);
  const [aaaa, a, cname] = events(TSV) as [Obj, Obj, Obj];

  // The AAAA query of testmyids.com: no answer, so rtt, answers and TTLs are unset ("-").
  t.same(comparable(aaaa), {
    ts: '2020-06-05 14:39:59.306059000',
    uid: 'CazOhH2qDUiJTWMCY',
    'id.orig_h': '192.168.4.76',
    'id.orig_p': 36844,
    'id.resp_h': '192.168.4.1',
    'id.resp_p': 53,
    proto: 'udp',
    trans_id: 8555,
    query: 'testmyids.com',
    qclass: 1,
    qclass_name: 'C_INTERNET',
    qtype: 28,
    qtype_name: 'AAAA',
    rcode: 0,
    rcode_name: 'NOERROR',
    AA: false,
    TC: false,
    RD: true,
    RA: false,
    Z: 0,
    rejected: false,
    p_log_type: 'Zeek.DNS',
    p_event_time: '2020-06-05 14:39:59.306059000',
    p_parse_time: '2026-01-01 00:00:00.000000000',
    p_source_id: 'test-source',
    p_source_label: 'tests',
    p_any_ip_addresses: ['192.168.4.1', '192.168.4.76'],
    p_any_domain_names: ['testmyids.com'],
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
  });

  t.match(a, { trans_id: 19671, rtt: 0.066852, qtype: 1, qtype_name: 'A', RA: true, answers: ['31.3.245.133'], TTLs: [3600] });
  t.equal(a.p_event_time, '2020-06-05 14:39:59.305988000');
  t.same(a.p_any_ip_addresses, ['192.168.4.1', '192.168.4.76', '31.3.245.133'], 'the answer is an address');

  // A CNAME chain: the vector splits on the set separator, names and addresses go apart.
  t.same(cname.answers, ['d2c8nhx7ytw3y6.cloudfront.net', '13.32.202.10', '13.32.202.101', '13.32.202.2']);
  t.same(cname.TTLs, [60, 60, 60, 60]);
  t.same(cname.p_any_domain_names, ['d2c8nhx7ytw3y6.cloudfront.net', 'www.taosecurity.com']);
  t.same(cname.p_any_ip_addresses, ['13.32.202.10', '13.32.202.101', '13.32.202.2', '192.168.4.1', '192.168.4.49']);
  t.equal(cname.p_event_time, '2020-08-25 17:43:11.102354000');
});

t.test('dns.log in JSON: epoch and ISO 8601 times, reverse lookups, newer fields', async (t) => {
  const [aaaa, a, zeek8, zeek8a, ptr, nx] = events(JSONL) as [Obj, Obj, Obj, Obj, Obj, Obj];
  t.match(aaaa, { ts: '2020-06-05 14:39:59.306059000', uid: 'CMdzit1AMNsmfAIiQc', trans_id: 8555, qtype_name: 'AAAA', RA: false, rejected: false });
  t.notOk('answers' in aaaa, 'unset fields are left out of Zeek JSON');
  t.match(a, { rtt: 0.06685185432434082, answers: ['31.3.245.133'], TTLs: [3600] });

  t.match(zeek8, { ts: '2026-03-30 23:00:41.789170000', opcode: 0, opcode_name: 'query', Z: 2, query: 'zeek.org' });
  t.same(zeek8a.answers, ['192.0.78.150', '192.0.78.212']);
  t.same(zeek8a.p_any_ip_addresses, ['1.1.1.1', '172.17.0.2', '192.0.78.150', '192.0.78.212']);
  t.same(zeek8a.p_any_domain_names, ['zeek.org']);

  // A PTR query names an address: 16.2.16.172.in-addr.arpa is 172.16.2.16.
  t.match(ptr, { qtype: 12, qtype_name: 'PTR', rtt: 0.000613 });
  t.same(ptr.p_any_ip_addresses, ['172.16.0.2', '172.16.2.16']);
  t.same(ptr.p_any_domain_names, ['ip-172-16-2-16.us-west-2.compute.internal'], 'the answer, not the in-addr.arpa name');

  t.match(nx, { ts: '2020-09-16 14:01:25.873901000', rcode: 3, rcode_name: 'NXDOMAIN', query: 'wpad.localdomain' });
  t.equal(nx.p_event_time, '2020-09-16 14:01:25.873901000', 'JSON::TS_ISO8601 time');
});

t.test('the same record in TSV and in JSON gives the same event', async (t) => {
  // Zeek's JSON writes the interval with its full precision; the TSV with six decimals.
  const json = JSON.parse(JSONL[1] as string) as Obj;
  const asTsv = JSON.stringify({ ...json, uid: 'CazOhH2qDUiJTWMCY', rtt: 0.066852 });
  const [fromTsv] = events(TSV).slice(1);
  const [fromJson] = events([asTsv]);
  t.same(comparable(fromJson), comparable(fromTsv));
  t.equal(fromJson?.TTLs !== undefined && (fromJson.TTLs as unknown[]).length, 1);
});

t.test('a whole dns.log as Zeek writes it, among all log types', async (t) => {
  const results = classifyLines(builtinLogTypes, [...PREAMBLE, ...TSV]);
  t.same(kinds(results), [...Array(8).fill('header:Zeek.DNS'), ...Array(3).fill('event:Zeek.DNS'), 'header:Zeek.DNS']);
  t.same(kinds(classifyLines(builtinLogTypes, JSONL)), Array(JSONL.length).fill('event:Zeek.DNS'));
});

t.test('near misses are rejected with a reason', async (t) => {
  const base = JSON.parse(JSONL[1] as string) as Obj;
  const json = (changes: Obj): string[] => [JSON.stringify({ ...base, ...changes })];
  t.match(lastRejection([DNS], json({ ts: undefined })), /^Zeek\.DNS: ts: required field missing$/);
  t.match(lastRejection([DNS], json({ ts: 'Jun 5 14:39:59' })), /ts: expected timestamp, got string "Jun 5 14:39:59"/);
  t.match(lastRejection([DNS], json({ proto: undefined })), /proto: required field missing/);
  t.match(lastRejection([DNS], json({ 'id.resp_p': '53' })), /id\.resp_p: expected integer, got string "53"/);
  t.match(lastRejection([DNS], json({ qtype: 'A' })), /qtype: expected integer, got string "A"/);
  t.match(lastRejection([DNS], json({ answers: '31.3.245.133' })), /answers: expected array, got string/);
  t.match(lastRejection([DNS], json({ TTLs: ['3600'] })), /TTLs\[0\]: expected number, got string "3600"/);
  t.match(lastRejection([DNS], json({ conn_state: 'SF' })), /conn_state present: a Zeek conn log, not dns/);
  t.match(lastRejection([DNS], json({ _path: 'conn' })), /_path is "conn", not "dns"/);

  const [path, open, fields, types, , row] = TSV as [string, string, string, string, string, string];
  const header = [path, open, fields, types];
  const cells = row.split('\t');
  const withCell = (i: number, v: string): string => cells.map((c, j) => (j === i ? v : c)).join('\t');
  t.equal(lastRejection([DNS], [...header, withCell(16, 'yes')]), 'Zeek.DNS: AA: "yes" is not T or F');
  t.equal(lastRejection([DNS], [...header, withCell(22, '3600.000000,soon')]), 'Zeek.DNS: TTLs: "soon" is not a number');
  t.equal(lastRejection([DNS], [...header, cells.slice(0, -1).join('\t')]), 'Zeek.DNS: Zeek TSV line has 23 fields, #fields announced 24');
  t.equal(lastRejection([DNS], [fields.replace('query', 'conn_state'), row]), 'Zeek.DNS: not a Zeek dns line: JSON, or TSV after a #fields header');
  t.equal(lastRejection([DNS], tsv(['#path', 'conn'])), 'Zeek.DNS: #path conn: a Zeek conn log, not dns');
});
