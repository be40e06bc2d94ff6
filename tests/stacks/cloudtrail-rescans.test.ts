// Rescans from processed CloudTrail objects, synthesized beside storage, detections and cloud
// security: the queue and DLQ, the lake topic subscription with its body filter, the event source
// mapping to the rescan function, the function's extra policy (statements exact); and the root
// stack's wiring (only with accounts or an organization).
import t from 'tap';
import { Testing } from 'cdktf';
import { CLOUDTRAIL_LAKE_PREFIX } from '../../cloud-security/realtime/cloudtrail-targets.js';
import { resolveLogTypes } from '../../parsers/registry.js';
import { CLOUDTRAIL_RESCANS_SIDS, CloudTrailRescans, cloudTrailFilterPolicy } from '../../stacks/cloudtrail-rescans.js';
import { parseConfig } from '../../stacks/config.js';
import { RootStack } from '../../stacks/root-stack.js';
import { checkIamWildcards, checkQueues, checkReferences } from '../helpers/synth-checks.js';
import { TestJson } from '../helpers/logtypes.js';
import { bundleOutRoot, cloudSecurityStack } from './fixtures/detections-scaffold.js';
import { finders, ref, synthJson, type StackJson } from './fixtures/synth-finders.js';

const outRoot = bundleOutRoot(t, 'cloudtrail-rescans-stack');

const json = cloudSecurityStack(
  outRoot,
  (s) => ({ accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }], lakeBucket: s.storage.lakeBucket }),
  (s, cloud) => {
    new CloudTrailRescans(s.stack, 'cloudtrail-rescans', { prefix: 'acme', lakeTopic: s.detections.lakeTopic, lakeBucket: s.storage.lakeBucket, lakeKey: s.storage.dataKey, messagesKey: s.messagesKey, rescan: cloud.rescan });
  },
);
const { res, find, docOf } = finders(json);

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
    return { stack, json: synthJson(stack) };
  };
  const none = root(undefined);
  t.equal(none.stack.cloudTrailRescans, undefined);
  t.notOk(Object.values(none.json.resource.aws_sqs_queue ?? {}).some((q) => q.name === 'acme-cloudtrail-rescans'));
  const rescanEnv = (j: StackJson) => finders(j).envOf('acme-cloud-rescan');
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
