import t from 'tap';
import { Audit } from '../../../parsers/databricks/audit.js';
import { logTypes } from '../../../parsers/databricks/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/databricks/samples/Databricks.Audit.jsonl', import.meta.url));
const cloudTrail = sampleLines(new URL('../../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Audit], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('audit log delivery records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Audit], lines)) as Obj[];
  t.equal(events.length, 5);
  const [create, login, ipList, command, secret] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(create, {
    p_log_type: 'Databricks.Audit',
    version: '2.0',
    auditLevel: 'WORKSPACE_LEVEL',
    timestamp: '2021-08-24 03:26:24.891000000',
    p_event_time: '2021-08-24 03:26:24.891000000',
    serviceName: 'clusters',
    actionName: 'create',
    orgId: '3049056262456431',
    response: { statusCode: 200, result: '{"cluster_id":"0824-190451-foo123"}' },
    MAX_LOG_MESSAGE_LENGTH: 16384,
  });
  t.equal(at(create, 'requestParams', 'spark_version'), '7.0.x-scala2.12');
  t.equal(create.workspaceId, undefined);
  t.same(create.p_any_ip_addresses, ['10.2.91.100']);
  t.same(create.p_any_emails, ['crampton.rods@email.com']);

  t.match(login, { serviceName: 'accounts', actionName: 'samlLogin', workspaceId: '1234567890123456', response: { statusCode: 401, errorMessage: 'Invalid credentials' } });
  t.same(login.p_any_usernames, ['user@example.com']);

  t.match(ipList, { auditLevel: 'ACCOUNT_LEVEL', workspaceId: '0', serviceName: 'accountsManager', sessionId: null });
  t.same(ipList.p_any_ip_addresses, ['203.0.113.90'], 'CIDRs inside requestParams are not taken');

  t.match(command, { serviceName: 'notebook', actionName: 'runCommand', sourceIPAddress: '', requestParams: { executionTime: '13.789' } });
  t.same(command.p_any_ip_addresses, [], 'an empty source address');

  t.match(secret, { serviceName: 'secrets', actionName: 'getSecret', workspaceId: '1234567890123456', response: { statusCode: 200 } });
  t.same(secret.p_any_emails, [], 'a service principal id is no email');
  t.same(secret.p_any_usernames, ['5e2f4a1b-9c3d-4e7f-8a6b-0c1d2e3f4a5b']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ serviceName: undefined })), 'serviceName: required field missing');
  t.equal(reasonOf(variant({ actionName: undefined })), 'actionName: required field missing');
  t.equal(reasonOf(variant({ timestamp: undefined })), 'timestamp: required field missing');
  t.match(reasonOf(variant({ timestamp: '2021-08-24T03:26:24Z' })), /^timestamp: expected timestamp/, 'the delivery writes epoch milliseconds');
  t.match(reasonOf(variant({ userIdentity: 'crampton.rods@email.com' })), /^userIdentity: expected object, got string/);
  t.match(reasonOf(variant({ response: { statusCode: 'OK' } })), /^response\.statusCode: expected integer/);
  // CloudTrail shares sourceIPAddress and userAgent, not serviceName/actionName.
  t.equal(rejection(logTypes, cloudTrail[0] as string), 'Databricks.Audit: timestamp: required field missing');
  const stamped = JSON.stringify({ ...(JSON.parse(cloudTrail[0] as string) as Obj), timestamp: 1629775584891 });
  t.equal(rejection(logTypes, stamped), 'Databricks.Audit: serviceName: required field missing', 'even with an epoch timestamp');
});

t.test('with every log type, the samples land on Databricks.Audit', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), lines.map(() => 'Databricks.Audit'));
});
