import t from 'tap';
import { ProcessRollup2, SyntheticProcessRollup2 } from '../../../parsers/crowdstrike/process-rollup.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const sample = (type: string): string[] => sampleLines(new URL(`../../../parsers/crowdstrike/samples/Crowdstrike.${type}.jsonl`, import.meta.url));
const pr2 = sample('ProcessRollup2');
const spr2 = sample('SyntheticProcessRollup2');
const variant = (line: string, patch: Obj): string => JSON.stringify({ ...(JSON.parse(line) as Obj), ...patch });

t.test('ProcessRollup2 events', async (t) => {
  const [mac, lin, container, win] = eventsOf(classifyLines([ProcessRollup2], pr2)) as [Obj, Obj, Obj, Obj];
  t.match(mac, {
    p_log_type: 'Crowdstrike.ProcessRollup2',
    ImageFileName: '/usr/bin/defaults',
    CommandLine: '/usr/bin/defaults read /Library/Preferences/com.apple.QuickTime "Pro Key"',
    TargetProcessId: '290298642638085984',
    ParentProcessId: '290298541974789642',
    RawProcessId: 58385,
    UID: 0,
    MachOSubType: '1',
    ProcessStartTime: '2020-05-24 23:50:02.021000000',
    ProcessEndTime: '',
    p_event_time: '2020-05-24 23:50:02.208000000',
  });
  t.same(mac.p_any_md5_hashes, ['6f4176c6e24b186038c27648aa56c305']);
  t.same(mac.p_any_sha1_hashes, [], 'the all-zero SHA1 placeholder is no indicator');
  t.same(mac.p_any_sha256_hashes, ['143c6f74b215152b729425dbd18c864ef3ad674f89ed69bc006728a476e903b9']);

  t.match(lin, { ProcessEndTime: '1625677535.102', UID: 114, GID: 119, ParentBaseFileName: 'bash', SessionProcessId: '38911772846634' });
  t.match(container, { UserName: 'root', ComputerName: 'comp2', LocalAddressIP4: '0.0.0.0', RootPath: '/', EventOrigin: 17 });
  t.same(container.p_any_usernames, ['root']);
  t.same(container.p_any_ip_addresses, ['89.160.20.128'], 'the unspecified LocalAddressIP4 is no indicator');

  t.match(win, {
    AuthenticationId: '2338751',
    ImageSubsystem: '2',
    IntegrityLevel: '8192',
    UserSid: 'S-1-5-21-3623811015-3361044348-30300820-1604',
    ProcessEndTime: '',
    ProcessStartTime: '2025-07-31 08:01:07.115000000',
  });
  t.same(win.p_any_domain_names, ['cdn-update-sync.example.net', 'mail.example.org'], 'the mark-of-the-web URLs');
  t.same(win.p_any_ip_addresses, ['10.20.14.87', '198.51.100.34']);
});

t.test('SyntheticProcessRollup2 events', async (t) => {
  const [mac, excluded, lin] = eventsOf(classifyLines([SyntheticProcessRollup2], spr2)) as [Obj, Obj, Obj];
  t.match(mac, {
    p_log_type: 'Crowdstrike.SyntheticProcessRollup2',
    SyntheticPR2Flags: 16,
    ContextTimeStamp: '2020-05-24 23:50:48.055000000',
    ProcessStartTime: '2020-05-24 23:50:48.054000000',
    SVUID: 502,
    p_event_time: '2020-05-24 23:50:50.531000000',
  });
  t.same(mac.p_any_md5_hashes, ['972fc22071d3449bfab5f4b4cd87580f']);
  t.match(excluded, { SyntheticPR2Flags: 8, ProcessStartTime: undefined, CommandLine: '/bin/sh -s unix:cmd' });
  t.same(excluded.p_any_sha256_hashes, []);
  t.match(lin, {
    ParentProcessId: '8081349242194000050',
    TargetProcessId: '6059002040716020903',
    ProcessGroupId: '7001610480104066706',
    ProcessEndTime: '1745972888.297',
  }, '64-bit ids are kept exactly');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([ProcessRollup2], spr2[0] as string), /event_simpleName is "SyntheticProcessRollup2", not "ProcessRollup2"/);
  t.match(rejection([SyntheticProcessRollup2], pr2[0] as string), /event_simpleName is "ProcessRollup2", not "SyntheticProcessRollup2"/);
  t.match(rejection([ProcessRollup2], variant(pr2[0] as string, { event_simpleName: 'ProcessRollup2Stats' })), /not "ProcessRollup2"/);
  t.match(rejection([ProcessRollup2], variant(pr2[0] as string, { ProcessStartTime: '' })), /ProcessStartTime: expected timestamp, got string ""/);
  t.match(rejection([ProcessRollup2], variant(pr2[0] as string, { UID: '-' })), /UID: expected integer/);
  t.match(rejection([SyntheticProcessRollup2], variant(spr2[0] as string, { SyntheticPR2Flags: 'hollowed' })), /SyntheticPR2Flags: expected integer/);
  const [r] = classifyLines([ProcessRollup2], [variant(pr2[1] as string, { ParentProcessId: 38911774195823, RawProcessId: 73249 })]);
  t.match(r?.kind === 'event' ? r.event : r, { ParentProcessId: '38911774195823', RawProcessId: 73249 }, 'ids written as numbers become strings');
});
