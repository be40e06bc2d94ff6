import t from 'tap';
import { Firewall } from '../../../parsers/cloudflare/firewall.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/cloudflare/samples/Cloudflare.Firewall.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('firewall_events records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Firewall], lines)) as Obj[];
  t.equal(events.length, 4);
  const [managed, rateLimit, custom, waf] = events as [Obj, Obj, Obj, Obj];

  t.match(managed, {
    p_log_type: 'Cloudflare.Firewall',
    Action: 'block',
    Source: 'firewallmanaged',
    ClientASN: 14061,
    ClientRequestHost: 'shop.example.com',
    ClientRequestQuery: '?id=1%27%20UNION%20SELECT%20password%20FROM%20users--',
    Description: 'SQLi - UNION - 2',
    EdgeResponseStatus: 403,
    MatchIndex: 0,
    RuleID: '5de7edfa648c4d6891dc3e7f84534ffa',
    Datetime: '2024-03-14 10:02:10.000000000',
    p_event_time: '2024-03-14 10:02:10.000000000',
  });
  t.same(managed.Metadata, { ruleset_version: '66', version: '4' }, 'product metadata kept as is');
  t.same(managed.p_any_ip_addresses, ['203.0.113.45']);
  t.same(managed.p_any_domain_names, ['shop.example.com'], 'an empty referer host adds nothing');
  t.same(managed.p_any_trace_ids, ['8641c2a9e8f71d22'], 'an OriginatorRayID of "00" is no trace');

  // Unix seconds.
  t.match(rateLimit, { Source: 'ratelimit', Ref: 'login-rl', EdgeResponseStatus: 429, p_event_time: '2020-09-17 18:00:01.000000000' });
  t.same(rateLimit.p_any_ip_addresses, ['198.51.100.200']);
  t.same(rateLimit.p_any_domain_names, ['api.example.com']);

  // Unix nanoseconds; a challenge further down the chain.
  t.match(custom, { Action: 'managedchallenge', Source: 'firewallcustom', MatchIndex: 1, p_event_time: '2024-03-14 10:02:10.112000000' });
  t.equal(at(custom, 'Metadata', 'type'), 'customer');
  t.same(custom.p_any_ip_addresses, ['2001:db8:dead:beef::5']);
  t.same(custom.p_any_domain_names, ['www.example.com'], 'request and referer host, once');

  t.match(waf, { Action: 'log', Source: 'waf', RuleID: '100015', ClientRefererHost: 'example-referrer.com', p_event_time: '2020-09-17 18:00:01.000000000' });
  t.same(waf.p_any_ip_addresses, ['128.127.128.127']);
  t.same(waf.p_any_domain_names, ['example-referrer.com', 'example.com']);
  t.same(waf.p_any_trace_ids, ['5d3bd6a91f8e2c3b']);

  // A challenge solved later names the request that issued it.
  const [solved] = eventsOf(classifyLines([Firewall], [variant({ Action: 'allow', OriginatorRayID: '8641c2a9e8f71d00' })])) as Obj[];
  t.same(solved?.p_any_trace_ids, ['8641c2a9e8f71d00', '8641c2a9e8f71d22']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Firewall], variant({ Datetime: undefined })), /Datetime: required field missing/);
  t.match(rejection([Firewall], variant({ Datetime: 'Thursday' })), /Datetime: expected timestamp, got string "Thursday"/);
  // Datetime alone is too common a key: one firewall_events key must come with it.
  t.match(rejection([Firewall], JSON.stringify({ Datetime: '2024-03-14T10:02:10Z', Action: 'block', Source: 'waf' })), /none of the firewall_events keys \(RayID, OriginatorRayID, ClientIP, ClientRequestHost\.\.\.\) beside Datetime/);
  t.match(rejection([Firewall], variant({ MatchIndex: '0' })), /MatchIndex: expected integer, got string "0"/);
  t.match(rejection([Firewall], variant({ ClientASN: 'AS14061' })), /ClientASN: expected integer, got string/);
  t.match(rejection([Firewall], variant({ ContentScanObjSizes: ['12'] })), /ContentScanObjSizes\[0\]: expected integer/);
  t.match(rejection([Firewall], variant({ RayID: 8641 })), /RayID: expected string, got number/);
});
