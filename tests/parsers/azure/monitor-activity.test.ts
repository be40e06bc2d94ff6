import t from 'tap';
import { MonitorActivity } from '../../../parsers/azure/monitor-activity.js';
import { at, classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/azure/samples/Azure.MonitorActivity.jsonl', import.meta.url));
const entra = sampleLines(new URL('../../../parsers/azure/samples/Azure.Audit.jsonl', import.meta.url));
const vmWrite = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...vmWrite, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([MonitorActivity], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('activity log events parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([MonitorActivity], lines)) as Obj[];
  t.equal(events.length, 7);
  const [vm, role, security, health, policy, legacy, aks] = events as [Obj, Obj, Obj, Obj, Obj, Obj, Obj];

  t.match(vm, {
    p_log_type: 'Azure.MonitorActivity',
    category: 'Administrative',
    operationName: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE',
    resultType: 'Success',
    resultSignature: 'Succeeded.Created',
    durationMs: 7284,
    level: 'Information',
    time: '2023-09-19 06:52:31.162000000',
    p_event_time: '2023-09-19 06:52:31.162000000',
    identity: { authorization: { action: 'Microsoft.Compute/virtualMachines/write', evidence: { role: 'Contributor' } } },
  });
  t.equal(at(vm, 'properties', 'statusCode'), 'Created', 'properties are kept as delivered');
  t.same(vm.p_any_ip_addresses, ['198.51.100.24'], 'callerIpAddress and the ipaddr claim');
  t.same(vm.p_any_emails, ['meganb@contoso.com'], 'the upn claim');
  t.same(vm.p_any_usernames, ['meganb@contoso.com']);

  t.match(role, { resultType: 'Start', durationMs: 0, operationName: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE' });
  t.same(role.p_any_ip_addresses, ['2001:db8:85a3::8a2e:370:7334']);
  t.same(role.p_any_usernames, ['adelev@contoso.com']);

  t.match(security, { category: 'Security', level: 'Informational', properties: { compromisedEntity: 'WEB-VM-01' } });
  t.same(security.p_any_ip_addresses, []);
  t.same(security.p_any_usernames, [], 'empty claims name no one');

  t.match(health, { category: 'ServiceHealth', level: 'Warning', properties: { trackingId: 'VT9L-1Z8' } });
  t.equal(health.identity, undefined);
  t.equal(health.callerIpAddress, undefined);

  t.match(policy, { category: 'Policy', operationName: 'MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION' });

  t.match(legacy, { category: 'Write', location: 'global', durationMs: 2826, time: '2019-01-21 22:14:26.979277600' });
  t.same(legacy.p_any_ip_addresses, ['111.111.111.11']);
  t.same(legacy.p_any_usernames, ['admin@contoso.com'], 'upn and name claims, trimmed, are one user');

  t.match(aks, { category: 'kube-audit', operationName: 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read' });
  t.equal(typeof at(aks, 'properties', 'log'), 'string', 'the Kubernetes event stays a string');
  t.same(aks.p_any_ip_addresses, ['203.0.113.61'], 'sourceIPs of the Kubernetes event');
  t.same(aks.p_any_usernames, ['adelev@contoso.com'], 'the user of the Kubernetes event');
});

t.test('an AKS record whose log is not JSON still parses, without indicators from it', async (t) => {
  const aks = JSON.parse(lines[6] as string) as Obj;
  for (const log of ['{"kind":"Event","user":', 'I0208 10:22:41.551 plain text', '[1,2]', 42]) {
    const [r] = classifyLines([MonitorActivity], [JSON.stringify({ ...aks, properties: { log } })]);
    t.equal(r?.kind, 'event');
    if (r?.kind === 'event') t.same(r.event.p_any_usernames, [], JSON.stringify(log));
  }
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(entra[1] as string), 'category "SignInLogs" belongs to Azure.Audit');
  t.equal(reasonOf(variant({ category: 'AuditLogs' })), 'category "AuditLogs" belongs to Azure.Audit');
  t.equal(reasonOf(variant({ category: 'AuditEvent' })), 'category "AuditEvent" is not one this type takes', 'other resource logs (Key Vault) are not activity logs');
  t.equal(reasonOf(variant({ resourceId: undefined })), 'resourceId: required field missing');
  t.match(reasonOf(variant({ identity: 'Megan Bowen' })), /^identity: expected object, got string/);
  t.match(reasonOf(variant({ durationMs: 'slow' })), /^durationMs: expected integer/);
  t.match(reasonOf(variant({ identity: { authorization: { action: ['a'] } } })), /^identity\.authorization\.action: expected string, got array/);
});
