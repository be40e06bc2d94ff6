import t from 'tap';
import { Audit } from '../../../parsers/microsoft/m365-audit.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/microsoft/samples/Microsoft365.Audit.jsonl', import.meta.url));
const alerts = sampleLines(new URL('../../../parsers/microsoft/samples/MicrosoftGraph.SecurityAlert.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Audit], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('Management Activity API records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Audit], lines)) as Obj[];
  t.equal(events.length, 6);
  const [failed, success, setMailbox, file, loggedIn, inboxRule] = events as [Obj, Obj, Obj, Obj, Obj, Obj];

  t.match(failed, {
    p_log_type: 'Microsoft365.Audit',
    CreationTime: '2015-06-29 20:03:19.000000000',
    p_event_time: '2015-06-29 20:03:19.000000000',
    Operation: 'PasswordLogonInitialAuthUsingPassword',
    RecordType: 9,
    UserType: 0,
    ResultStatus: 'failed',
    Workload: 'AzureActiveDirectory',
    LoginStatus: -2147217390,
    ExtendedProperties: [{ Name: 'LoginError' }],
  });
  t.same(failed.p_any_ip_addresses, ['134.170.188.221']);
  t.same(failed.p_any_emails, ['admin@contoso.onmicrosoft.com']);
  t.same(failed.p_any_usernames, ['1153977025279851686@contoso.onmicrosoft.com', 'admin@contoso.onmicrosoft.com'], 'UserKey and UserId');
  t.match(success, { ResultStatus: 'success', LoginStatus: 0, p_event_time: '2015-06-29 20:03:34.000000000' });

  t.match(setMailbox, { Operation: 'Set-Mailbox', RecordType: 1, UserType: 3, ResultStatus: 'True', ExternalAccess: true, Parameters: [{ Name: 'Identity', Value: 'meganb@contoso.com' }] });
  t.same(setMailbox.p_any_ip_addresses, ['2001:db8:1f70::999:de8:7648:6e8'], 'the bracketed address loses its port');
  t.same(setMailbox.p_any_emails, [], 'a system account is no email');

  t.match(file, { Operation: 'FileAccessed', RecordType: 6, ItemType: 'File', IsManagedDevice: false, SourceFileName: 'Q3 forecast.xlsx' });
  t.same(file.p_any_domain_names, ['contoso.sharepoint.com'], 'the host of SiteUrl');
  t.same(file.p_any_ip_addresses, ['198.51.100.24'], 'DeviceDisplayName holds the IP here');

  t.match(loggedIn, { Operation: 'UserLoggedIn', RecordType: 15, AzureActiveDirectoryEventType: 1, ErrorNumber: '0', Actor: [{ Type: 0 }, { ID: 'alexw@contoso.com', Type: 5 }] });
  t.equal(loggedIn.LogonError, undefined);
  t.same(loggedIn.p_any_ip_addresses, ['203.0.113.88'], 'ClientIP and ActorIpAddress');
  t.same(loggedIn.p_any_usernames, ['9c5e3b2a-1d4f-4e6a-8b7c-0d1e2f3a4b5c', 'alexw@contoso.com'], 'UserKey, UserId and the UPN actor, not GUID actors');

  t.match(inboxRule, { Operation: 'New-InboxRule', ExternalAccess: false });
  t.equal(at(inboxRule, 'Parameters', 4, 'Value'), 'invoice;payment;wire');
  t.same(inboxRule.p_any_ip_addresses, ['192.0.2.199'], 'host:port loses its port');
});

t.test('loosely typed values are converted', async (t) => {
  const [r] = classifyLines([Audit], [variant({ RecordType: '9', UserType: '0', ResultStatus: true, ExtendedProperties: [{ Name: 'Count', Value: 3 }] })]);
  t.equal(r?.kind, 'event');
  if (r?.kind !== 'event') return;
  t.match(r.event, { RecordType: 9, UserType: 0, ResultStatus: 'true', ExtendedProperties: [{ Name: 'Count', Value: '3' }] });
});

t.test('near misses are rejected with a reason', async (t) => {
  for (const key of ['Id', 'RecordType', 'CreationTime', 'Operation', 'OrganizationId', 'UserType', 'UserKey', 'UserId']) {
    t.equal(reasonOf(variant({ [key]: undefined })), `${key}: required field missing`);
  }
  t.match(reasonOf(variant({ RecordType: 'ExchangeAdmin' })), /^RecordType: expected integer/);
  t.match(reasonOf(variant({ CreationTime: '06/29/2015 20:03' })), /^CreationTime: expected timestamp/);
  t.match(reasonOf(variant({ Actor: [{ ID: 'x', Type: 'User' }] })), /^Actor\[0\]\.Type: expected integer/);
  t.match(reasonOf(variant({ ExtendedProperties: { Name: 'a' } })), /^ExtendedProperties: expected array, got object/);
});

t.test('with every log type, the Microsoft samples land on their own types', async (t) => {
  const all = builtinLogTypes;
  const names = (ls: string[]): string[] => classifyLines(all, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(names(lines), lines.map(() => 'Microsoft365.Audit'));
  t.same(names(alerts), alerts.map(() => 'MicrosoftGraph.SecurityAlert'));
});
