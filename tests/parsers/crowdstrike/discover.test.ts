import t from 'tap';
import { AppInfo, UserInfo } from '../../../parsers/crowdstrike/discover.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const sample = (type: string): string[] => sampleLines(new URL(`../../../parsers/crowdstrike/samples/Crowdstrike.${type}.jsonl`, import.meta.url));
const userinfo = sample('UserInfo');
const appinfo = sample('AppInfo');
const variant = (line: string, patch: Obj): string => JSON.stringify({ ...(JSON.parse(line) as Obj), ...patch });

t.test('userinfo records', async (t) => {
  const [domain, panther, local] = eventsOf(classifyLines([UserInfo], userinfo)) as [Obj, Obj, Obj];
  t.match(domain, {
    p_log_type: 'Crowdstrike.UserInfo',
    AccountType: 'Domain User',
    UserIsAdmin: 0,
    UserLogonFlags_decimal: 0,
    monthsincereset: '1.0',
    LogonTime: '2023-12-14 09:29:15.197000000',
    PasswordLastSet: '2023-11-14 14:13:18.062000000',
    p_event_time: '2023-12-14 09:29:28.576000000',
  });
  t.same(domain.p_any_usernames, ['Alan-One', 'DOMAIN\\BRADLEYA']);
  t.same(domain.p_any_domain_names, [], 'COMPUTER1 is a bare host name');
  t.match(panther, { DomainUser: 'Yes', LoggedOnHostCount: 1, monthsincereset: '1', UserLogonFlags_decimal: 1 });
  t.same(panther.p_any_trace_ids, ['0123456789ABCDEFGHIJKLMNOPQRSTUV', 'S-1-5-21-1004336348-1177238915-682003330-1001'], 'cid and the SID');
  t.match(local, { monthsincereset: 'N/A', PasswordLastSet: '1970-01-01 00:00:00.000000000', UserIsAdmin: 1, UserLogonFlags_decimal: 6 });
});

t.test('appinfo records', async (t) => {
  const [panther, firefox, unsigned] = eventsOf(classifyLines([AppInfo], appinfo)) as [Obj, Obj, Obj];
  t.match(panther, { p_log_type: 'Crowdstrike.AppInfo', detectioncount: 1, FileName: 'googleupdate.exe', p_event_time: '2020-05-24 23:50:06.990000000' });
  t.same(panther.p_any_sha256_hashes, ['69061e33acb7587d773d05000390f9101f71dfd6eed7973b551594eaf3f04193']);
  t.match(firefox, { CompanyName: 'Mozilla Corporation', detectioncount: 0, ProductVersion: '141.0.2' });
  t.match(unsigned, { CompanyName: '', detectioncount: 0 }, '"0.0" is a count too');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.ok(classifyLines([UserInfo], appinfo).every((r) => r.kind === 'unclassified'));
  t.ok(classifyLines([AppInfo], userinfo).every((r) => r.kind === 'unclassified'));
  t.match(rejection([UserInfo], variant(userinfo[0] as string, { UserSid_readable: undefined })), /UserSid_readable: required field missing/);
  t.match(rejection([UserInfo], variant(userinfo[0] as string, { event_simpleName: 'UserLogon' })), /event_simpleName present/);
  t.match(rejection([UserInfo], variant(userinfo[0] as string, { UserIsAdmin: 'Yes' })), /UserIsAdmin: expected integer, got string "Yes"/);
  t.match(rejection([AppInfo], variant(appinfo[0] as string, { SHA256HashData: undefined })), /SHA256HashData: required field missing/);
  t.match(rejection([AppInfo], variant(appinfo[0] as string, { _time: 'Mon' })), /_time: expected timestamp/);
  // A sensor event with the same file keys (DriverLoad) is no appinfo record.
  t.match(rejection([AppInfo], variant(appinfo[1] as string, { event_simpleName: 'DriverLoad' })), /event_simpleName present: a sensor event/);
});
