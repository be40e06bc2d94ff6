import t from 'tap';
import { HttpRequest } from '../../../parsers/cloudflare/http-request.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/cloudflare/samples/Cloudflare.HttpRequest.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const parseOne = (line: string): Obj => eventsOf(classifyLines([HttpRequest], [line]))[0] as Obj;

t.test('http_requests records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([HttpRequest], lines)) as Obj[];
  t.equal(events.length, 4);
  const [defaults, full, blocked, worker] = events as [Obj, Obj, Obj, Obj];

  // Cloudflare's default field set, with the default unixnano timestamps.
  t.match(defaults, {
    p_log_type: 'Cloudflare.HttpRequest',
    ClientIP: '89.163.242.206',
    ClientRequestHost: 'www.example.com',
    ClientRequestMethod: 'GET',
    ClientRequestURI: '/',
    EdgeResponseBytes: 69045,
    EdgeResponseStatus: 200,
    RayID: '3a6050bcbe121a87',
  });
  // A JSON number of nanoseconds is beyond 2^53: the digits below ~256 ns are the double's, not the log's.
  t.equal(defaults.EdgeStartTimestamp, '2017-09-29 16:28:24.433000192');
  t.equal(defaults.p_event_time, defaults.EdgeStartTimestamp, 'the event time is EdgeStartTimestamp');
  t.match(defaults.EdgeEndTimestamp, /^2017-09-29 16:28:24\.46199\d{4}$/);
  t.same(defaults.p_any_ip_addresses, ['89.163.242.206']);
  t.same(defaults.p_any_domain_names, ['www.example.com']);
  t.same(defaults.p_any_trace_ids, ['3a6050bcbe121a87']);

  t.match(full, {
    EdgeStartTimestamp: '2024-12-04 00:36:43.000000000',
    p_event_time: '2024-12-04 00:36:43.000000000',
    BotScore: 99,
    BotScoreSrc: 'Machine Learning',
    CacheCacheStatus: 'dynamic',
    ClientSSLProtocol: 'TLSv1.3',
    EdgeResponseCompressionRatio: 3.1,
    JA3Hash: '773906b0efdefa24a7f2b8eb6985bf37',
    WAFAttackScore: 89,
    WorkerSubrequest: false,
    ZoneName: 'example.com',
  });
  t.same(full.BotTags, []);
  t.same(full.p_any_ip_addresses, ['2001:db8:1c0:4d::17'], 'empty EdgeServerIP and OriginIP add nothing');
  t.same(full.p_any_domain_names, ['blog.example.com', 'example.com', 'www.google.com'], 'host, zone and referer host');
  t.same(full.p_any_trace_ids, ['8ec7b94c9b18a95c'], 'a ParentRayID of "00" is no trace');
  t.same(full.p_any_md5_hashes, [], 'a JA3 hash is a fingerprint, not a file hash');
  t.same(full.p_any_sha256_hashes, [], 'an empty mTLS fingerprint adds nothing');

  // Unix seconds.
  t.equal(blocked.p_event_time, '2023-11-15 11:55:13.000000000');
  t.equal(blocked.EdgeEndTimestamp, '2023-11-15 11:55:14.000000000');
  t.match(blocked, { SecurityAction: 'block', EdgeResponseStatus: 403, OriginResponseStatus: 0 });
  t.same(blocked.SecurityActions, ['log', 'block']);
  t.same(blocked.SecuritySources, ['firewallManaged', 'firewallCustom']);
  t.same(blocked.p_any_ip_addresses, ['203.0.113.45']);

  // RFC 3339 with milliseconds; a Worker subrequest names its parent.
  t.equal(worker.p_event_time, '2024-06-11 08:15:02.311000000');
  t.match(worker, { WorkerSubrequest: true, ZoneID: 301887223, EdgeRequestHost: 'orders-backend.example.net' });
  t.equal(at(worker, 'RequestHeaders', 'x-request-id'), 'c1d7e0f4-5a61-4b7a-9f1e-2f3d4c5b6a78');
  t.same(worker.p_any_ip_addresses, ['192.0.2.80', '198.51.100.1', '198.51.100.70'], 'client, edge server and origin');
  t.same(worker.p_any_domain_names, ['api.example.com', 'orders-backend.example.net']);
  t.same(worker.p_any_trace_ids, ['894d7b0a2c1e3f55', '894d7b0a4d6f8a21'], 'the parent RayID too');
});

t.test('every Logpush timestamp_format gives the same event time', async (t) => {
  const want = '2024-06-11 08:15:02.311000000';
  for (const ts of [1718093702311, '2024-06-11T08:15:02.311Z', '2024-06-11T08:15:02.311000000Z']) {
    t.equal(parseOne(variant({ EdgeStartTimestamp: ts })).p_event_time, want, `${typeof ts} ${ts}`);
  }
  // unixnano as a JSON number: exact to the microsecond, the rest is the double's rounding.
  t.match(parseOne(variant({ EdgeStartTimestamp: 1718093702311000000 })).p_event_time, /^2024-06-11 08:15:02\.311000\d{3}$/, 'unix nanoseconds');
  t.equal(parseOne(variant({ EdgeStartTimestamp: 1718093702 })).p_event_time, '2024-06-11 08:15:02.000000000', 'unix seconds');
  t.equal(parseOne(variant({ EdgeStartTimestamp: 1718093702311123 })).p_event_time, '2024-06-11 08:15:02.311123000', 'microseconds');
  const mtls = parseOne(variant({ ClientMTLSAuthCertFingerprint: 'A'.repeat(64), ClientMTLSAuthStatus: 'ok' }));
  t.same(mtls.p_any_sha256_hashes, ['a'.repeat(64)], 'the mTLS client certificate fingerprint');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([HttpRequest], variant({ EdgeStartTimestamp: undefined })), /EdgeStartTimestamp: required field missing/);
  t.match(rejection([HttpRequest], variant({ EdgeStartTimestamp: 'yesterday' })), /EdgeStartTimestamp: expected timestamp, got string "yesterday"/);
  t.match(rejection([HttpRequest], variant({ EdgeStartTimestamp: -1 })), /EdgeStartTimestamp: expected timestamp, got number/);
  t.match(rejection([HttpRequest], variant({ EdgeResponseStatus: '200' })), /EdgeResponseStatus: expected integer, got string "200"/);
  t.match(rejection([HttpRequest], variant({ ClientIP: 1234 })), /ClientIP: expected string, got number/);
  t.match(rejection([HttpRequest], variant({ SecurityActions: 'block' })), /SecurityActions: expected array, got string/);
  t.match(rejection([HttpRequest], variant({ RequestHeaders: { 'x-count': 3 } })), /RequestHeaders\.x-count: expected string, got number/);
  t.match(rejection([HttpRequest], variant({ WorkerSubrequest: 'false' })), /WorkerSubrequest: expected boolean/);
  t.match(rejection([HttpRequest], 'ClientIP=89.163.242.206 RayID=3a6050bcbe121a87'), /invalid JSON/);
});
