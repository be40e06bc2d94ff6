import t from 'tap';
import { NetworkConnect, NetworkListen } from '../../../parsers/crowdstrike/network.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const sample = (type: string): string[] => sampleLines(new URL(`../../../parsers/crowdstrike/samples/Crowdstrike.${type}.jsonl`, import.meta.url));
const connects = sample('NetworkConnect');
const listens = sample('NetworkListen');
const variant = (line: string, patch: Obj): string => JSON.stringify({ ...(JSON.parse(line) as Obj), ...patch });

t.test('NetworkConnectIP4/IP6 events', async (t) => {
  const events = eventsOf(classifyLines([NetworkConnect], connects)) as Obj[];
  t.equal(events.length, 5);
  const [mac, lin, mac6, lin6, win] = events as [Obj, Obj, Obj, Obj, Obj];
  t.match(mac, {
    p_log_type: 'Crowdstrike.NetworkConnect',
    event_simpleName: 'NetworkConnectIP4',
    RemotePort: 60012,
    LocalPort: 0,
    Protocol: 6,
    ConnectionDirection: 0,
    ConnectionFlags: 0,
    InContext: '0',
    LocalAddressIP4: '0.0.0.0',
    p_event_time: '2020-05-24 23:49:57.242000000',
    ContextTimeStamp: '2020-05-24 23:49:58.683000000',
  });
  t.same(mac.p_any_ip_addresses, ['127.0.0.1', '71.198.164.96'], 'the unspecified local address is no indicator');
  t.same(lin.p_any_ip_addresses, ['67.43.156.13', '67.43.156.14']);
  t.match(mac6, { event_simpleName: 'NetworkConnectIP6', LocalAddressIP6: '0:0:0:0:0:0:0:0', RemoteAddressIP4: '127.0.0.1' });
  t.same(mac6.p_any_ip_addresses, ['127.0.0.1', '67.43.156.14']);
  t.match(lin6, { Protocol: 17, LocalPort: 41952 });
  t.same(lin6.p_any_ip_addresses, ['0:0:0:0:0:0:0:1', '67.43.156.14'], 'loopback is kept');
  t.match(win, { RemotePort: 443, ComputerName: 'FIN-WS-0142', EventOrigin: 1, IcmpType: undefined });
  t.same(win.p_any_ip_addresses, ['10.20.14.87', '192.0.2.80', '198.51.100.34']);
});

t.test('NetworkListenIP4/IP6 events', async (t) => {
  const [mac, mac2, mac6, win] = eventsOf(classifyLines([NetworkListen], listens)) as [Obj, Obj, Obj, Obj];
  t.match(mac, { p_log_type: 'Crowdstrike.NetworkListen', LocalPort: 50992, RemoteAddressIP4: '0.0.0.0', p_event_time: '2020-05-24 23:50:38.848000000' });
  t.same(mac.p_any_ip_addresses, ['37.228.245.186'], 'only aip: both socket addresses are unspecified');
  t.equal(mac2.ConnectionDirection, 2);
  t.match(mac6, { event_simpleName: 'NetworkListenIP6', LocalPort: 8770, ContextTimeStamp: '2021-07-07 01:50:08.014000000' });
  t.same(mac6.p_any_ip_addresses, ['67.43.156.13']);
  t.match(win, { LocalPort: 3389, LocalAddressIP4: '10.20.14.87' });
  t.same(win.p_any_ip_addresses, ['10.20.14.87', '198.51.100.34']);
});

t.test('connects and listens are told apart by event_simpleName', async (t) => {
  t.ok(classifyLines([NetworkListen], connects).every((r) => r.kind === 'unclassified'));
  t.ok(classifyLines([NetworkConnect], listens).every((r) => r.kind === 'unclassified'));
  t.match(rejection([NetworkConnect], listens[0] as string), /event_simpleName is "NetworkListenIP4", not "NetworkConnectIP4" or "NetworkConnectIP6"/);
  t.match(rejection([NetworkListen], variant(listens[0] as string, { event_simpleName: 'NetworkCloseIP4' })), /not "NetworkListenIP4" or "NetworkListenIP6"/);
  t.match(rejection([NetworkConnect], variant(connects[0] as string, { RemotePort: '443/tcp' })), /RemotePort: expected integer, got string "443\/tcp"/);
  t.match(rejection([NetworkConnect], variant(connects[0] as string, { name: undefined })), /name: required field missing/);
  t.match(rejection([NetworkConnect], variant(connects[0] as string, { ContextTimeStamp: 'now' })), /ContextTimeStamp: expected timestamp, got string "now"/);
});
