import t from 'tap';
import { Firewall, parseFirewall } from '../../../parsers/juniper/firewall.js';
import type { ParseResult } from '../../../parsers/core/logtype.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/juniper/samples/Juniper.Firewall.log', import.meta.url));
const NOW = Date.UTC(2024, 2, 20, 12);
const MAC = '00:0c:29:cf:4d:c8:2c:21:72:c6:99:08:08:00';

const event = (r: ParseResult): Record<string, unknown> => {
  if (r.ok !== true) throw new Error(`not an event: ${JSON.stringify(r)}`);
  return r.event;
};
const reasonOf = (line: string): string => {
  const r = parseFirewall(line, NOW);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('iptables LOG lines parse into their keys', async (t) => {
  const [rst, syn, udp, icmp] = lines.map((l) => event(parseFirewall(l, NOW)));
  t.equal(lines.length, 4);
  if (rst === undefined || syn === undefined || udp === undefined || icmp === undefined) throw new Error('four sample lines expected');
  t.same(rst, {
    timestamp: '2024-03-19 18:49:32.000000000',
    hostname: 'myjwas',
    event: 'Dropped',
    IN: 'eth0',
    MAC,
    SRC: '10.10.0.117',
    DST: '10.20.0.53',
    LEN: 40,
    TOS: '0x00',
    PREC: '0x00',
    TTL: 63,
    ID: 51749,
    DF: true,
    PROTO: 'TCP',
    SPT: 51093,
    DPT: 5000,
    WINDOW: 0,
    RES: '0x00',
    RST: true,
    URGP: 0,
  });
  t.notOk('OUT' in rst, 'an empty OUT= is absent');
  t.match(syn, { SYN: true, DPT: 22, WINDOW: 29200 });
  t.notOk('RST' in syn);
  t.match(udp, { PROTO: 'UDP', LEN: 78, SPT: 137, DPT: 137, TTL: 127 }, 'the IP length, not the UDP one that repeats LEN');
  t.notOk('DF' in udp);
  t.match(icmp, { PROTO: 'ICMP', TYPE: 8, CODE: 0, ID: 0, SRC: '198.51.100.23' }, 'the kernel uptime stamp is skipped; the IP id, not the ICMP one');
  t.notOk('SEQ' in icmp, 'unlisted keys are skipped');
});

t.test('through the classifier: source and destination are indicators', async (t) => {
  const events = eventsOf(classifyLines([Firewall], lines));
  t.same(events[0]?.p_any_ip_addresses, ['10.10.0.117', '10.20.0.53']);
  t.same(events[3]?.p_any_ip_addresses, ['10.20.0.53', '198.51.100.23']);
  t.equal(events[0]?.p_log_type, 'Juniper.Firewall');
  t.equal(events[0]?.p_event_time, events[0]?.timestamp);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(reasonOf('Mar 19 18:49:32 myjwas sshd[1]: IPTABLES Dropped: SRC=1.2.3.4'), /not a "kernel:" line/);
  t.match(reasonOf('Mar 19 18:49:32 myjwas kernel: [UFW BLOCK] IN=eth0 SRC=1.2.3.4'), /expected "IPTABLES <event>:"/);
  t.match(reasonOf('Mar 19 18:49:32 myjwas kernel: IPTABLES Dropped: SRC=1.2.3.4 SPT=70000'), /SPT=70000: expected a port/);
  t.match(reasonOf('Mar 19 18:49:32 myjwas kernel: IPTABLES Dropped: SRC=1.2.3.4 TTL=x'), /TTL=x: expected a number/);
  t.match(reasonOf('Mar 19 18:49:32'), /expected "Mmm dd/);
});
