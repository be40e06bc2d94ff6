import t from 'tap';
import { EKSAudit } from '../../../parsers/amazon/eks-audit.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const A = '111122223333';
const lines = sampleLines(new URL('../../../parsers/amazon/samples/Amazon.EKS.Audit.jsonl', import.meta.url));
const aks = sampleLines(new URL('../../../parsers/azure/samples/Azure.MonitorActivity.jsonl', import.meta.url))[6] as string;
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([EKSAudit], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('EKS audit events parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([EKSAudit], lines)) as Obj[];
  t.equal(events.length, 4);
  const [logs, binding, anonymous, exec] = events as [Obj, Obj, Obj, Obj];

  t.match(logs, {
    p_log_type: 'Amazon.EKS.Audit',
    kind: 'Event',
    level: 'Metadata',
    verb: 'get',
    stage: 'ResponseComplete',
    requestReceivedTimestamp: '2022-11-29 00:09:04.380000000',
    stageTimestamp: '2022-11-29 00:09:04.394000000',
    p_event_time: '2022-11-29 00:09:04.380000000',
    objectRef: { resource: 'pods', subresource: 'log', namespace: 'default' },
    responseStatus: { code: 200 },
    user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'], extra: { sessionName: ['1669660343296132000'] } },
  });
  t.same(logs.p_any_ip_addresses, ['198.51.100.5']);
  t.same(logs.p_any_usernames, ['kubernetes-admin']);
  t.same(logs.p_any_aws_arns, [`arn:aws:iam::${A}:role/KubeAdministrator`, `arn:aws:sts::${A}:assumed-role/KubeAdministrator/1669660343296132000`]);
  t.same(logs.p_any_aws_account_ids, [A]);

  t.match(binding, { level: 'RequestResponse', verb: 'create', responseStatus: { code: 201 }, objectRef: { apiGroup: 'rbac.authorization.k8s.io', name: 'ci-cluster-admin' } });
  t.equal(at(binding, 'requestObject', 'roleRef', 'name'), 'cluster-admin', 'the request body is kept whole');
  t.equal(at(binding, 'responseObject', 'metadata', 'creationTimestamp'), '2023-11-02T17:45:03Z', 'timestamps inside bodies are untouched');

  t.match(anonymous, { verb: 'list', responseStatus: { code: 403, reason: 'Forbidden', status: 'Failure' }, annotations: { 'authorization.k8s.io/decision': 'forbid' } });
  t.same(anonymous.p_any_aws_arns, []);
  t.same(anonymous.p_any_usernames, ['system:anonymous']);

  t.match(exec, { stage: 'ResponseStarted', objectRef: { subresource: 'exec' }, impersonatedUser: { username: 'payments-oncall' } });
  t.same(exec.p_any_usernames, ['payments-oncall', 'system:serviceaccount:ci:ci-runner'], 'the user and whom it impersonated');
  t.same(exec.p_any_ip_addresses, ['10.0.42.17']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ kind: 'EventList' })), 'kind is "EventList", not "Event"');
  t.equal(reasonOf(variant({ kind: undefined })), 'kind is undefined, not "Event"');
  t.equal(reasonOf(variant({ apiVersion: 'v1' })), 'apiVersion is "v1", not audit.k8s.io/*', 'a core Event object is not an audit event');
  t.equal(reasonOf(variant({ auditID: undefined })), 'auditID: required field missing');
  t.equal(reasonOf(variant({ requestReceivedTimestamp: undefined })), 'requestReceivedTimestamp: required field missing');
  t.match(reasonOf(variant({ sourceIPs: '198.51.100.5' })), /^sourceIPs: expected array, got string/);
  t.match(reasonOf(variant({ user: { username: 'a', extra: { arn: 'x' } } })), /^user\.extra\.arn: expected array, got string/);
  t.match(reasonOf(variant({ responseStatus: { code: '200' } })), /^responseStatus\.code: expected integer/);
  t.equal(reasonOf(aks), 'kind is undefined, not "Event"', 'the AKS record wrapping an audit event');
});

t.test('with every log type, the samples land on Amazon.EKS.Audit', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), lines.map(() => 'Amazon.EKS.Audit'));
});
