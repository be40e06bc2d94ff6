import t from 'tap';
import { AIDMaster, ManagedAssets, NotManagedAssets } from '../../../parsers/crowdstrike/assets.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const sample = (type: string): string[] => sampleLines(new URL(`../../../parsers/crowdstrike/samples/Crowdstrike.${type}.jsonl`, import.meta.url));
const aidmaster = sample('AIDMaster');
const managed = sample('ManagedAssets');
const notManaged = sample('NotManagedAssets');
const variant = (line: string, patch: Obj): string => JSON.stringify({ ...(JSON.parse(line) as Obj), ...patch });

t.test('aidmaster records', async (t) => {
  const [panther, win, lin] = eventsOf(classifyLines([AIDMaster], aidmaster)) as [Obj, Obj, Obj];
  t.match(panther, {
    p_log_type: 'Crowdstrike.AIDMaster',
    Time: '2020-05-24 23:50:06.990000000',
    AgentLocalTime: '2020-05-24 23:50:06.000000000',
    FirstSeen: '2020-05-24 23:50:06.000000000',
    AgentLoadFlags: 1,
    AgentTimeOffset: -15967.47,
    PointerSize: '8',
    p_event_time: '2020-05-24 23:50:06.990000000',
  });
  t.same(panther.p_any_domain_names, ['xyz.corp'], 'MachineDomain');
  t.same(panther.p_any_trace_ids, ['0123456789ABCDEFGHIJKLMNOPQRSTUV', '0cfb1a68ef6b49fdb0d2b12725057057']);
  t.match(win, { AgentTimeOffset: 79.416, AgentVersion: '7.26.19807.0', HostHiddenStatus: 'Visible', FirstSeen: '2024-09-01 03:54:47.000000000' });
  t.same(win.p_any_ip_addresses, ['198.51.100.34']);
  t.match(lin, { AgentTimeOffset: 0, MachineDomain: '', ProductType: '3' });
  t.same(lin.p_any_domain_names, ['ip-10-0-1-25.ec2.internal'], 'ComputerName; the empty MachineDomain adds nothing');
});

t.test('managedassets records', async (t) => {
  const [desktop, wifi, tunnel] = eventsOf(classifyLines([ManagedAssets], managed)) as [Obj, Obj, Obj];
  t.match(desktop, { p_log_type: 'Crowdstrike.ManagedAssets', MAC: '3C-52-82-A1-6F-0D', MACPrefix: '3C-52-82', _time: '2025-07-31 07:56:18.000000000', p_event_time: '2025-07-31 07:56:18.000000000' });
  t.same(desktop.p_any_ip_addresses, ['10.20.0.1', '10.20.14.87']);
  t.same(wifi.p_any_trace_ids, ['ffffffff15754bcfb5f9152ec7ac90ac', 'ffffffff44564c2f8d76394cb25c31ab']);
  t.match(tunnel, { GatewayIP: '', InterfaceAlias: 'utun4' });
  t.same(tunnel.p_any_ip_addresses, ['100.64.12.7']);
});

t.test('notmanaged records', async (t) => {
  const [current, panther, printer] = eventsOf(classifyLines([NotManagedAssets], notManaged)) as [Obj, Obj, Obj];
  t.match(current, {
    p_log_type: 'Crowdstrike.NotManagedAssets',
    aip: '192.168.255.7 192.168.240.243',
    aipCount: 2,
    localipCount: 2,
    discovererCount: 1,
    discoverer_aid: 'bbbbbbbbbbbbbbcbbbbbbbbbbbbbbbbb',
    FirstDiscoveredDate: '2023-04-03 14:55:04.111000000',
    __mv_aip: '$192.168.255.7$;$192.168.240.243$',
    p_event_time: '2023-04-06 08:25:02.395000000',
  });
  t.same(current.p_any_ip_addresses, ['192.168.1.129', '192.168.1.35', '192.168.240.243', '192.168.255.7'], 'each of the space-separated addresses');
  t.same(current.p_any_trace_ids, ['1fffffffffffffffffffffffffffffff', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbcbbbbbbbbbbbbbbbbb']);
  t.same(panther.discoverer_aid, ['0cfb1a68ef6b49fdb0d2b12725057057'], 'the older array spelling');
  t.equal(panther.aipcount, '1', 'the older key spelling is kept as delivered');
  t.same(panther.p_any_ip_addresses, ['10.0.0.1', '10.0.0.175', '10.0.0.190']);
  t.equal(printer.discovererCount, 2);
  t.same(printer.p_any_trace_ids, ['4d92d2adf9009775a446ce0fe2689915', 'c4e1f8a2b7d94e0f9a6b3c2d1e0f4a5b', 'ffffffff62714a708030d494ca0a7e60']);
});

t.test('the three files are told apart', async (t) => {
  const none = (types: Parameters<typeof classifyLines>[0], lines: string[]): boolean => classifyLines(types, lines).every((r) => r.kind === 'unclassified');
  t.ok(none([AIDMaster], [...managed, ...notManaged]));
  t.ok(none([ManagedAssets], [...aidmaster, ...notManaged]));
  t.ok(none([NotManagedAssets], [...aidmaster, ...managed]));
  t.match(rejection([ManagedAssets], variant(managed[0] as string, { CurrentLocalIP: '10.20.14.87' })), /CurrentLocalIP present: another FDR metadata file/);
  t.match(rejection([ManagedAssets], variant(managed[0] as string, { AgentVersion: '7.26.19807.0' })), /AgentVersion present/);
  t.match(rejection([AIDMaster], variant(aidmaster[1] as string, { event_simpleName: 'AgentOnline' })), /event_simpleName present: a sensor event, not a metadata record/);
  t.match(rejection([AIDMaster], variant(aidmaster[1] as string, { AgentVersion: undefined })), /AgentVersion: required field missing/);
  t.match(rejection([AIDMaster], variant(aidmaster[1] as string, { AgentTimeOffset: 'n/a' })), /AgentTimeOffset: expected number, got string "n\/a"/);
  t.match(rejection([ManagedAssets], variant(managed[0] as string, { _time: undefined })), /_time: required field missing/);
  t.match(rejection([NotManagedAssets], variant(notManaged[0] as string, { discovererCount: undefined })), /discovererCount: required field missing/);
  t.match(rejection([NotManagedAssets], variant(notManaged[0] as string, { FirstDiscoveredDate: 'yesterday' })), /FirstDiscoveredDate: expected timestamp/);
});
