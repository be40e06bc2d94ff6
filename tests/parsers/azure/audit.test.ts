import t from 'tap';
import { Audit } from '../../../parsers/azure/audit.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/azure/samples/Azure.Audit.jsonl', import.meta.url));
const activity = sampleLines(new URL('../../../parsers/azure/samples/Azure.MonitorActivity.jsonl', import.meta.url));
const signIn = JSON.parse(lines[1] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...signIn, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Audit], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('Entra ID audit and sign-in records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Audit], lines)) as Obj[];
  t.equal(events.length, 5);
  const [group, failed, nonInteractive, servicePrincipal, pim] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(group, {
    p_log_type: 'Azure.Audit',
    category: 'AuditLogs',
    operationName: 'Add member to group',
    operationVersion: '1.0',
    level: 'Informational',
    durationMs: 0,
    identity: 'Microsoft Azure AD Group-Based Licensing',
    time: '2019-03-12 16:02:15.552213700',
    p_event_time: '2019-03-12 16:02:15.552213700',
    properties: {
      activityDateTime: '2019-03-12 16:02:15.552213700',
      loggedByService: 'Core Directory',
      initiatedBy: { app: { displayName: 'Microsoft Azure AD Group-Based Licensing' } },
      targetResources: [{ type: 'User', userPrincipalName: 'isaiah.langer@contoso.com' }, { type: 'Group', displayName: 'Marketing' }],
    },
  });
  t.equal(group.resultType, undefined, 'audit records carry no resultType');
  t.same(group.p_any_ip_addresses, [], 'callerIpAddress "<null>" is no address');
  t.same(group.p_any_usernames, ['isaiah.langer@contoso.com'], 'the target user');

  t.match(failed, {
    category: 'SignInLogs',
    resultType: '50126',
    Level: 4,
    callerIpAddress: '198.51.100.24',
    properties: {
      createdDateTime: '2023-09-14 07:40:58.143220300',
      status: { errorCode: 50126 },
      isInteractive: true,
      appDisplayName: 'Azure Portal',
    },
  });
  t.same(failed.p_any_ip_addresses, ['198.51.100.24']);
  t.same(failed.p_any_emails, ['meganb@contoso.com']);

  t.match(nonInteractive, { category: 'NonInteractiveUserSignInLogs', resultType: '0', properties: { isInteractive: false, processingTimeInMilliseconds: 84 } });
  t.same(nonInteractive.p_any_ip_addresses, ['2001:db8:4a1:1200::51']);

  t.match(servicePrincipal, { category: 'ServicePrincipalSignInLogs', resultType: '7000215', properties: { servicePrincipalName: 'build-pipeline-deployer', status: { errorCode: 7000215 } } });
  t.equal(servicePrincipal.identity, undefined);
  t.same(servicePrincipal.p_any_usernames, ['build-pipeline-deployer']);
  t.same(servicePrincipal.p_any_emails, []);

  t.match(pim, { properties: { loggedByService: 'PIM', initiatedBy: { user: { userPrincipalName: 'diegos@contoso.com' } } } });
  t.same(pim.p_any_ip_addresses, ['192.0.2.145'], 'the ipaddr additional detail');
  t.same(pim.p_any_usernames, ['diegos@contoso.com', 'lynner@contoso.com'], 'initiator and target');
});

t.test('loosely typed exports are accepted and converted', async (t) => {
  const [r] = classifyLines([Audit], [variant({ resultType: 0, operationVersion: 1, durationMs: '0', Level: '4' })]);
  t.equal(r?.kind, 'event');
  if (r?.kind !== 'event') return;
  t.match(r.event, { resultType: '0', operationVersion: '1', durationMs: 0, Level: 4 });
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ category: 'Administrative' })), 'category "Administrative" belongs to Azure.MonitorActivity');
  t.equal(reasonOf(variant({ category: 'StorageRead' })), 'category "StorageRead" is not one this type takes');
  t.equal(reasonOf(variant({ category: undefined })), 'category: required field missing');
  t.equal(reasonOf(variant({ category: 7 })), 'category: expected string');
  t.equal(reasonOf(variant({ time: undefined })), 'time: required field missing');
  t.equal(reasonOf(variant({ operationName: undefined })), 'operationName: required field missing');
  t.match(reasonOf(variant({ identity: { claims: {} } })), /^identity: expected string, got object/);
  t.match(reasonOf(variant({ properties: { status: { errorCode: 'bad' } } })), /^properties\.status\.errorCode: expected integer/);
  t.match(reasonOf(variant({ properties: { isInteractive: 'yes' } })), /^properties\.isInteractive: expected boolean/);
  t.match(reasonOf(variant({ time: '12/03/2019' })), /^time: expected timestamp/);
});

t.test('with every log type, the samples of both Azure types land on their own type', async (t) => {
  const all = builtinLogTypes;
  const names = (ls: string[]): string[] => classifyLines(all, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(names(lines), lines.map(() => 'Azure.Audit'));
  t.same(names(activity), activity.map(() => 'Azure.MonitorActivity'));
});
