// Rescans from processed CloudTrail objects, synthesized beside storage, detections and cloud
// security: the queue and DLQ, the lake topic subscription with its body filter, the event source
// mapping to the rescan function, the function's extra policy (statements exact); and the root
// stack's wiring (only with accounts or an organization).
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Testing, TerraformStack } from 'cdktf';
import { CLOUDTRAIL_LAKE_PREFIX as RUNTIME_PREFIX } from '../../functions/cloud-rescan/from-lake.js';
import { resolveLogTypes } from '../../parsers/registry.js';
import { CloudSecurity } from '../../stacks/cloud-security.js';
import { CLOUDTRAIL_LAKE_PREFIX, CLOUDTRAIL_RESCANS_SIDS, CloudTrailRescans, cloudTrailFilterPolicy } from '../../stacks/cloudtrail-rescans.js';
import { parseConfig } from '../../stacks/config.js';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { Detections } from '../../stacks/detections.js';
import { RootStack } from '../../stacks/root-stack.js';
import { Storage } from '../../stacks/storage.js';
import { checkIamWildcards, checkQueues, checkReferences, type SynthJson } from '../helpers/synth-checks.js';
import { TestJson } from '../helpers/logtypes.js';

interface Statement { sid: string; effect?: string; actions: string[]; resources: string[]; principals?: { type: string; identifiers: string[] }[]; condition?: { test: string; variable: string; values: string[] }[] }
type Blocks = Record<string, Record<string, Record<string, unknown>>>;
type Json = SynthJson & { resource: Blocks; data: Blocks };

const outRoot = mkdtempSync(join(tmpdir(), 'panther-cloudtrail-rescans-stack-'));
t.teardown(() => rmSync(outRoot, { recursive: true, force: true }));

function synth(): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const storage = new Storage(stack, 'storage', { prefix: 'acme', region: 'eu-west-1', lakeRetentionDays: 365, queryResultsRetentionDays: 30 });
  const messagesKey = new KmsKey(stack, 'ops-key', { alias: 'acme-ops', description: 'test', servicePrincipals: ['s3.amazonaws.com', 'sns.amazonaws.com', 'logs.eu-west-1.amazonaws.com'] });
  const detections = new Detections(stack, 'detections', { prefix: 'acme', region: 'eu-west-1', lakeBucket: storage.lakeBucket, dataKey: storage.dataKey, messagesKey, logRetentionDays: 90, bundle: { outRoot } });
  const cloud = new CloudSecurity(stack, 'cloud-security', {
    prefix: 'acme',
    region: 'eu-west-1',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    dataKey: storage.dataKey,
    messagesKey,
    alertsTable: { name: detections.alertsTable.name, arn: detections.alertsTable.arn },
    documentsTable: detections.documentsTable,
    alertQueue: detections.alertQueue,
    logRetentionDays: 90,
    bundle: { outRoot },
    lakeBucket: storage.lakeBucket,
  });
  new CloudTrailRescans(stack, 'cloudtrail-rescans', { prefix: 'acme', lakeTopic: detections.lakeTopic, lakeBucket: storage.lakeBucket, lakeKey: storage.dataKey, messagesKey, rescan: cloud.rescan });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const json = synth();
const res = (type: string) => Object.entries(json.resource[type] ?? {});
const find = (type: string, pred: (r: Record<string, unknown>) => boolean): [string, Record<string, unknown>] => {
  const hit = res(type).find(([, r]) => pred(r));
  if (hit === undefined) throw new Error(`no ${type} matching`);
  return hit;
};
const docOf = (ref: unknown): Statement[] => {
  const id = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(ref))?.[1] ?? '';
  return (json.data.aws_iam_policy_document?.[id]?.statement ?? []) as unknown as Statement[];
};
const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;

const [queueId, queue] = find('aws_sqs_queue', (q) => q.name === 'acme-cloudtrail-rescans');
const [dlqId, dlq] = find('aws_sqs_queue', (q) => q.name === 'acme-cloudtrail-rescans-dlq');
const [topicId] = find('aws_sns_topic', (x) => x.name === 'acme-lake-events');
const [fnId, fn] = find('aws_lambda_function', (f) => f.function_name === 'acme-cloud-rescan');
const [roleId] = find('aws_iam_role', (r) => r.name === 'acme-cloud-rescan');
const [lakeId] = find('aws_s3_bucket', (b) => String(b.bucket).startsWith('acme-lake-'));
const [opsKeyId] = find('aws_kms_key', (k) => k.description === 'test');
const dataKeyId = res('aws_kms_key').find(([id]) => id !== opsKeyId)?.[0] ?? '';

t.test('the global checks hold: queues with DLQs, no IAM wildcard, every reference resolves', async (t) => {
  t.same(checkQueues(json), []);
  t.same(checkIamWildcards(json), []);
  t.same(checkReferences(json), []);
});

t.test('the queue: encrypted with the messages key, a DLQ after 3 receives, six times the function timeout', async (t) => {
  t.equal(queue.kms_master_key_id, ref('aws_kms_key', opsKeyId, 'arn'));
  t.equal(dlq.kms_master_key_id, ref('aws_kms_key', opsKeyId, 'arn'));
  t.equal(fn.timeout, 300);
  t.equal(queue.visibility_timeout_seconds, 1800);
  t.equal(queue.redrive_policy, `\${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.${dlqId}.arn, "maxReceiveCount" = 3})}`);
  // The queue policy lets the lake topic, and only it, send.
  const [, policy] = find('aws_sqs_queue_policy', (p) => p.queue_url === ref('aws_sqs_queue', queueId, 'url'));
  const allow = docOf(policy.policy).find((s) => s.sid === 'AllowSnsTopicsSendMessage');
  t.same(allow, {
    sid: 'AllowSnsTopicsSendMessage',
    effect: 'Allow',
    principals: [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }],
    actions: ['sqs:SendMessage'],
    resources: [ref('aws_sqs_queue', queueId, 'arn')],
    condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [ref('aws_sns_topic', topicId, 'arn')] }],
  });
});

t.test('the subscription: raw delivery of the lake topic, filtered on the object key in the body', async (t) => {
  t.equal(CLOUDTRAIL_LAKE_PREFIX, 'logs/aws_cloudtrail/');
  t.equal(CLOUDTRAIL_LAKE_PREFIX, RUNTIME_PREFIX, 'the filter and the function agree on the prefix');
  const [, sub] = find('aws_sns_topic_subscription', (s) => s.endpoint === ref('aws_sqs_queue', queueId, 'arn'));
  t.same(sub, {
    topic_arn: ref('aws_sns_topic', topicId, 'arn'),
    protocol: 'sqs',
    endpoint: ref('aws_sqs_queue', queueId, 'arn'),
    raw_message_delivery: true,
    filter_policy_scope: 'MessageBody',
    filter_policy: '{"Records":{"s3":{"object":{"key":[{"prefix":"logs/aws_cloudtrail/"}]}}}}',
  });
  t.same(JSON.parse(String(sub.filter_policy)), cloudTrailFilterPolicy());
  // The detections subscription is untouched: every logs/ object still reaches it.
  const [detQueueId] = find('aws_sqs_queue', (q) => q.name === 'acme-detections');
  const [, det] = find('aws_sns_topic_subscription', (s) => s.endpoint === ref('aws_sqs_queue', detQueueId, 'arn'));
  t.equal(det.filter_policy, undefined);
});

t.test('the event source mapping: the queue to the rescan function, modest batches, partial failures', async (t) => {
  const [policyId] = find('aws_iam_role_policy', (p) => p.name === `${ref('aws_iam_role', roleId, 'name')}-cloudtrail-lake`);
  const [, mapping] = find('aws_lambda_event_source_mapping', (m) => m.event_source_arn === ref('aws_sqs_queue', queueId, 'arn'));
  t.same(mapping, {
    event_source_arn: ref('aws_sqs_queue', queueId, 'arn'),
    function_name: ref('aws_lambda_function', fnId, 'arn'),
    batch_size: 5,
    function_response_types: ['ReportBatchItemFailures'],
    scaling_config: { maximum_concurrency: 2 },
    depends_on: [`aws_lambda_function.${fnId}`, `aws_iam_role_policy.${policyId}`],
  });
  const env = (fn.environment as { variables: Record<string, string> }).variables;
  t.equal(env.LAKE_BUCKET, ref('aws_s3_bucket', lakeId, 'bucket'));
});

t.test('the rescan role\'s extra policy: this queue, the CloudTrail objects of the lake, the two keys\' decryption', async (t) => {
  const [, policy] = find('aws_iam_role_policy', (p) => p.name === `${ref('aws_iam_role', roleId, 'name')}-cloudtrail-lake`);
  t.equal(policy.role, ref('aws_iam_role', roleId, 'name'));
  t.same(docOf(policy.policy), [
    { sid: CLOUDTRAIL_RESCANS_SIDS.consume, effect: 'Allow', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'], resources: [ref('aws_sqs_queue', queueId, 'arn')] },
    { sid: CLOUDTRAIL_RESCANS_SIDS.messagesKey, effect: 'Allow', actions: ['kms:Decrypt'], resources: [ref('aws_kms_key', opsKeyId, 'arn')] },
    { sid: CLOUDTRAIL_RESCANS_SIDS.readObjects, effect: 'Allow', actions: ['s3:GetObject'], resources: [`${ref('aws_s3_bucket', lakeId, 'arn')}/logs/aws_cloudtrail/*`] },
    { sid: CLOUDTRAIL_RESCANS_SIDS.lakeKey, effect: 'Allow', actions: ['kms:Decrypt'], resources: [ref('aws_kms_key', dataKeyId, 'arn')] },
  ]);
  t.notOk(dataKeyId === '' || dataKeyId === opsKeyId);
});

t.test('the root stack wires it only when accounts or an organization are scanned', async (t) => {
  const root = (cloud: unknown) => {
    const stack = new RootStack(Testing.app(), 'panther', { config: parseConfig({ prefix: 'acme', region: 'eu-west-1', ...(cloud !== undefined ? { cloud } : {}) }, resolveLogTypes), logTypes: [TestJson], bundle: { outRoot } });
    return { stack, json: JSON.parse(Testing.synth(stack)) as Json };
  };
  const none = root(undefined);
  t.equal(none.stack.cloudTrailRescans, undefined);
  t.notOk(Object.values(none.json.resource.aws_sqs_queue ?? {}).some((q) => q.name === 'acme-cloudtrail-rescans'));
  const rescanEnv = (j: Json) => (Object.values(j.resource.aws_lambda_function ?? {}).find((f) => f.function_name === 'acme-cloud-rescan')?.environment as { variables: Record<string, string> }).variables;
  // The variable names the lake whatever the accounts: without the queue nothing reads it.
  t.match(rescanEnv(none.json).LAKE_BUCKET, /storage_lake/);

  for (const cloud of [{ accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }] }, { organization: { id: 'o-abcdef1234', defaultRegions: ['eu-west-1'] } }]) {
    const { stack, json: j } = root(cloud);
    t.ok(stack.cloudTrailRescans !== undefined, Object.keys(cloud).join());
    const queueEntry = Object.entries(j.resource.aws_sqs_queue ?? {}).find(([, q]) => q.name === 'acme-cloudtrail-rescans');
    t.ok(queueEntry !== undefined);
    t.match(rescanEnv(j).LAKE_BUCKET, /^\$\{aws_s3_bucket\.[^.]+\.bucket\}$/);
    // Monitored: the DLQ depth and the age of the oldest message are alarmed.
    const alarms = Object.values(j.resource.aws_cloudwatch_metric_alarm ?? {}).map((a) => a.alarm_name);
    const dlqId = Object.entries(j.resource.aws_sqs_queue ?? {}).find(([, q]) => q.name === 'acme-cloudtrail-rescans-dlq')?.[0];
    t.ok(alarms.includes(`\${aws_sqs_queue.${queueEntry?.[0]}.name}-oldest-message-age`), 'the queue is monitored');
    t.ok(alarms.includes(`\${aws_sqs_queue.${dlqId}.name}-not-empty`), 'its DLQ is monitored');
    t.same(checkIamWildcards(j), []);
    t.same(checkReferences(j), []);
  }
});
