// The cloud-security subsystem synthesized beside storage and detections: the compliance table,
// the unit queue and DLQ, the two functions and their least-privilege roles, the schedule, the
// event bus with its policy, the CloudTrail rule.
import t from 'tap';
import { Testing } from 'cdktf';
import { COMPLIANCE_TABLE_DEFINITION } from '../../cloud-security/compliance/dynamodb-store.js';
import { mappedEventSources } from '../../cloud-security/realtime/cloudtrail-targets.js';
import { BUS_POLICY_SIDS, CLOUD_RESCAN_SIDS, CLOUD_SCAN_SIDS, type CloudSecurityProps } from '../../stacks/cloud-security.js';
import { parseConfig } from '../../stacks/config.js';
import { CLOUD_SECURITY_ORGANIZATION, wildcardAllowances } from '../../stacks/iam-allow-list.js';
import { RootStack } from '../../stacks/root-stack.js';
import { builtinLogTypes, resolveLogTypes } from '../../parsers/registry.js';
import { checkBuckets, checkFunctions, checkIamWildcards, checkQueues, checkReferences, checkTables } from '../helpers/synth-checks.js';
import { bundleOutRoot, cloudSecurityStack } from './fixtures/detections-scaffold.js';
import { finders, ref, sid, synthJson, type StackJson } from './fixtures/synth-finders.js';

const outRoot = bundleOutRoot(t, 'cloud-security-stack');

const ACCOUNTS = [
  { accountId: '111111111111', regions: ['eu-west-1', 'us-east-1'] },
  { accountId: '222222222222', regions: ['eu-west-1'], ignore: { resourceTypes: ['AWS.EC2.AMI'] } },
];

const synth = (over: Partial<CloudSecurityProps> = {}): StackJson =>
  cloudSecurityStack(outRoot, () => ({ accounts: ACCOUNTS, externalId: 'ext-1234', scanIntervalMinutes: 360, ...over }));

const json = synth();
const { res, find, docOf, policyOf, envOf, partition } = finders(json);

t.test('the global checks hold: tables, queues, functions, IAM wildcards, references', async (t) => {
  t.same(checkTables(json), []);
  t.same(checkQueues(json), []);
  t.same(checkFunctions(json), []);
  t.same(checkIamWildcards(json), []);
  t.same(checkReferences(json), []);
});

t.test('the compliance table: the store\'s definition, KMS, PITR, TTL', async (t) => {
  const [, table] = find('aws_dynamodb_table', (x) => x.name === 'acme-compliance');
  const [keyId] = find('aws_kms_key', (k) => String(k.description).includes('lake') || String(k.description).includes('data'));
  t.equal(table.hash_key, COMPLIANCE_TABLE_DEFINITION.partitionKey);
  t.equal(table.range_key, COMPLIANCE_TABLE_DEFINITION.sortKey);
  t.same(table.attribute, COMPLIANCE_TABLE_DEFINITION.attributes.map((a) => ({ name: a.name, type: a.type })));
  t.same(table.global_secondary_index, [
    { name: 'resourceId-policyId', hash_key: 'resourceId', range_key: 'policyId', projection_type: 'ALL' },
    { name: 'scope-region', hash_key: 'scope', range_key: 'region', projection_type: 'KEYS_ONLY' },
  ]);
  t.same(table.ttl, { attribute_name: 'expiresAt', enabled: true });
  t.same(table.point_in_time_recovery, { enabled: true });
  t.same(table.server_side_encryption, { enabled: true, kms_key_arn: ref('aws_kms_key', keyId, 'arn') });
});

t.test('the unit queue has a DLQ and feeds the scan function one unit at a time', async (t) => {
  const [qId, q] = find('aws_sqs_queue', (x) => x.name === 'acme-cloud-scan-units');
  const [dlqId] = find('aws_sqs_queue', (x) => x.name === 'acme-cloud-scan-units-dlq');
  t.match(String(q.redrive_policy), new RegExp(`aws_sqs_queue\\.${dlqId}\\.arn`));
  t.equal(q.visibility_timeout_seconds, 5400);
  const [fnId] = find('aws_lambda_function', (f) => f.function_name === 'acme-cloud-scan');
  const [, mapping] = find('aws_lambda_event_source_mapping', (m) => m.event_source_arn === ref('aws_sqs_queue', qId, 'arn'));
  t.equal(mapping.function_name, ref('aws_lambda_function', fnId, 'arn'));
  t.equal(mapping.batch_size, 1);
  t.same(mapping.function_response_types, ['ReportBatchItemFailures']);
});

t.test('the scan function: AssumeRole only on the onboarded accounts\' audit roles, its tables and queues', async (t) => {
  const env = envOf('acme-cloud-scan');
  t.match(env, { AUDIT_ROLE_NAME: 'PantherAuditRole', EXTERNAL_ID: 'ext-1234', PACK_DIR: '/var/task/pack' });
  t.same(JSON.parse(env.CLOUD_ACCOUNTS ?? ''), ACCOUNTS);
  const p = policyOf('acme-cloud-scan');
  t.same(sid(p, CLOUD_SCAN_SIDS.assumeAudit), {
    sid: CLOUD_SCAN_SIDS.assumeAudit,
    effect: 'Allow',
    actions: ['sts:AssumeRole'],
    resources: [`arn:${partition}:iam::111111111111:role/PantherAuditRole`, `arn:${partition}:iam::222222222222:role/PantherAuditRole`],
  });
  t.equal(sid(p, CLOUD_SCAN_SIDS.assumeOrgAudit), undefined);
  const [complianceId] = find('aws_dynamodb_table', (x) => x.name === 'acme-compliance');
  const tableArn = ref('aws_dynamodb_table', complianceId, 'arn');
  t.same(sid(p, CLOUD_SCAN_SIDS.compliance)?.resources, [tableArn, `${tableArn}/index/resourceId-policyId`, `${tableArn}/index/scope-region`], 'the table and its two indexes, no wildcard');
  t.same(sid(p, CLOUD_SCAN_SIDS.compliance)?.actions, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem']);
  const [docsId] = find('aws_dynamodb_table', (x) => x.name === 'acme-documents');
  t.same(sid(p, CLOUD_SCAN_SIDS.unitStates), {
    sid: CLOUD_SCAN_SIDS.unitStates,
    effect: 'Allow',
    actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    resources: [ref('aws_dynamodb_table', docsId, 'arn')],
    condition: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: ['scan-units', 'scan-rescans'] }],
  });
  const [alertQueueId] = find('aws_sqs_queue', (q) => q.name === 'acme-alert-delivery');
  t.same(sid(p, CLOUD_SCAN_SIDS.enqueueAlerts)?.resources, [ref('aws_sqs_queue', alertQueueId, 'arn')]);
  t.ok(p.every((s) => s.resources.every((r) => r !== '*')), 'no * resource');
});

t.test('the rescan function: sends to the unit queue only, its collection only, no discovery without an organization', async (t) => {
  const p = policyOf('acme-cloud-rescan');
  const [qId] = find('aws_sqs_queue', (x) => x.name === 'acme-cloud-scan-units');
  t.same(sid(p, CLOUD_RESCAN_SIDS.sendUnits), { sid: CLOUD_RESCAN_SIDS.sendUnits, effect: 'Allow', actions: ['sqs:SendMessage'], resources: [ref('aws_sqs_queue', qId, 'arn')] });
  t.same(sid(p, CLOUD_RESCAN_SIDS.unitStates)?.condition?.[0]?.values, ['scan-units', 'scan-rescans']);
  t.equal(sid(p, CLOUD_RESCAN_SIDS.discover), undefined);
  t.notOk(p.some((s) => s.actions.includes('sts:AssumeRole')), 'the rescan function cannot reach the accounts');
  const env = envOf('acme-cloud-rescan');
  t.match(env, { SCAN_INTERVAL_MINUTES: '360', STALE_MINUTES: '285' });
  t.equal(env.DISCOVER_ACCOUNTS, undefined);
});

t.test('the schedule ticks the rescan function every 15 minutes (the interval is per unit)', async (t) => {
  const [ruleId, rule] = find('aws_cloudwatch_event_rule', (r) => r.name === 'acme-cloud-scan-tick');
  t.equal(rule.schedule_expression, 'rate(15 minutes)');
  const [fnId] = find('aws_lambda_function', (f) => f.function_name === 'acme-cloud-rescan');
  const [, target] = find('aws_cloudwatch_event_target', (x) => x.rule === ref('aws_cloudwatch_event_rule', ruleId, 'name'));
  t.equal(target.arn, ref('aws_lambda_function', fnId, 'arn'));
  const [, perm] = find('aws_lambda_permission', (x) => x.source_arn === ref('aws_cloudwatch_event_rule', ruleId, 'arn'));
  t.equal(perm.principal, 'events.amazonaws.com');
  const short = synth({ scanIntervalMinutes: 15 });
  t.equal(finders(short).find('aws_cloudwatch_event_rule', (r) => r.name === 'acme-cloud-scan-tick')[1].schedule_expression, 'rate(15 minutes)');
  t.throws(() => synth({ scanIntervalMinutes: 5 }), /at least 15/);
});

t.test('the event bus admits the onboarded accounts only; its rule sends their CloudTrail calls to the rescan function', async (t) => {
  const [busId, bus] = find('aws_cloudwatch_event_bus', () => true);
  t.equal(bus.name, 'acme-cloud-events');
  const [, busPolicy] = find('aws_cloudwatch_event_bus_policy', () => true);
  t.equal(busPolicy.event_bus_name, ref('aws_cloudwatch_event_bus', busId, 'name'));
  t.same(docOf(busPolicy.policy), [
    { sid: BUS_POLICY_SIDS.accounts, effect: 'Allow', principals: [{ type: 'AWS', identifiers: ['111111111111', '222222222222'] }], actions: ['events:PutEvents'], resources: [ref('aws_cloudwatch_event_bus', busId, 'arn')] },
  ]);
  const [ruleId, rule] = find('aws_cloudwatch_event_rule', (r) => r.name === 'acme-cloud-rescan-events');
  t.equal(rule.event_bus_name, ref('aws_cloudwatch_event_bus', busId, 'name'));
  const parsed = JSON.parse(String(rule.event_pattern)) as { 'detail-type': string[]; account: string[]; detail: { eventSource: string[]; errorCode: unknown[] } };
  t.same(parsed['detail-type'], ['AWS API Call via CloudTrail']);
  t.same(parsed.account, ['111111111111', '222222222222']);
  t.same(parsed.detail.eventSource, mappedEventSources());
  t.same(parsed.detail.errorCode, [{ exists: false }]);
  const [fnId] = find('aws_lambda_function', (f) => f.function_name === 'acme-cloud-rescan');
  const [, target] = find('aws_cloudwatch_event_target', (x) => x.rule === ref('aws_cloudwatch_event_rule', ruleId, 'name'));
  t.equal(target.arn, ref('aws_lambda_function', fnId, 'arn'));
  t.equal(target.event_bus_name, ref('aws_cloudwatch_event_bus', busId, 'name'));
  t.ok(res('aws_lambda_permission').some(([, p]) => p.source_arn === ref('aws_cloudwatch_event_rule', ruleId, 'arn')));
});

t.test('with an organization: the bus admits it by aws:PrincipalOrgID, AssumeRole is held to its accounts, discovery is allowed', async (t) => {
  const org = synth({ accounts: [], organization: { id: 'o-abcdef1234', defaultRegions: ['us-east-1', 'eu-west-1'] } });
  const h = finders(org);
  const [, busPolicy] = h.find('aws_cloudwatch_event_bus_policy', () => true);
  t.match(h.docOf(busPolicy.policy), [{ sid: BUS_POLICY_SIDS.organization, principals: [{ type: 'AWS', identifiers: ['*'] }], condition: [{ test: 'StringEquals', variable: 'aws:PrincipalOrgID', values: ['o-abcdef1234'] }] }]);
  const scan = h.policyOf('acme-cloud-scan');
  t.match(sid(scan, CLOUD_SCAN_SIDS.assumeOrgAudit), { actions: ['sts:AssumeRole'], condition: [{ test: 'StringEquals', variable: 'aws:ResourceOrgID', values: ['o-abcdef1234'] }] });
  t.match(sid(scan, CLOUD_SCAN_SIDS.assumeOrgAudit)?.resources[0], /:iam::\*:role\/PantherAuditRole$/);
  t.same(sid(h.policyOf('acme-cloud-rescan'), CLOUD_RESCAN_SIDS.discover)?.actions, ['organizations:ListAccounts']);
  // The two wildcards are the allow-list's organization entries, and only those.
  t.same(
    checkIamWildcards(org, wildcardAllowances.filter((a) => !CLOUD_SECURITY_ORGANIZATION.includes(a))).map((v) => /Sid "(\w+)"/.exec(v)?.[1]).sort(),
    [CLOUD_SCAN_SIDS.assumeOrgAudit, CLOUD_RESCAN_SIDS.discover].sort(),
  );
  // The remediation roles' entry applies only with autoRemediation.apply (tests/stacks/cloud-security-remediation.test.ts).
  t.same(CLOUD_SECURITY_ORGANIZATION.map((a) => a.sid).sort(), [CLOUD_SCAN_SIDS.assumeOrgAudit, CLOUD_RESCAN_SIDS.discover, CLOUD_SCAN_SIDS.assumeOrgRemediation].sort());
  t.same(checkIamWildcards(org), [], 'allowed by the allow-list');
  t.match(h.envOf('acme-cloud-rescan'), { DISCOVER_ACCOUNTS: 'true', DEFAULT_REGIONS: 'us-east-1,eu-west-1' });
  const rule = h.find('aws_cloudwatch_event_rule', (r) => r.name === 'acme-cloud-rescan-events')[1];
  t.notMatch(String(rule.event_pattern), /"account"/, 'discovered accounts are checked by the function');
});

t.test('no accounts and no organization: no bus policy and no CloudTrail rule; bad settings are refused', async (t) => {
  const empty = synth({ accounts: [] });
  t.equal(Object.keys(empty.resource.aws_cloudwatch_event_bus_policy ?? {}).length, 0);
  t.notOk(Object.values(empty.resource.aws_cloudwatch_event_rule ?? {}).some((r) => r.name === 'acme-cloud-rescan-events'));
  t.equal(Object.values(empty.resource.aws_cloudwatch_event_bus ?? {}).length, 1, 'the bus is there for the modules');
  t.throws(() => synth({ organization: { id: 'nope', defaultRegions: ['us-east-1'] } }), /organization id/);
  t.throws(() => synth({ auditRoleName: 'bad name' }), /role name/);
});

t.test('the real root stack with onboarded accounts (config.cloud): every global check of synthesized.test.ts holds', async (t) => {
  const app = Testing.app();
  const config = parseConfig({ cloud: { accounts: ACCOUNTS, externalId: 'ext-1234' } }, resolveLogTypes);
  const root = new RootStack(app, 'panther', { config, logTypes: builtinLogTypes, bundle: { outRoot } });
  const wired = synthJson(root);
  t.ok(Object.values(wired.resource.aws_lambda_function ?? {}).some((f) => f.function_name === 'panther-cloud-scan'));
  t.same(checkBuckets(wired), []);
  t.same(checkQueues(wired), []);
  t.same(checkTables(wired), []);
  t.same(checkFunctions(wired), []);
  t.same(checkIamWildcards(wired), []);
  t.same(checkReferences(wired), []);
});
