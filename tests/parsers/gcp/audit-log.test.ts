import t from 'tap';
import { AuditLog } from '../../../parsers/gcp/audit-log.js';
import type { LogType } from '../../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gcp/samples/GCP.AuditLog.jsonl', import.meta.url));
const base = JSON.parse(lines[2] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const payload = (changes: Obj): string => variant({ protoPayload: { ...(base.protoPayload as Obj), ...changes } });

t.test('audit log entries parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([AuditLog], lines)) as Obj[];
  t.equal(events.length, 5);
  const [k8s, system, iam, denied, policy] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(k8s, {
    p_log_type: 'GCP.AuditLog',
    logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
    timestamp: '2020-04-24 06:29:54.304506000',
    receiveTimestamp: '2020-04-24 06:29:54.502612236',
    p_event_time: '2020-04-24 06:29:54.304506000',
    resource: { type: 'k8s_cluster', labels: { cluster_name: 'prod-cluster' } },
    labels: { 'authorization.k8s.io/decision': 'allow' },
    operation: { producer: 'k8s.io', first: true, last: true },
    protoPayload: { serviceName: 'k8s.io', methodName: 'io.k8s.core.v1.nodes.proxy.get', status: { code: 0 }, authorizationInfo: [{ granted: true }] },
  });
  t.same(k8s.p_any_ip_addresses, ['35.238.150.117']);
  t.same(k8s.p_any_emails, [], 'a Kubernetes service account is no email address');
  t.same(k8s.p_any_usernames, ['system:serviceaccount:monitoring:prometheus-k8s']);

  t.match(system, { severity: 'INFO', p_event_time: '2020-04-27 02:23:38.115000000', protoPayload: { methodName: 'compute.instances.migrateOnHostMaintenance', status: {} } });
  t.same(at(system, 'protoPayload', 'request'), { '@type': 'type.googleapis.com/compute.instances.migrateOnHostMaintenance' });
  t.same(system.p_any_ip_addresses, []);

  t.match(iam, { severity: 'NOTICE', protoPayload: { methodName: 'SetIamPolicy', authorizationInfo: [{ permissionType: 'ADMIN_WRITE' }] } });
  t.equal(at(iam, 'protoPayload', 'requestMetadata', 'requestAttributes', 'time'), '2023-10-19T14:02:11.482730Z', 'JSON blobs are kept as delivered');
  t.same(iam.p_any_emails, ['alice@example.com', 'mallory@example.org'], 'the principal and the member who gained a role');
  t.same(iam.p_any_ip_addresses, ['203.0.113.45']);

  t.match(denied, { severity: 'ERROR', protoPayload: { status: { code: 7 }, numResponseItems: 0, authorizationInfo: [{ granted: false }] } });
  t.same(at(denied, 'protoPayload', 'resourceLocation', 'currentLocations'), ['us-central1']);
  t.same(denied.p_any_emails, ['ci-runner@acme-prod.iam.gserviceaccount.com', 'deployer@acme-tools.iam.gserviceaccount.com'], 'the delegation chain too');
  t.same(denied.p_any_ip_addresses, ['2001:db8:1f70::999:de8:7648:6e8']);

  t.match(policy, { logName: 'organizations/123456789012/logs/cloudaudit.googleapis.com%2Fpolicy', protoPayload: { serviceName: 'bigquery.googleapis.com' } });
  t.equal(at(policy, 'protoPayload', 'metadata', 'violationReason'), 'NO_MATCHING_ACCESS_LEVEL');
});

t.test('LogEntry details: HTTP requests, traces, source locations', async (t) => {
  const line = variant({
    httpRequest: { requestMethod: 'GET', requestUrl: 'https://storage.googleapis.com/acme/x', requestSize: '512', status: 403, remoteIp: '192.0.2.9:51234', serverIp: '142.250.1.1', latency: '0.012s', cacheHit: false },
    trace: 'projects/acme-prod/traces/06796866738c859f2f19b7cfb3214824',
    sourceLocation: { file: 'main.go', line: '42', function: 'main.handler' },
    split: { uid: 'abc', index: 0, totalSplits: 2 },
  });
  const [e] = eventsOf(classifyLines([AuditLog], [line])) as Obj[];
  t.match(e, { httpRequest: { requestSize: 512, status: 403 }, sourceLocation: { line: 42 }, split: { totalSplits: 2 } }, 'int64 strings become numbers');
  t.same(e?.p_any_ip_addresses, ['142.250.1.1', '192.0.2.9', '203.0.113.45']);
  t.same(e?.p_any_domain_names, ['storage.googleapis.com']);
  t.same(e?.p_any_trace_ids, ['projects/acme-prod/traces/06796866738c859f2f19b7cfb3214824']);
  const decoded = eventsOf(classifyLines([AuditLog], [variant({ logName: 'folders/1234/logs/cloudaudit.googleapis.com/data_access' })]));
  t.equal(decoded.length, 1, 'a decoded log id is accepted too');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([AuditLog], variant({ logName: 'projects/acme-prod/logs/cloudbuild' })), /logName "projects\/acme-prod\/logs\/cloudbuild" is not a Cloud Audit Logs log/);
  t.match(rejection([AuditLog], variant({ logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Faccess_transparency' })), /is not a Cloud Audit Logs log/);
  t.match(rejection([AuditLog], variant({ logName: undefined })), /logName: required field missing/);
  t.match(rejection([AuditLog], variant({ logName: 7 })), /logName: expected string/);
  t.match(rejection([AuditLog], variant({ logName: `projects/${'x'.repeat(100)}` })), /\.\.\." is not a Cloud Audit Logs log/);
  t.match(rejection([AuditLog], payload({ '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog' })), /protoPayload\.@type is "type\.googleapis\.com\/google\.appengine\.logging\.v1\.RequestLog"/);
  t.match(rejection([AuditLog], variant({ protoPayload: undefined, jsonPayload: { message: 'hi' } })), /protoPayload\.@type is undefined/);
  t.match(rejection([AuditLog], variant({ timestamp: undefined })), /timestamp: required field missing/);
  t.match(rejection([AuditLog], payload({ numResponseItems: 'ten' })), /protoPayload\.numResponseItems: expected integer/);
  t.match(rejection([AuditLog], payload({ authorizationInfo: { granted: true } })), /protoPayload\.authorizationInfo: expected array/);
});

// Family checks: among all log types, and against every other family's samples.
const names = (ls: readonly string[], types: readonly LogType[] = builtinLogTypes): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));

t.test('with every log type, the samples are GCP.AuditLog', async (t) => {
  t.same(names(lines), lines.map(() => 'GCP.AuditLog'));
});
