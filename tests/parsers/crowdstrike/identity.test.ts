import t from 'tap';
import { GroupIdentity, UserIdentity } from '../../../parsers/crowdstrike/identity.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const sample = (type: string): string[] => sampleLines(new URL(`../../../parsers/crowdstrike/samples/Crowdstrike.${type}.jsonl`, import.meta.url));
const users = sample('UserIdentity');
const groups = sample('GroupIdentity');
const variant = (line: string, patch: Obj): string => JSON.stringify({ ...(JSON.parse(line) as Obj), ...patch });

t.test('UserIdentity events', async (t) => {
  const [mac, win, system] = eventsOf(classifyLines([UserIdentity], users)) as [Obj, Obj, Obj];
  t.match(mac, {
    p_log_type: 'Crowdstrike.UserIdentity',
    name: 'UserIdentityMacV4',
    AuthenticationId: '265',
    UID: 265,
    LoginSessionId: '1138166333440',
    AuthenticationUuid: 'FFFFEEEE-DDDD-CCCC-BBBB-AAAA00000109',
    p_event_time: '2021-07-07 17:04:38.122000000',
  });
  t.same(mac.p_any_usernames, ['user1', 'user1@dom1']);
  t.match(win, {
    LogonType: 2,
    UserFlags: 32,
    UserIsAdmin: 0,
    RemoteAccount: 0,
    SessionId: '1',
    LogonTime: '2025-07-31 07:56:51.317000000',
    PasswordLastSet: '2025-04-15 12:55:30.512000000',
    AuthenticationPackage: 'Kerberos',
    ContextTimeStamp: '2025-07-31 07:56:51.402000000',
  });
  t.same(win.p_any_usernames, ['dana.levi', 'dana.levi@nexacorp.example']);
  t.same(win.p_any_ip_addresses, ['10.20.14.87', '198.51.100.34']);
  t.match(system, { AuthenticationId: '999', UserSid: 'S-1-5-18', UserPrincipal: '', UserLogonFlags: 14, LogonTime: undefined });
  t.same(system.p_any_usernames, ['FIN-WS-0142$'], 'the empty principal is no indicator');
});

t.test('GroupIdentity events', async (t) => {
  const [g242, admin, staff] = eventsOf(classifyLines([GroupIdentity], groups)) as [Obj, Obj, Obj];
  t.match(g242, {
    p_log_type: 'Crowdstrike.GroupIdentity',
    GID: 242,
    AuthenticationId: '1119489580471877843',
    UserSid: 'S-1-5-21-3852557355-3178143607-2040168074-1485',
    p_event_time: '2021-07-07 17:04:38.379000000',
  }, 'the 64-bit AuthenticationId of Macs is kept exactly');
  t.match(admin, { GID: 80, UserSid: 'S-1-5-32-544' });
  t.same(staff.p_any_domain_names, ['mbp-jdoe.corp.example.com']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([UserIdentity], groups[0] as string), /event_simpleName is "GroupIdentity", not "UserIdentity"/);
  t.match(rejection([GroupIdentity], users[0] as string), /event_simpleName is "UserIdentity", not "GroupIdentity"/);
  t.match(rejection([UserIdentity], variant(users[0] as string, { UserSid: undefined })), /UserSid: required field missing/);
  t.match(rejection([UserIdentity], variant(users[0] as string, { AuthenticationId: undefined })), /AuthenticationId: required field missing/);
  t.match(rejection([GroupIdentity], variant(groups[0] as string, { GID: undefined })), /GID: required field missing/);
  t.match(rejection([GroupIdentity], variant(groups[0] as string, { AuthenticationUuid: undefined })), /AuthenticationUuid: required field missing/);
  t.match(rejection([UserIdentity], variant(users[1] as string, { LogonTime: 'Thursday' })), /LogonTime: expected timestamp/);
  // UserLogon carries the same identity fields but is another event.
  t.match(rejection([UserIdentity], variant(users[1] as string, { event_simpleName: 'UserLogon' })), /not "UserIdentity"/);
});
