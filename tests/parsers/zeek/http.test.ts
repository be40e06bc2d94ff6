import t from 'tap';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { HTTP } from '../../../parsers/zeek/http.js';
import { classifyLines, eventsOf } from '../../helpers/parse.js';
import { PREAMBLE, comparable, kinds, lastRejection, sample } from './fixtures/zeek.js';

type Obj = Record<string, unknown>;
const TSV = sample('Zeek.HTTP.tsv');
const JSONL = sample('Zeek.HTTP.jsonl');
const events = (lines: readonly string[]): Obj[] => eventsOf(classifyLines([HTTP], lines).filter((r) => r.kind !== 'header'));
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:78.0) Gecko/20100101 Firefox/78.0';

t.test('http.log in TSV: requests with their values, files and indicators', async (t) => {
  const [curl, upload, favicon] = events(TSV) as [Obj, Obj, Obj];
  t.same(comparable(curl), {
    ts: '2020-06-05 14:39:59.512593000',
    uid: 'CLqEx41jYPOdfHF586',
    'id.orig_h': '192.168.4.76',
    'id.orig_p': 46378,
    'id.resp_h': '31.3.245.133',
    'id.resp_p': 80,
    trans_depth: 1,
    method: 'GET',
    host: 'testmyids.com',
    uri: '/',
    version: '1.1',
    user_agent: 'curl/7.47.0',
    request_body_len: 0,
    response_body_len: 39,
    status_code: 200,
    status_msg: 'OK',
    tags: [],
    resp_fuids: ['FEEsZS1w0Z0VJIb5x4'],
    resp_mime_types: ['text/plain'],
    p_log_type: 'Zeek.HTTP',
    p_event_time: '2020-06-05 14:39:59.512593000',
    p_parse_time: '2026-01-01 00:00:00.000000000',
    p_source_id: 'test-source',
    p_source_label: 'tests',
    p_any_ip_addresses: ['192.168.4.76', '31.3.245.133'],
    p_any_domain_names: ['testmyids.com'],
    p_any_md5_hashes: [],
    p_any_sha1_hashes: [],
    p_any_sha256_hashes: [],
    p_any_trace_ids: ['CLqEx41jYPOdfHF586'],
    p_any_aws_account_ids: [],
    p_any_aws_instance_ids: [],
    p_any_aws_arns: [],
    p_any_aws_tags: [],
    p_any_emails: [],
    p_any_usernames: [],
  }, 'tags is an empty set "(empty)"; the other unset fields are left out');

  t.match(upload, {
    method: 'POST',
    uri: '/upload',
    referrer: 'http://example.com/form.html',
    origin: 'http://example.com',
    user_agent: FIREFOX,
    request_body_len: 1048,
    info_code: 100,
    info_msg: 'Continue',
    orig_fuids: ['FQ3pQS3ZpQyBmjJjU5'],
    orig_filenames: ['report.pdf'],
    orig_mime_types: ['application/pdf'],
    resp_fuids: ['Fv0yZd2gdbCBSJhY38'],
    resp_mime_types: ['text/html'],
  });
  t.notOk('resp_filenames' in upload);
  t.same(upload.p_any_domain_names, ['example.com'], 'host, referrer and origin name one domain');

  t.match(favicon, { uid: 'CJ2SWf2Yr9fqdVJCmf', trans_depth: 2, status_code: 304, status_msg: 'Not Modified', response_body_len: 0 });
  t.equal(favicon.p_event_time, '2020-06-05 14:42:21.007715000');
});

t.test('http.log in JSON: a POST, a proxied request with a username and tags', async (t) => {
  const [, post, sqli] = events(JSONL) as [Obj, Obj, Obj];
  t.match(post, { method: 'POST', host: 'caminorshort.weixin.qq.com', uri: '/mmtls/32fc51a3', request_body_len: 537, orig_fuids: ['FMcFnE1TMNpElbp7Ce'] });
  t.equal(post.p_event_time, '2016-09-09 06:41:44.343692000');
  t.same(post.p_any_domain_names, ['caminorshort.weixin.qq.com']);

  t.match(sqli, { trans_depth: 2, status_code: 404, tags: ['HTTP::URI_SQLI'], username: 'jdoe', uri: '/admin/config.php?id=1%27%20OR%201=1' });
  t.same(sqli.p_any_usernames, ['jdoe']);
  t.same(sqli.p_any_domain_names, ['intranet.example.com'], 'Host with a port, and the referrer');
  t.same(sqli.p_any_ip_addresses, ['10.0.0.15', '10.0.5.22', '198.51.100.23'], 'the X-Forwarded-For client of the proxied header');
});

t.test('the same request in TSV and in JSON gives the same event', async (t) => {
  // The docs' JSON run gave the connection another uid; otherwise the records are the same.
  const json = JSON.parse(JSONL[0] as string) as Obj;
  const [fromJson] = events([JSON.stringify({ ...json, uid: 'CLqEx41jYPOdfHF586' })]);
  const [fromTsv] = events(TSV);
  t.same(comparable(fromJson), comparable(fromTsv));
});

t.test('a whole http.log as Zeek writes it, among all log types', async (t) => {
  const results = classifyLines(builtinLogTypes, [...PREAMBLE, ...TSV]);
  t.ok(results.slice(0, 4).every((r) => r.kind === 'header' && r.logType.name.startsWith('Zeek.')));
  t.same(kinds(results.slice(4)), [...Array(4).fill('header:Zeek.HTTP'), ...Array(3).fill('event:Zeek.HTTP'), 'header:Zeek.HTTP']);
  t.same(kinds(classifyLines(builtinLogTypes, JSONL)), Array(JSONL.length).fill('event:Zeek.HTTP'));
});

t.test('near misses are rejected with a reason', async (t) => {
  const base = JSON.parse(JSONL[0] as string) as Obj;
  const json = (changes: Obj): string[] => [JSON.stringify({ ...base, ...changes })];
  t.match(lastRejection([HTTP], json({ 'id.orig_h': undefined })), /not a Zeek http JSON line: no "id\.orig_h"/);
  t.match(lastRejection([HTTP], json({ 'id.resp_h': undefined })), /id\.resp_h: required field missing/);
  t.match(lastRejection([HTTP], json({ status_code: '200' })), /status_code: expected integer, got string "200"/);
  t.match(lastRejection([HTTP], json({ tags: 'HTTP::URI_SQLI' })), /tags: expected array/);
  t.match(lastRejection([HTTP], json({ resp_fuids: [42] })), /resp_fuids\[0\]: expected string, got number/);
  // sip.log shares trans_depth, method, uri and status_code; its call_id rules it out.
  t.match(lastRejection([HTTP], json({ method: 'INVITE', uri: 'sip:bob@example.com', call_id: 'a84b4c76e66710' })), /call_id present: not a Zeek http log/);
  t.match(lastRejection([HTTP], json({ cipher: 'TLS_AES_128_GCM_SHA256' })), /cipher present: a Zeek ssl log, not http/);

  const [path, open, fields, types, row] = TSV as [string, string, string, string, string];
  const cells = row.split('\t');
  const withCell = (i: number, v: string): string => cells.map((c, j) => (j === i ? v : c)).join('\t');
  const header = [path, open, fields, types];
  t.equal(lastRejection([HTTP], [...header, withCell(16, 'OK')]), 'Zeek.HTTP: status_code: "OK" is not an integer');
  t.equal(lastRejection([HTTP], [...header, withCell(14, '-1.5')]), 'Zeek.HTTP: request_body_len: "-1.5" is not an integer');
  t.equal(lastRejection([HTTP], [...header, `${row}\textra`]), 'Zeek.HTTP: Zeek TSV line has 31 fields, #fields announced 30');
});
