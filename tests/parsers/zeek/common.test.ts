import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Classification } from '../../../parsers/classifier.js';
import type { LogType, ParseResult } from '../../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles, sampleLogType } from '../../../parsers/samples.js';
import { identify, parseZeekTime, unescape } from '../../../parsers/zeek/common.js';
import { Conn, DNS, HTTP, SSL, logTypes } from '../../../parsers/zeek/index.js';
import { classifyLines, eventsOf } from '../../helpers/parse.js';

// The product's full list (it registers the Zeek types).
const ALL = builtinLogTypes;
const tsv = (...rows: string[][]): string[] => rows.map((r) => r.join('\t'));
const kinds = (rs: readonly Classification[]): string[] => rs.map((r) => (r.kind === 'unclassified' ? 'unclassified' : `${r.kind}:${r.logType.name}`));
const parser = (lt: LogType): ((line: string) => ParseResult) => {
  if (lt.parser.kind !== 'text') throw new Error(`${lt.name} is not a text parser`);
  return lt.parser.create();
};
const reasonOf = (r: ParseResult): string => (r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`);

// Zeek's preamble, as every TSV log file starts (docs.zeek.org, "Zeek Log Formats and Inspection").
const PREAMBLE = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-'];
const CONN_LOG = [
  ...PREAMBLE,
  ...tsv(
    ['#path', 'conn'],
    ['#open', '2020-06-05-14-48-32'],
    ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'],
    ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count', 'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'],
    ['1591367999.305988', 'CazOhH2qDUiJTWMCY', '192.168.4.76', '36844', '192.168.4.1', '53', 'udp', 'dns', '0.066852', '62', '141', 'SF', '-', '-', '0', 'Dd', '2', '118', '2', '197', '-'],
    ['1591367999.430166', 'CLqEx41jYPOdfHF586', '192.168.4.76', '46378', '31.3.245.133', '80', 'tcp', 'http', '0.254115', '77', '295', 'SF', '-', '-', '0', 'ShADadFf', '6', '397', '4', '511', '-'],
    ['#close', '2020-06-05-14-48-32'],
  ),
];
const DNS_LOG = [
  ...PREAMBLE,
  ...tsv(
    ['#path', 'dns'],
    ['#open', '2020-06-05-14-48-32'],
    ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query', 'qclass', 'qclass_name', 'qtype', 'qtype_name', 'rcode', 'rcode_name', 'AA', 'TC', 'RD', 'RA', 'Z', 'answers', 'TTLs', 'rejected'],
    ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'count', 'interval', 'string', 'count', 'string', 'count', 'string', 'count', 'string', 'bool', 'bool', 'bool', 'bool', 'count', 'vector[string]', 'vector[interval]', 'bool'],
    ['1591367999.306059', 'CazOhH2qDUiJTWMCY', '192.168.4.76', '36844', '192.168.4.1', '53', 'udp', '8555', '-', 'testmyids.com', '1', 'C_INTERNET', '28', 'AAAA', '0', 'NOERROR', 'F', 'F', 'T', 'F', '0', '-', '-', 'F'],
    ['1591367999.305988', 'CazOhH2qDUiJTWMCY', '192.168.4.76', '36844', '192.168.4.1', '53', 'udp', '19671', '0.066852', 'testmyids.com', '1', 'C_INTERNET', '1', 'A', '0', 'NOERROR', 'F', 'F', 'T', 'T', '0', '31.3.245.133', '3600.000000', 'F'],
    ['#close', '2020-06-05-14-48-32'],
  ),
];

t.test('whole Zeek TSV files as Zeek writes them, classified with every log type', async (t) => {
  const conn = classifyLines(ALL, CONN_LOG);
  // The preamble names no log: whichever Zeek type comes first takes it; #path on belongs to conn.
  t.ok(conn.slice(0, 4).every((r) => r.kind === 'header' && r.logType.name.startsWith('Zeek.')), 'the preamble is header lines');
  t.same(kinds(conn.slice(4)), ['header:Zeek.Conn', 'header:Zeek.Conn', 'header:Zeek.Conn', 'header:Zeek.Conn', 'event:Zeek.Conn', 'event:Zeek.Conn', 'header:Zeek.Conn']);
  const [dnsFlow, http] = eventsOf(conn.filter((r) => r.kind === 'event'));
  t.match(dnsFlow, { ts: '2020-06-05 14:39:59.305988000', 'id.orig_p': 36844, service: 'dns', duration: 0.066852, conn_state: 'SF', history: 'Dd', resp_ip_bytes: 197 });
  t.notOk('local_orig' in (dnsFlow as object), '"-" is unset');
  t.notOk('tunnel_parents' in (dnsFlow as object));
  t.equal(http?.p_event_time, '2020-06-05 14:39:59.430166000');

  const dns = classifyLines(ALL, DNS_LOG);
  t.same(kinds(dns), [...Array(8).fill('header:Zeek.DNS'), 'event:Zeek.DNS', 'event:Zeek.DNS', 'header:Zeek.DNS'], 'Zeek.DNS is first among the Zeek types: it takes the preamble too');
});

t.test('several blocks in one object: each #path hands the lines to its log type', async (t) => {
  const results = classifyLines(logTypes, [...DNS_LOG, ...CONN_LOG, ...DNS_LOG]);
  const events = results.filter((r) => r.kind === 'event').map((r) => (r.kind === 'event' ? r.logType.name : ''));
  t.same(events, ['Zeek.DNS', 'Zeek.DNS', 'Zeek.Conn', 'Zeek.Conn', 'Zeek.DNS', 'Zeek.DNS']);
  t.notOk(results.some((r) => r.kind === 'unclassified'), 'every line is a header or an event');
});

t.test('a Zeek type alone rejects the lines of another log, with the reason', async (t) => {
  const results = classifyLines([DNS], CONN_LOG);
  t.same(kinds(results.slice(0, 4)), Array(4).fill('header:Zeek.DNS'), 'the preamble could be a dns.log');
  const reasons = results.slice(4).map((r) => (r.kind === 'unclassified' ? r.reasons[0]?.reason : r.kind));
  t.same(reasons, [
    '#path conn: a Zeek conn log, not dns',
    '#open of a Zeek conn log (#path conn), not dns',
    '#fields of a Zeek conn log (#path conn), not dns',
    '#types of a Zeek conn log (#path conn), not dns',
    'a line of a Zeek conn log (#path conn), not dns',
    'a line of a Zeek conn log (#path conn), not dns',
    '#close of a Zeek conn log (#path conn), not dns',
  ]);
  const json = '{"ts":1591367999.305988,"uid":"CMdzit1AMNsmfAIiQc","id.orig_h":"192.168.4.76","id.orig_p":36844,"id.resp_h":"192.168.4.1","id.resp_p":53,"proto":"udp","service":"dns","conn_state":"SF","missed_bytes":0,"history":"Dd"}';
  t.same(classifyLines([DNS, HTTP, SSL], [json]).map((r) => (r.kind === 'unclassified' ? r.reasons.map((x) => x.reason) : r.kind)), [
    ['conn_state present: a Zeek conn log, not dns', 'conn_state present: a Zeek conn log, not http', 'conn_state present: a Zeek conn log, not ssl'],
  ]);
});

t.test('a separator other than tab, and a parser that missed the #separator line', async (t) => {
  const lines = [
    '#separator \\x7c',
    '#set_separator|;',
    '#empty_field|(empty)',
    '#unset_field|-',
    '#path|conn',
    '#fields|ts|uid|id.orig_h|id.orig_p|id.resp_h|id.resp_p|proto|service|conn_state|missed_bytes|tunnel_parents',
    '#types|time|string|addr|port|addr|port|enum|string|string|count|set[string]',
    '1591367999.430166|CLqEx41jYPOdfHF586|192.168.4.76|46378|31.3.245.133|80|tcp|http|SF|0|CjhGID4nQcgTWjvg4c;CaoZHn1iCXzT1lcyW2',
  ];
  // Zeek.DNS comes first and takes the preamble; Zeek.Conn reads the separator from #path and #fields.
  const results = classifyLines([DNS, Conn], lines);
  t.same(kinds(results), [...Array(4).fill('header:Zeek.DNS'), 'header:Zeek.Conn', 'header:Zeek.Conn', 'header:Zeek.Conn', 'event:Zeek.Conn']);
  const [e] = eventsOf(results.filter((r) => r.kind === 'event'));
  t.same(e?.tunnel_parents, ['CjhGID4nQcgTWjvg4c', 'CaoZHn1iCXzT1lcyW2'], 'split on the announced #set_separator');
  t.equal(e?.['id.resp_p'], 80);

  // Zeek.Conn alone sees the preamble itself.
  const alone = classifyLines([Conn], lines);
  t.same(kinds(alone), [...Array(7).fill('header:Zeek.Conn'), 'event:Zeek.Conn']);
});

t.test('each classifier reads its own file\'s preamble', async (t) => {
  const piped = ['#separator \\x7c', '#set_separator|;', '#empty_field|(empty)', '#unset_field|-', '#path|dns'];
  // A later classifier reads a file with the default preamble: it splits on ",".
  const later = tsv(
    ['#path', 'conn'],
    ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'conn_state', 'tunnel_parents'],
    ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'set[string]'],
    ['1591367999.430166', 'CLqEx41jYPOdfHF586', '192.168.4.76', '46378', '31.3.245.133', '80', 'tcp', 'SF', 'CjhGID4nQcgTWjvg4c,CaoZHn1iCXzT1lcyW2'],
  );
  t.same(kinds(classifyLines([DNS], piped)), Array(5).fill('header:Zeek.DNS'), 'Zeek.DNS alone takes the ";" #set_separator');
  const [l] = eventsOf(classifyLines([Conn], later).filter((r) => r.kind === 'event'));
  t.same(l?.tunnel_parents, ['CjhGID4nQcgTWjvg4c', 'CaoZHn1iCXzT1lcyW2'], 'no preamble leaks from an earlier classifier');
});

t.test('#fields without #path: the columns tell the logs apart', async (t) => {
  const lines = tsv(
    ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name', 'resumed', 'established'],
    ['1700000000.333333', 'CSSL5678', '192.168.1.100', '44444', '10.0.0.3', '443', 'TLSv13', 'TLS_AES_256_GCM_SHA384', 'secure.example.com', 'F', 'T'],
  );
  const results = classifyLines(logTypes, lines);
  t.same(kinds(results), ['header:Zeek.SSL', 'event:Zeek.SSL']);
  const dns = parser(DNS);
  t.equal(reasonOf(dns(lines[0] as string)), '#fields: cipher present: a Zeek ssl log, not dns');
  t.equal(reasonOf(dns(lines[1] as string)), 'not a Zeek dns line: JSON, or TSV after a #fields header');
});

t.test('columns a log type does not declare are typed by #types', async (t) => {
  const lines = tsv(
    ['#path', 'dns'],
    ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'query', 'write_ts', 'hops', 'score', 'is_local', 'note', 'notes', 'plain'],
    ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'time', 'vector[count]', 'double', 'bool', 'string', 'set[string]', 'string'],
    ['1591367999.306059', 'CazOhH2qDUiJTWMCY', 'fe80::1', '5353', 'ff02::fb', '5353', 'udp', 'printer\\x09office.local', '1591367999.5', '1,-,3', '-0.25', 'T', '(empty)', '(empty)', 'caf\\xc3\\xa9'],
  );
  const [e] = eventsOf(classifyLines([DNS], lines).filter((r) => r.kind === 'event'));
  t.match(e, { query: 'printer\toffice.local', write_ts: 1591367999.5, hops: [1, null, 3], score: -0.25, is_local: true, note: '', notes: [], plain: 'café' });
  t.same(e?.p_any_ip_addresses, ['fe80::1', 'ff02::fb']);

  // Without #types they stay strings.
  const untyped = [lines[0], lines[1], lines[3]] as string[];
  const [u] = eventsOf(classifyLines([DNS], untyped).filter((r) => r.kind === 'event'));
  t.match(u, { write_ts: '1591367999.5', hops: '1,-,3', is_local: 'T' });
});

t.test('TSV lines and headers that do not hold are rejected with the reason', async (t) => {
  const header = tsv(['#path', 'conn'], ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'duration', 'local_orig', 'orig_bytes']);
  const row = (...v: string[]): string => ['1591367999.305988', 'CazOhH2qDUiJTWMCY', '192.168.4.76', '36844', '192.168.4.1', '53', 'udp', ...v].join('\t');
  const p = parser(Conn);
  for (const h of header) t.equal(p(h).ok, 'header');
  t.equal(reasonOf(p(row('0.5', 'T'))), 'Zeek TSV line has 9 fields, #fields announced 10');
  t.equal(reasonOf(p(row('0.5', 'yes', '62'))), 'local_orig: "yes" is not T or F');
  t.equal(reasonOf(p(row('0.5', 'T', '6.2'))), 'orig_bytes: "6.2" is not an integer');
  t.equal(reasonOf(p(row('half', 'T', '62'))), 'duration: "half" is not a number');
  t.equal(reasonOf(p(['yesterday', ...row('0.5', 'T', '62').split('\t').slice(1)].join('\t'))), 'ts: "yesterday" is not a time');
  t.equal(p(row('0.5', 'T', '62')).ok, true);
  t.equal(reasonOf(p('#types\ttime\tstring')), '#types has 2 entries, #fields 10');
  t.equal(reasonOf(p('#fields\tts\tuid\tts')), '#fields has an empty or repeated name');
  t.equal(reasonOf(p('#Fields: date time cs-method')), 'not a Zeek header line: "#"');
  t.equal(reasonOf(p('# a comment')), 'not a Zeek header line: "#"');
  t.equal(reasonOf(p('#separator ')), '#separator without a value');
  t.equal(reasonOf(p('#pathconn')), 'not a Zeek header line: "#pathconn"');
  t.equal(reasonOf(p('#path')), '#path is not followed by a separator');
  // A Zeek keyword with a malformed rest is named as such, as with the escaped tab after #empty_field below.
  t.equal(reasonOf(p('#unset_field-')), '#unset_field is not followed by the separator');

  const fresh = parser(Conn);
  t.equal(reasonOf(fresh('#types\ttime')), '#types before #fields');
  t.equal(reasonOf(fresh('#empty_field(empty)')), '#empty_field is not followed by the separator');
  t.equal(reasonOf(fresh('#empty_field\\x09(empty)')), '#empty_field is not followed by the separator');
  t.equal(fresh('#separator \\x09').ok, 'header');
  t.equal(fresh('#open\t2020-06-05-14-48-32').ok, 'header', '#open before any #path is harmless');
});

t.test('JSON lines: the keys decide among the four, _path when a shipper names it', async (t) => {
  const base = { ts: 1591367999.512593, uid: 'C5bLoe2Mvxqhawzqqd', 'id.orig_h': '192.168.4.76', 'id.orig_p': 46378, 'id.resp_h': '31.3.245.133', 'id.resp_p': 80 };
  const line = (extra: Record<string, unknown>): string => JSON.stringify({ ...base, ...extra });
  const http = parser(HTTP);
  t.equal(http(line({ trans_depth: 1, method: 'GET', _path: 'http' })).ok, true);
  t.equal(reasonOf(http(line({ trans_depth: 1, method: 'GET', _path: 'sip' }))), '_path is "sip", not "http"');
  t.equal(reasonOf(http(line({ trans_depth: 1, method: 'INVITE', uri: 'sip:bob@example.com', call_id: 'a84b4c76e66710' }))), 'call_id present: not a Zeek http log');
  t.equal(reasonOf(http(line({ note: 'SSL::Invalid_Server_Cert', msg: 'self signed certificate' }))), 'none of trans_depth, method, uri, status_code, request_body_len, response_body_len, resp_mime_types: not a Zeek http log');
  t.equal(reasonOf(http(line({ trans_depth: 1, method: 'GET', query: null, conn_state: null }))), 'accepted: ' + JSON.stringify({ ok: true, event: { ...base, trans_depth: 1, method: 'GET', query: null, conn_state: null } }), 'null keys (json_include_unset_fields) do not count');
  // V8 words these differently from one Node version to the next: the prefix and position are what we own.
  t.match(reasonOf(http('{"ts":1,"uid":"C1","id.orig_h":"10.0.0.1",')), /^invalid JSON: .*\bposition 42\b/);
  t.match(reasonOf(http('{"id.orig_h":1}[]')), /^invalid JSON: .*\bposition 15\b/);
  t.equal(reasonOf(http('{"eventVersion":"1.08","userIdentity":{}}')), 'not a Zeek http JSON line: no "id.orig_h"');
  t.equal(reasonOf(http('<34>Oct 11 22:14:15 mymachine su: \'su root\' failed')), 'not a Zeek http line: JSON, or TSV after a #fields header');

  // ts: an epoch number, an ISO 8601 string (JSON::TS_ISO8601), epoch milliseconds (JSON::TS_MILLIS).
  const times = [1591367999.512593, '2020-06-05T14:39:59.512593Z', 1591367999512, 'soon'].map((ts) => {
    const [r] = classifyLines([HTTP], [line({ ts, trans_depth: 1 })]);
    return r?.kind === 'event' ? r.event.ts : r?.kind === 'unclassified' ? r.reasons[0]?.reason : r?.kind;
  });
  t.same(times, ['2020-06-05 14:39:59.512593000', '2020-06-05 14:39:59.512593000', '2020-06-05 14:39:59.512000000', 'ts: expected timestamp, got string "soon"']);
  const [missing] = classifyLines([HTTP], [JSON.stringify({ uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 1, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, trans_depth: 1 })]);
  t.match(missing?.kind === 'unclassified' ? missing.reasons[0]?.reason : '', 'ts: required field missing');
});

t.test('the helpers', async (t) => {
  t.equal(parseZeekTime(1591367999.305988), '2020-06-05 14:39:59.305988000');
  t.equal(parseZeekTime('1591367999.305988'), '2020-06-05 14:39:59.305988000');
  t.equal(parseZeekTime('1591367999305'), '2020-06-05 14:39:59.305000000', 'a millisecond string');
  t.equal(parseZeekTime('2020-09-16T14:01:26.194646Z'), '2020-09-16 14:01:26.194646000');
  t.equal(parseZeekTime(true), null);
  t.equal(parseZeekTime('-'), null);
  t.equal(unescape('no escapes'), 'no escapes');
  t.equal(unescape('a\\x09b\\x2cc'), 'a\tb,c');
  t.equal(unescape('\\xe2\\x82\\xac 5'), '€ 5', 'multi-byte UTF-8');
  const has = (...keys: string[]) => (k: string): boolean => keys.includes(k);
  t.equal(identify('dns', has('query', 'rejected')), null);
  t.equal(identify('ssl', has('version', 'server_name')), 'none of cipher, curve, established, resumed, ssl_history, next_protocol, cert_chain_fps, cert_chain_fuids, sni_matches_cert: not a Zeek ssl log', 'QUIC has version and server_name too');
  t.equal(identify('conn', has('history', 'client_scid')), 'none of conn_state, missed_bytes, orig_pkts, resp_pkts, orig_ip_bytes, resp_ip_bytes, tunnel_parents: not a Zeek conn log', 'quic.log has a history');
});

t.test('other log types\' samples: none is a Zeek event or header', async (t) => {
  const names = ALL.map((l) => l.name);
  for (const file of sampleFiles()) {
    const own = sampleLogType(file, names);
    const text = readFileSync(file, 'utf8');
    const lines = /^\s*\{\s*"Records"/.test(text)
      ? (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r))
      : text.split('\n').filter((l) => l.trim() !== '');
    // Within the family each type still turns away the others' files.
    for (const lt of logTypes) {
      if (lt.name === own) continue;
      const taken = classifyLines([lt], lines).filter((r) => r.kind !== 'unclassified');
      t.equal(taken.length, 0, `${lt.name} takes nothing of ${basename(file)}`);
    }
  }
});
