import t from 'tap';
import { Spectrum } from '../../../parsers/cloudflare/spectrum.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/cloudflare/samples/Cloudflare.Spectrum.jsonl', import.meta.url));
const base = JSON.parse(lines[1] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('spectrum_events records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Spectrum], lines)) as Obj[];
  t.equal(events.length, 4);
  const [connect, disconnect, filtered, tlsError] = events as [Obj, Obj, Obj, Obj];

  t.match(connect, {
    p_log_type: 'Cloudflare.Spectrum',
    Event: 'connect',
    Application: '7f3b0c9a12d94e0b8a51d0cbd3f1a2e4',
    ClientAsn: 7922,
    ClientMatchedIpFirewall: 'ALLOW',
    ClientProto: 'tcp',
    ClientTcpRtt: 23000000,
    IpFirewall: true,
    OriginPort: 22,
    Status: 0,
  });
  // Nanoseconds as JSON numbers: exact to the microsecond, the last digits are the double's rounding.
  t.match(connect.p_event_time, /^2020-09-17 18:49:46\.194526\d{3}$/);
  t.equal(connect.p_event_time, connect.Timestamp, 'the event time is Timestamp');
  t.match(connect.ConnectTimestamp, /^2020-09-17 18:49:46\.120034\d{3}$/);
  t.same(connect.p_any_ip_addresses, ['192.0.2.22', '198.51.100.120'], 'client and origin');
  t.same(connect.p_any_domain_names, [], 'an empty SNI adds nothing');
  t.same(connect.p_any_sha256_hashes, [], 'an empty origin fingerprint adds nothing');

  t.match(disconnect, {
    Event: 'disconnect',
    Status: 200,
    ClientBytes: 48211,
    OriginBytes: 1187342,
    ConnectTimestamp: '2020-09-17 18:49:46.000000000',
    DisconnectTimestamp: '2020-09-17 19:02:13.000000000',
    p_event_time: '2020-09-17 19:02:13.000000000',
  });

  t.match(filtered, { Event: 'clientFiltered', ClientMatchedIpFirewall: 'BLOCK_COUNTRY', Status: 403, p_event_time: '2020-09-17 19:13:21.000000000' });
  t.same(filtered.p_any_ip_addresses, ['203.0.113.201'], 'no origin was reached');

  t.match(tlsError, { Event: 'tlsError', ClientTlsStatus: 'HANDSHAKE_FAILED', OriginTlsMode: 'strict', Status: 443, p_event_time: '2024-02-20 11:04:55.412000000' });
  t.same(tlsError.p_any_ip_addresses, ['192.0.2.31', '2001:db8:a0b:12f0::1']);
  t.same(tlsError.p_any_domain_names, ['mqtt.example.com'], 'the SNI of the client hello');
  t.same(tlsError.p_any_sha256_hashes, ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'], 'the origin certificate hash');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Spectrum], variant({ Timestamp: undefined })), /Timestamp: required field missing/);
  t.match(rejection([Spectrum], variant({ Timestamp: '17/Sep/2020:19:02:13' })), /Timestamp: expected timestamp/);
  // Timestamp alone is too common a key: one Spectrum key must come with it.
  t.match(rejection([Spectrum], JSON.stringify({ Timestamp: '2020-09-17T19:02:13Z', ClientIP: '198.51.100.120', Event: 'disconnect' })), /none of the Spectrum keys \(Application, ColoCode, ClientMatchedIpFirewall, ClientProto\.\.\.\) beside Timestamp/);
  t.match(rejection([Spectrum], variant({ IpFirewall: 'true' })), /IpFirewall: expected boolean, got string "true"/);
  t.match(rejection([Spectrum], variant({ ClientPort: 52144.5 })), /ClientPort: expected integer, got number/);
  t.match(rejection([Spectrum], variant({ OriginIP: ['192.0.2.22'] })), /OriginIP: expected string, got array/);
});
