import t from 'tap';
import { VPCDns } from '../../../parsers/aws/vpc-dns.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const A = '111122223333';
const lines = sampleLines(new URL('../../../parsers/aws/samples/AWS.VPCDns.jsonl', import.meta.url));


t.test('Route 53 Resolver query logs', async (t) => {
  const events = eventsOf(classifyLines([VPCDns], lines)) as Obj[];
  t.equal(events.length, 6);
  for (const e of events) {
    t.equal(e.p_log_type, 'AWS.VPCDns');
    t.equal(e.p_event_time, e.query_timestamp);
    t.equal(e.version, '1.100000');
    t.equal(e.query_class, 'IN');
    t.same(e.p_any_aws_account_ids, [A]);
  }
  const [a, aaaa, nx, mx, blocked, ptr] = events as [Obj, Obj, Obj, Obj, Obj, Obj];

  t.equal(a.query_timestamp, '2023-07-24 16:32:20.000000000');
  t.equal(a.query_name, 'api.example.com.', 'the name is kept as delivered');
  t.same(a.p_any_domain_names, ['api.example.com'], 'the indicator drops the trailing dot');
  t.same(a.p_any_ip_addresses, ['10.0.1.25', '192.0.2.44', '198.51.100.6'], 'source and A answers');
  t.same(a.answers, [
    { Rdata: '192.0.2.44', Type: 'A', Class: 'IN' },
    { Rdata: '198.51.100.6', Type: 'A', Class: 'IN' },
  ]);
  t.equal(a.srcport, '50637', 'the port is a string in the vendor JSON');
  t.equal(a.transport, 'UDP');
  t.same(a.srcids, { instance: 'i-0d15cd0d3e2a4b1c7' });
  t.same(a.p_any_aws_instance_ids, ['i-0d15cd0d3e2a4b1c7']);
  t.notOk('firewall_rule_action' in a);

  t.equal(aaaa.query_timestamp, '2023-07-24 16:32:21.113000000');
  t.same(aaaa.p_any_ip_addresses, ['10.0.1.25', '2001:db8::1f'], 'AAAA answers are IPv6 addresses');
  t.same(aaaa.p_any_domain_names, ['www.example.org', 'www.example.org.cdn.example.net'], 'CNAME answers are domains');

  t.equal(nx.rcode, 'NXDOMAIN');
  t.same(nx.answers, []);
  t.same(nx.p_any_ip_addresses, ['10.0.1.26']);
  t.same(nx.p_any_domain_names, ['does-not-exist.example.com']);

  t.equal(mx.transport, 'TCP');
  t.same(mx.srcids, { resolver_endpoint: 'rslvr-in-1a2b3c4d5e6f7a8b9', resolver_network_interface: 'rni-0a1b2c3d4e5f67890' });
  t.same(mx.p_any_aws_instance_ids, [], 'a query through an inbound endpoint has no instance');
  t.same(mx.p_any_domain_names, ['example.com', 'mail.example.com'], 'the MX exchange, without its preference');

  t.equal(blocked.firewall_rule_action, 'BLOCK');
  t.equal(blocked.firewall_rule_group_id, 'rslvr-frg-01234567890abcdef');
  t.equal(blocked.firewall_domain_list_id, 'rslvr-fdl-01234567890abcdef');
  t.same(blocked.p_any_domain_names, ['malware.example.net']);

  t.equal(ptr.firewall_rule_action, 'ALERT');
  t.same(ptr.p_any_domain_names, ['15.3.4.32.in-addr.arpa', 'host-32-4-3-15.example.com']);
  t.same(ptr.p_any_ip_addresses, ['10.0.1.25']);
});

t.test('with every log type, query logs stay AWS.VPCDns', async (t) => {
  t.same(
    classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind)),
    Array(lines.length).fill('AWS.VPCDns'),
  );
});

t.test('near misses are rejected with the reason', async (t) => {
  const base = JSON.parse(lines[0] as string) as Obj;
  const variant = (patch: Obj): string => JSON.stringify({ ...base, ...patch });
  t.match(rejection([VPCDns], variant({ query_name: undefined })), /AWS\.VPCDns: query_name: required field missing/);
  t.match(rejection([VPCDns], variant({ query_timestamp: '2023-07-24' })), /query_timestamp: expected timestamp/);
  t.match(rejection([VPCDns], variant({ srcport: 50637 })), /srcport: expected string, got number/);
  t.match(rejection([VPCDns], variant({ answers: 'none' })), /answers: expected array, got string "none"/);
  t.match(rejection([VPCDns], variant({ answers: [{ Rdata: 7, Type: 'A', Class: 'IN' }] })), /answers\[0\]\.Rdata: expected string, got number/);
  t.match(rejection([VPCDns], variant({ srcids: ['i-0d15cd0d3e2a4b1c7'] })), /srcids: expected object, got array/);
  const cloudTrail = sampleLines(new URL('../../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url))[0] as string;
  t.match(rejection([VPCDns], cloudTrail), /version: required field missing/);
  t.match(rejection([VPCDns], (lines[0] as string).slice(0, 120)), /invalid JSON/);
});
