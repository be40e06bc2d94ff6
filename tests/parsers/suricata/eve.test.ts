import t from 'tap';
import type { LogType } from '../../../parsers/core/logtype.js';
import { Alert, Anomaly, DNS, Flow, HTTP, TLS, logTypes } from '../../../parsers/suricata/index.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

const sample = (name: string): string[] => sampleLines(new URL(`../../../parsers/suricata/samples/Suricata.${name}.jsonl`, import.meta.url));
const parse = (lt: LogType, name: string): Array<Record<string, unknown>> => eventsOf(classifyLines([lt], sample(name)));
const reasonOf = (lt: LogType, line: string): string => rejection([lt], line).replace(`${lt.name}: `, '');
const variant = (line: string, changes: Record<string, unknown>): string => JSON.stringify({ ...(JSON.parse(line) as object), ...changes });

t.test('DNS: queries, old and new answer formats, grouped answers, indicators by record type', async (t) => {
  const [query, oldAnswer, refused, detailed, grouped] = parse(DNS, 'DNS');
  t.match(query, {
    timestamp: '2015-10-22 06:31:06.520370000',
    p_event_time: '2015-10-22 06:31:06.520370000',
    p_log_type: 'Suricata.DNS',
    flow_id: 188564141437106,
    pcap_cnt: 229108,
    event_type: 'dns',
    src_port: 27864,
    dest_port: 53,
    proto: '017',
    community_id: '1:2lDamoPjfWU3FGYJXWeXwZwtza4=',
    dns: { type: 'query', id: 62705, rrname: 'localhost', rrtype: 'A', tx_id: 0 },
    pcap_filename: '/pcaps/4SICS-GeekLounge-151022.pcap',
  });
  t.same(query?.p_any_ip_addresses, ['192.168.89.2', '8.8.8.8']);
  t.same(query?.p_any_domain_names, [], 'a single-label name is no domain');

  t.match(oldAnswer, { dns: { rcode: 'NOERROR', rdata: '199.16.156.6', ttl: 8, qr: true } });
  t.same(oldAnswer?.p_any_ip_addresses, ['192.168.88.1', '192.168.88.61', '199.16.156.6']);
  t.same(oldAnswer?.p_any_domain_names, ['twitter.com']);
  t.match(refused, { dns: { version: 2, rcode: 'REFUSED' } });
  t.notOk('rdata' in (refused?.dns as object));

  t.equal(at(detailed, 'dns', 'answers', 0, 'rdata'), 'suricata.io');
  t.equal(at(detailed, 'dns', 'answers', 2, 'ttl'), 10);
  t.equal(detailed?.in_iface, 'eth0');
  t.equal(detailed?.proto, 'UDP');
  t.same(detailed?.p_any_ip_addresses, ['10.0.0.17', '10.0.0.53', '192.0.78.24', '192.0.78.25']);
  t.same(detailed?.p_any_domain_names, ['suricata.io', 'www.suricata.io'], 'CNAME target and answer names');
  t.same(at(grouped, 'dns', 'grouped', 'A'), ['192.0.78.24', '192.0.78.25']);
  t.same(grouped?.p_any_ip_addresses, ['10.0.0.17', '10.0.0.53', '192.0.78.24', '192.0.78.25']);
  t.same(grouped?.p_any_domain_names, ['suricata.io']);

  // TXT data is not a host name; NS, MX and PTR targets are.
  const records = variant(sample('DNS')[3] as string, {
    dns: {
      type: 'answer',
      answers: [
        { rrname: 'example.com', rrtype: 'TXT', rdata: 'v=spf1 include:mail.example.net -all' },
        { rrname: 'example.com', rrtype: 'MX', rdata: 'mx1.example.net' },
      ],
      authorities: [{ rrname: 'example.com', rrtype: 'NS', ttl: 300, rdata: 'ns1.example.org' }],
      grouped: { NS: ['ns2.example.org'], AAAA: ['2001:db8::53'] },
    },
  });
  const [e] = eventsOf(classifyLines([DNS], [records]));
  t.same(e?.p_any_domain_names, ['example.com', 'mx1.example.net', 'ns1.example.org', 'ns2.example.org']);
  t.same(e?.p_any_ip_addresses, ['10.0.0.17', '10.0.0.53', '2001:db8::53']);
});

t.test('Anomaly: decode, stream and applayer anomalies; offsets normalized to UTC', async (t) => {
  const [stream, decode, detect, parser] = parse(Anomaly, 'Anomaly');
  t.match(stream, { proto: '006', packet_info: { linktype: 1 }, anomaly: { type: 'stream', event: 'stream.rst_but_no_session' } });
  t.equal(stream?.packet, 'AAd8GmGDANDJpcktCABFAAAoWqcAAEAGRKnAqFgZwKg=');
  t.equal(decode?.timestamp, '1970-01-01 00:04:21.000000000', '-0800 is folded into UTC');
  t.notOk('flow_id' in (decode as object), 'pseudo packets have no flow');
  t.match(decode, { anomaly: { type: 'decode', event: 'decoder.udp.pkt_too_small' } });
  t.equal(detect?.p_event_time, '2016-01-11 13:10:54.612110000');
  t.match(detect, { app_proto: 'tls', anomaly: { layer: 'proto_detect' } });
  t.match(parser, { tx_id: 0, anomaly: { event: 'INVALID_RECORD_TYPE', layer: 'proto_parser' } });
  t.same(parser?.p_any_ip_addresses, ['192.168.122.149', '69.195.71.174']);

  const noTuple = JSON.stringify({ timestamp: '2023-01-01T00:00:00.000001+0000', event_type: 'anomaly', anomaly: { type: 'decode', event: 'decoder.ipv4.wrong_ip_version' } });
  t.equal(classifyLines([Anomaly], [noTuple])[0]?.kind, 'event', 'an anomaly needs no addresses');
});

t.test('Alert: rule, metadata, target, payload, the HTTP, TLS and flow context', async (t) => {
  const [docs, malware, target, ja3] = parse(Alert, 'Alert');
  t.match(docs, {
    timestamp: '2017-04-07 21:24:37.251547000',
    flow_id: 586497171462735,
    tx_id: 4,
    app_proto: 'http',
    metadata: { flowbits: ['http.dottedquadhost'] },
    alert: { action: 'allowed', gid: 1, signature_id: 2018358, rev: 10, category: 'Potentially Bad Traffic', severity: 2 },
  });
  t.same(at(malware, 'alert', 'metadata', 'malware_family'), ['CryptFile2']);
  t.match(malware, { http: { hostname: 'roanokemortgages.com', status: 200, length: 876 }, flow: { pkts_toserver: 5, start: '2021-02-08 16:00:12.491911000' } });
  t.same(malware?.p_any_domain_names, ['roanokemortgages.com']);
  t.match(target, { stream: 1, alert: { source: { ip: '192.168.43.32', port: 36292 }, target: { ip: '179.60.192.3', port: 80 } } });
  t.equal(target?.payload_printable, 'GET / HTTP/1.1\r\nHost: facebook.com\r\n\r\n');
  t.match(ja3, { pkt_src: 'wire/pcap', ether: { src_mac: '12:a9:86:6c:77:de' }, alert: { action: 'blocked' }, tls: { ja3: { hash: '3b5074b1b5d032e5620f69f9f700ff0e' } } });
  t.same(ja3?.p_any_domain_names, ['secure-login.example.net']);
  t.same(ja3?.p_any_md5_hashes, [], 'a JA3 hash is a fingerprint, not a file hash');
});

t.test('Flow: counts, bypass, times, TCP summary, ICMP', async (t) => {
  const [bypassed, tcp, udp, icmp] = parse(Flow, 'Flow');
  t.match(bypassed, {
    timestamp: '2019-05-28 21:35:28.071281000',
    flow: {
      pkts_toserver: 23,
      bytes_toclient: 7392,
      bypassed: { pkts_toserver: 10, bytes_toclient: 984 },
      start: '2019-05-28 21:32:29.025256000',
      end: '2019-05-28 21:35:28.071281000',
      age: 179,
      bypass: 'capture',
      state: 'bypassed',
      reason: 'timeout',
      alerted: false,
    },
  });
  t.match(tcp, { tcp: { tcp_flags: '1b', syn: true, fin: true, state: 'closed' }, flow: { alerted: true } });
  t.notOk('tcp' in (udp as object));
  t.equal(udp?.app_proto, 'dns');
  t.match(icmp, { proto: 'IPv6-ICMP', icmp_type: 128, response_icmp_type: 129 });
  t.notOk('src_port' in (icmp as object));
  t.same(icmp?.p_any_ip_addresses, ['2001:db8::1', '2001:db8::17']);
});

t.test('HTTP: plain, port, extended (status as a string), all headers, custom headers and XFF', async (t) => {
  const [plain, port, extended, headers, custom] = parse(HTTP, 'HTTP');
  t.match(plain, { http: { hostname: 'www.digip.org', url: '/jansson/releases/jansson-2.6.tar.gz', http_content_type: 'application/x-gzip' } });
  t.same(plain?.p_any_domain_names, ['www.digip.org']);
  t.equal(at(port, 'http', 'http_port'), 1337);
  t.equal(at(extended, 'http', 'status'), 200, 'old releases write the status as a string');
  t.equal(at(extended, 'http', 'length'), 310);
  t.same(extended?.p_any_domain_names, ['direkte.vg.no', 'www.vg.no'], 'host and referer');
  t.same(at(headers, 'http', 'request_headers', 1), { name: 'Accept', value: '*/*' });
  t.equal(at(headers, 'http', 'response_headers', 0, 'name'), 'Date');
  t.equal(at(custom, 'http', 'cache_control'), 'no-cache', 'custom header fields are kept');
  t.equal(custom?.xff, '172.16.0.4', 'Suricata writes the XFF address beside the http object');
  t.notOk('xff' in (custom?.http as object));
  t.same(custom?.p_any_ip_addresses, ['10.2.8.101', '172.16.0.4', '8.208.10.147'], 'the X-Forwarded-For address too');
});

t.test('TLS: regular, resumed, extended with validity, JA3/JA3S; the fingerprint as SHA-1', async (t) => {
  const [regular, resumed, extended, ja3] = parse(TLS, 'TLS');
  t.match(regular, { tls: { subject: 'C=US, ST=California, L=Mountain View, O=Google Inc, CN=*.google.com', issuerdn: 'C=US, O=Google Inc, CN=Google Internet Authority G2' } });
  t.same(regular?.p_any_sha1_hashes, []);
  t.same(resumed?.tls, { session_resumed: true });
  t.match(extended, {
    timestamp: '2017-01-16 08:25:11.770345000',
    tls: { sni: 'calendar.google.com', version: 'TLS 1.2', notbefore: '2017-01-04 10:48:43.000000000', notafter: '2017-03-29 10:18:00.000000000' },
  });
  t.same(extended?.p_any_sha1_hashes, ['8f511206a0cc4ecde8a38b38f88759e5af95cacd']);
  t.same(extended?.p_any_domain_names, ['calendar.google.com']);
  t.match(ja3, { community_id: '1:ky2sN9K2lIxjcOLR3XPL3twgTzU=', tls: { ja3s: { hash: 'ec74a5c51106f0419184d0dd08fb05bc' } } });
});

t.test('near misses are rejected with a reason', async (t) => {
  const dns = sample('DNS')[0] as string;
  t.equal(reasonOf(DNS, variant(dns, { event_type: 'flow' })), 'event_type is "flow", not "dns"');
  t.equal(reasonOf(DNS, variant(dns, { event_type: undefined })), 'event_type: required field missing');
  t.equal(reasonOf(DNS, variant(dns, { timestamp: '2015-10-22 06:31:06' })), 'timestamp: expected a Suricata EVE time such as 2015-10-22T11:17:43.787396+0000');
  t.equal(reasonOf(DNS, variant(dns, { timestamp: 1445495466 })), 'timestamp: expected a Suricata EVE time such as 2015-10-22T11:17:43.787396+0000');
  t.equal(reasonOf(DNS, variant(dns, { dns: undefined })), 'dns: expected the dns object of the record');
  t.equal(reasonOf(DNS, variant(dns, { dns: ['query'] })), 'dns: expected the dns object of the record');
  t.equal(reasonOf(DNS, variant(dns, { src_ip: undefined })), 'src_ip: required field missing');
  t.equal(reasonOf(DNS, variant(dns, { proto: undefined })), 'proto: required field missing');
  t.match(reasonOf(DNS, variant(dns, { dns: { id: 'x' } })), /^dns\.id: expected integer, got string "x"/);
  t.match(reasonOf(DNS, variant(dns, { timestamp: '2015-10-22T26:31:06.520370+0000' })), /^timestamp: expected timestamp/);
  t.equal(classifyLines([DNS], [variant(dns, { proto: 17 })])[0]?.kind, 'event', 'a numeric protocol is taken as its string');

  const flow = sample('Flow')[1] as string;
  t.match(reasonOf(Flow, variant(flow, { flow: { start: 'yesterday' } })), /^flow\.start: expected timestamp/);
  t.match(reasonOf(Flow, variant(flow, { tcp: { syn: 'yes' } })), /^tcp\.syn: expected boolean/);
  t.equal(reasonOf(Flow, variant(flow, { dest_ip: undefined })), 'dest_ip: required field missing');
  const http = sample('HTTP')[2] as string;
  t.match(reasonOf(HTTP, variant(http, { http: { status: 'OK' } })), /^http\.status: expected integer, got string "OK"/);
  const alert = sample('Alert')[0] as string;
  t.match(reasonOf(Alert, variant(alert, { alert: { signature_id: '2018358' } })), /^alert\.signature_id: expected integer/);
  t.match(reasonOf(Alert, variant(alert, { alert: { metadata: { created_at: '2017_03_15' } } })), /^alert\.metadata\.created_at: expected array/);
  t.equal(reasonOf(Alert, '["alert"]'), 'JSON value is an array, not an object');
  t.match(reasonOf(TLS, variant(sample('TLS')[2] as string, { tls: { notafter: 'never' } })), /^tls\.notafter: expected timestamp/);
});

t.test('each type takes only its own event_type', async (t) => {
  const byType: Record<string, string> = { DNS: 'Suricata.DNS', Anomaly: 'Suricata.Anomaly', Alert: 'Suricata.Alert', Flow: 'Suricata.Flow', HTTP: 'Suricata.HTTP', TLS: 'Suricata.TLS' };
  for (const [file, want] of Object.entries(byType)) {
    for (const lt of logTypes) {
      const results = classifyLines([lt], sample(file));
      if (lt.name === want) t.ok(results.every((r) => r.kind === 'event'), `${lt.name} takes every ${file} record`);
      else t.ok(results.every((r) => r.kind === 'unclassified'), `${lt.name} takes no ${file} record`);
    }
  }
  // Other EVE event types are none of ours.
  const fileinfo = JSON.stringify({ timestamp: '2021-02-08T17:00:13.181547+0100', flow_id: 1, event_type: 'fileinfo', src_ip: '8.208.10.147', dest_ip: '10.2.8.101', proto: 'TCP', fileinfo: { filename: '/0801.bin', size: 876 } });
  const stats = JSON.stringify({ timestamp: '2021-02-08T17:00:13.181547+0100', event_type: 'stats', stats: { uptime: 8 } });
  for (const line of [fileinfo, stats]) t.equal(classifyLines(logTypes, [line])[0]?.kind, 'unclassified');
});

// Per sample line: the event time (the EVE timestamp folded into UTC from the sensor offset) and
// the addresses and names the record holds.
t.test('every sample line: event time and indicators', async (t) => {
  type Want = [time: string, ips: string[], domains?: string[]];
  const table: Array<[LogType, string, Want[]]> = [
    [DNS, 'DNS', [
      ['2015-10-22 06:31:06.520370000', ['192.168.89.2', '8.8.8.8']],
      ['2015-10-22 06:33:45.364388000', ['192.168.88.1', '192.168.88.61', '199.16.156.6'], ['twitter.com']],
      ['2015-10-22 06:33:45.364388000', ['192.168.88.1', '192.168.88.61'], ['time.nist.gov']],
      ['2023-09-18 06:13:22.175641000', ['10.0.0.17', '10.0.0.53', '192.0.78.24', '192.0.78.25'], ['suricata.io', 'www.suricata.io']],
      ['2023-09-18 06:13:22.176012000', ['10.0.0.17', '10.0.0.53', '192.0.78.24', '192.0.78.25'], ['suricata.io']],
    ]],
    [Anomaly, 'Anomaly', [
      ['2015-10-22 11:17:43.787396000', ['192.168.2.22', '192.168.88.25']],
      ['1970-01-01 00:04:21.000000000', ['10.1.1.99', '208.21.2.184']],
      ['2016-01-11 13:10:54.612110000', ['192.168.122.149', '69.195.71.174']],
      ['2016-01-11 13:10:52.828802000', ['192.168.122.149', '69.195.71.174']],
    ]],
    [Alert, 'Alert', [
      ['2017-04-07 21:24:37.251547000', ['192.168.2.14', '209.53.113.5']],
      ['2021-02-08 16:00:13.181547000', ['10.2.8.101', '8.208.10.147'], ['roanokemortgages.com']],
      ['2019-11-26 09:41:36.520115000', ['179.60.192.3', '192.168.43.32']],
      ['2023-09-18 06:13:41.532140000', ['142.11.240.191', '192.168.100.237'], ['secure-login.example.net']],
    ]],
    [Flow, 'Flow', [
      ['2019-05-28 21:35:28.071281000', ['151.101.65.69', '192.168.1.34']],
      ['2021-02-08 16:01:15.082105000', ['10.2.8.101', '8.208.10.147']],
      ['2023-09-18 06:14:52.102381000', ['10.0.0.17', '10.0.0.53']],
      ['2023-09-18 06:15:01.500002000', ['2001:db8::1', '2001:db8::17']],
    ]],
    [HTTP, 'HTTP', [
      ['2014-03-06 13:10:51.491137000', ['192.168.1.101', '208.80.154.224'], ['www.digip.org']],
      ['2014-03-06 13:11:02.183612000', ['192.168.1.101', '198.51.100.20'], ['www.test.org']],
      ['2015-03-25 14:40:41.482913000', ['10.0.0.23', '195.88.55.16'], ['direkte.vg.no', 'www.vg.no']],
      ['2015-03-25 14:40:41.512377000', ['10.0.0.23', '203.0.113.80'], ['test.co.uk', 'www.test.com']],
      ['2021-02-08 16:00:12.648463000', ['10.2.8.101', '172.16.0.4', '8.208.10.147'], ['roanokemortgages.com']],
    ]],
    [TLS, 'TLS', [
      ['2017-01-16 08:23:34.015373000', ['192.168.1.34', '216.58.209.142']],
      ['2017-01-16 08:24:02.548812000', ['192.168.1.34', '216.58.209.142']],
      ['2017-01-16 08:25:11.770345000', ['172.217.22.110', '192.168.1.34'], ['calendar.google.com']],
      ['2023-09-18 06:13:40.911021000', ['142.11.240.191', '192.168.100.237'], ['secure-login.example.net']],
    ]],
  ];
  for (const [lt, file, wants] of table) {
    const events = parse(lt, file);
    t.equal(events.length, wants.length, `${file}: every line`);
    events.forEach((e, i) => {
      const [time, ips, domains = []] = wants[i] as Want;
      t.equal(e.p_log_type, lt.name, `${file} ${i + 1}: type`);
      t.equal(e.p_event_time, time, `${file} ${i + 1}: event time`);
      t.equal(e.p_event_time, e.timestamp, `${file} ${i + 1}: the event time is the EVE timestamp`);
      t.same(e.p_any_ip_addresses, ips, `${file} ${i + 1}: addresses`);
      t.same(e.p_any_domain_names, domains, `${file} ${i + 1}: domains`);
    });
  }
  const [, , , ja3] = parse(TLS, 'TLS');
  t.same(ja3?.p_any_sha1_hashes, ['b58e2f419c0d77316a52e8943d0b6caa1fe24590'], 'the certificate fingerprint without colons');
});

t.test('Alert: the XFF address inside or beside the alert object; multi-tenant rules', async (t) => {
  const line = sample('Alert')[1] as string;
  const inside = JSON.parse(line) as { alert: Record<string, unknown> };
  const [newer] = eventsOf(classifyLines([Alert], [JSON.stringify({ ...inside, alert: { ...inside.alert, xff: '198.51.100.9', tenant_id: 7 } })]));
  t.match(newer, { alert: { xff: '198.51.100.9', tenant_id: 7 } });
  t.same(newer?.p_any_ip_addresses, ['10.2.8.101', '198.51.100.9', '8.208.10.147']);
  const [older] = eventsOf(classifyLines([Alert], [variant(line, { xff: '2001:db8::9' })]));
  t.same(older?.p_any_ip_addresses, ['10.2.8.101', '2001:db8::9', '8.208.10.147']);
  t.match(reasonOf(Alert, variant(line, { xff: ['198.51.100.9'] })), /^xff: expected string, got array/);
  t.match(reasonOf(Alert, JSON.stringify({ ...inside, alert: { ...inside.alert, tenant_id: 'seven' } })), /^alert\.tenant_id: expected integer/);
});

t.test('more near misses: each type needs its own object, well typed', async (t) => {
  const anomaly = sample('Anomaly')[0] as string;
  t.equal(reasonOf(Anomaly, variant(anomaly, { anomaly: 'stream.rst_but_no_session' })), 'anomaly: expected the anomaly object of the record');
  t.match(reasonOf(Anomaly, variant(anomaly, { anomaly: { type: 'stream', code: 'x' } })), /^anomaly\.code: expected integer/);
  t.match(reasonOf(Anomaly, variant(anomaly, { packet_info: { linktype: '1' } })), /^packet_info\.linktype: expected integer/);
  const alert = sample('Alert')[0] as string;
  t.equal(reasonOf(Alert, variant(alert, { alert: undefined })), 'alert: expected the alert object of the record');
  t.equal(reasonOf(Alert, variant(alert, { src_ip: undefined })), 'src_ip: required field missing');
  const http = sample('HTTP')[0] as string;
  t.equal(reasonOf(HTTP, variant(http, { event_type: 'fileinfo' })), 'event_type is "fileinfo", not "http"');
  t.match(reasonOf(HTTP, variant(http, { http: { request_headers: [{ name: 'Host', value: 1 }] } })), /^http\.request_headers\[0\]\.value: expected string/);
  const tls = sample('TLS')[0] as string;
  t.equal(reasonOf(TLS, variant(tls, { tls: null })), 'tls: expected the tls object of the record');
  t.match(reasonOf(TLS, variant(tls, { tls: { session_resumed: 'yes' } })), /^tls\.session_resumed: expected boolean/);
  const flow = sample('Flow')[0] as string;
  t.match(reasonOf(Flow, variant(flow, { flow: { pkts_toserver: '23' } })), /^flow\.pkts_toserver: expected integer/);
  t.equal(reasonOf(Flow, variant(flow, { timestamp: '2019-05-28T23:35:28+0200' })), 'timestamp: expected a Suricata EVE time such as 2015-10-22T11:17:43.787396+0000');
});
