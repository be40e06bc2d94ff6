import t from 'tap';
import { DNSRequest } from '../../../parsers/crowdstrike/dns-request.js';
import { logTypes } from '../../../parsers/crowdstrike/index.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/crowdstrike/samples/Crowdstrike.DNSRequest.jsonl', import.meta.url));
const variant = (i: number, patch: Obj): string => JSON.stringify({ ...(JSON.parse(lines[i] as string) as Obj), ...patch });

t.test('DnsRequest events parse with their values and indicators', async (t) => {
  const [mac, aaaa, win] = eventsOf(classifyLines([DNSRequest], lines)) as [Obj, Obj, Obj];

  t.match(mac, {
    p_log_type: 'Crowdstrike.DNSRequest',
    event_simpleName: 'DnsRequest',
    name: 'DnsRequestMacV1',
    DomainName: 'spclient.wg.spotify.com',
    RequestType: '1',
    ContextProcessId: '289977812183778042',
    timestamp: '2020-05-24 23:50:07.259000000',
    ContextTimeStamp: '2020-05-24 23:50:06.989000000',
    p_event_time: '2020-05-24 23:50:07.259000000',
  });
  t.equal(mac.EffectiveTransmissionClass, undefined, 'absent fields stay absent');
  t.same(mac.p_any_ip_addresses, ['154.61.65.189']);
  t.same(mac.p_any_domain_names, ['spclient.wg.spotify.com']);
  t.same(mac.p_any_trace_ids, ['0cfb1a68ef6b49fdb0d2b12725057057', '307dc41ce39744f060622095f2805249'], 'aid and cid');

  t.equal(aaaa.RequestType, '28');
  t.equal(aaaa.EffectiveTransmissionClass, 2, 'numbers written as strings become numbers');

  t.match(win, { DnsRequestCount: 1, DualRequest: 1, InterfaceIndex: 0, EventOrigin: 1, QueryStatus: '0', ComputerName: 'FIN-WS-0142' });
  t.same(win.p_any_ip_addresses, ['10.20.0.10', '10.20.14.87', '192.0.2.80', '192.0.2.81', '198.51.100.34'], 'answers, the resolver, the host and aip');
  t.same(win.p_any_domain_names, ['e1234.a.akamaiedge.net', 'www.example.com', 'www.example.com.edgekey.net'], 'the CNAME chain too');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([DNSRequest], variant(0, { event_simpleName: 'SuspiciousDnsRequest' })), /event_simpleName is "SuspiciousDnsRequest", not "DnsRequest"/);
  t.match(rejection([DNSRequest], variant(0, { event_simpleName: undefined })), /event_simpleName: required field missing/);
  t.match(rejection([DNSRequest], variant(0, { timestamp: undefined })), /timestamp: required field missing/);
  t.match(rejection([DNSRequest], variant(0, { aid: undefined })), /aid: required field missing/);
  t.match(rejection([DNSRequest], variant(0, { timestamp: '2020-05-24T23:50:07Z' })), /timestamp: expected timestamp/);
  t.match(rejection([DNSRequest], variant(2, { DnsRequestCount: 'many' })), /DnsRequestCount: expected integer, got string "many"/);
  t.match(rejection([DNSRequest], variant(0, { DomainName: 7 })), /DomainName: expected string, got number/);
});

t.test('a SuspiciousDnsRequest is none of the family', async (t) => {
  const [r] = classifyLines(logTypes, [variant(1, { event_simpleName: 'SuspiciousDnsRequest', name: 'SuspiciousDnsRequestMacV1' })]);
  t.equal(r?.kind, 'unclassified');
});
