// The detections subsystem synthesized on its own: tables, topic, queues, functions, least-privilege roles.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Testing, TerraformStack } from 'cdktf';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { DELIVERY_SIDS, DETECTIONS_SIDS, Detections } from '../../stacks/detections.js';
import { Storage } from '../../stacks/storage.js';
import { checkFunctions, checkIamWildcards, checkQueues, checkReferences, checkTables, type SynthJson } from '../helpers/synth-checks.js';

interface Statement { sid: string; actions: string[]; resources: string[]; condition?: { test: string; variable: string; values: string[] }[] }
type Blocks = Record<string, Record<string, Record<string, unknown>>>;

const outRoot = mkdtempSync(join(tmpdir(), 'panther-detections-stack-'));
t.teardown(() => rmSync(outRoot, { recursive: true, force: true }));

function synth(extra: Partial<ConstructorParameters<typeof Detections>[2]> = {}): { json: SynthJson & { resource: Blocks; data: Blocks } } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const storage = new Storage(stack, 'storage', { prefix: 'acme', region: 'eu-west-1', lakeRetentionDays: 365, queryResultsRetentionDays: 30 });
  const messagesKey = new KmsKey(stack, 'ops-key', { alias: 'acme-ops', description: 'test', servicePrincipals: ['s3.amazonaws.com', 'sns.amazonaws.com', 'logs.eu-west-1.amazonaws.com'] });
  new Detections(stack, 'detections', {
    prefix: 'acme',
    region: 'eu-west-1',
    lakeBucket: storage.lakeBucket,
    dataKey: storage.dataKey,
    messagesKey,
    logRetentionDays: 90,
    consoleUrl: 'https://console.acme.test',
    bundle: { outRoot },
    ...extra,
  });
  return { json: JSON.parse(Testing.synth(stack)) as SynthJson & { resource: Blocks; data: Blocks } };
}

const { json } = synth();
const res = (type: string) => Object.entries(json.resource[type] ?? {});
const find = (type: string, pred: (r: Record<string, unknown>) => boolean) => {
  const hit = res(type).find(([, r]) => pred(r));
  if (hit === undefined) throw new Error(`no ${type} matching`);
  return hit;
};
const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;
const policyOf = (roleName: string): Statement[] => {
  const [, rolePolicy] = find('aws_iam_role_policy', (p) => p.name === `${roleName}-policy`);
  const docId = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(rolePolicy.policy))?.[1] ?? '';
  return (json.data.aws_iam_policy_document?.[docId]?.statement ?? []) as unknown as Statement[];
};
const [lakeId] = find('aws_s3_bucket', (b) => String(b.bucket).startsWith('acme-lake-'));
const lakeArn = ref('aws_s3_bucket', lakeId, 'arn');
const [alertsId, alerts] = find('aws_dynamodb_table', (x) => x.name === 'acme-alerts');
const [cacheId, cache] = find('aws_dynamodb_table', (x) => x.name === 'acme-detection-cache');
const [docsId] = find('aws_dynamodb_table', (x) => x.name === 'acme-documents');
const [queueId] = find('aws_sqs_queue', (q) => q.name === 'acme-detections');
const [alertQueueId] = find('aws_sqs_queue', (q) => q.name === 'acme-alert-delivery');
const [dataKeyId] = find('aws_kms_key', (k) => String(k.description).startsWith('acme: data lake'));
const [opsKeyId] = find('aws_kms_key', (k) => k.description === 'test');

t.test('the global checks hold: tables, queues, functions, IAM, references', async (t) => {
  t.same(checkTables(json), []);
  t.same(checkQueues(json), []);
  t.same(checkFunctions(json), []);
  t.same(checkIamWildcards(json), []);
  t.same(checkReferences(json), []);
});

t.test('tables: the alerts definition with its GSI and TTL, the cache with TTL, KMS-encrypted, PITR', async (t) => {
  t.match(alerts, {
    billing_mode: 'PAY_PER_REQUEST',
    hash_key: 'pk',
    global_secondary_index: [{ name: 'status-creationTime', hash_key: 'status', range_key: 'creationTime', projection_type: 'ALL' }],
    ttl: { attribute_name: 'expiresAt', enabled: true },
    point_in_time_recovery: { enabled: true },
    server_side_encryption: { enabled: true, kms_key_arn: ref('aws_kms_key', dataKeyId, 'arn') },
  });
  t.match(cache, { hash_key: 'key', ttl: { attribute_name: 'expiresAt', enabled: true }, server_side_encryption: { enabled: true, kms_key_arn: ref('aws_kms_key', dataKeyId, 'arn') } });
  t.equal(res('aws_dynamodb_table').length, 3, 'alerts, cache, documents (none given)');
});

t.test('the lake notifies the topic of logs/ objects; the detections queue subscribes raw, with a DLQ', async (t) => {
  const [, notification] = res('aws_s3_bucket_notification')[0]!;
  const [topicId] = find('aws_sns_topic', (x) => x.name === 'acme-lake-events');
  t.equal(notification.bucket, ref('aws_s3_bucket', lakeId, 'id'));
  t.same(notification.topic, [{ id: 'normalized-logs', topic_arn: ref('aws_sns_topic', topicId, 'arn'), events: ['s3:ObjectCreated:*'], filter_prefix: 'logs/' }]);
  const [, sub] = find('aws_sns_topic_subscription', (s) => s.protocol === 'sqs');
  t.match(sub, { raw_message_delivery: true, topic_arn: ref('aws_sns_topic', topicId, 'arn'), endpoint: ref('aws_sqs_queue', queueId, 'arn') });
  t.ok(res('aws_sqs_queue').some(([, q]) => q.name === 'acme-detections-dlq'));
  t.ok(res('aws_sqs_queue').some(([, q]) => q.name === 'acme-alert-delivery-dlq'));
});

t.test('both functions consume their queue with partial batch responses', async (t) => {
  const [detId, det] = find('aws_lambda_function', (f) => f.function_name === 'acme-detections');
  const [delId, del] = find('aws_lambda_function', (f) => f.function_name === 'acme-alert-delivery');
  const mappings = res('aws_lambda_event_source_mapping').map(([, m]) => [m.event_source_arn, m.function_name, m.function_response_types]);
  t.same(mappings.sort(), [
    [ref('aws_sqs_queue', alertQueueId, 'arn'), ref('aws_lambda_function', delId, 'arn'), ['ReportBatchItemFailures']],
    [ref('aws_sqs_queue', queueId, 'arn'), ref('aws_lambda_function', detId, 'arn'), ['ReportBatchItemFailures']],
  ].sort());
  t.match((det.environment as { variables: Record<string, string> }).variables, {
    LAKE_BUCKET: ref('aws_s3_bucket', lakeId, 'bucket'),
    ALERTS_TABLE: ref('aws_dynamodb_table', alertsId, 'name'),
    CACHE_TABLE: ref('aws_dynamodb_table', cacheId, 'name'),
    ALERT_QUEUE_URL: ref('aws_sqs_queue', alertQueueId, 'url'),
    PACK_DIR: '/var/task/pack',
  });
  t.match((del.environment as { variables: Record<string, string> }).variables, {
    ALERTS_TABLE: ref('aws_dynamodb_table', alertsId, 'name'),
    DOCUMENTS_TABLE: ref('aws_dynamodb_table', docsId, 'name'),
    DEPLOYMENT_PREFIX: 'acme',
    CONSOLE_URL: 'https://console.acme.test',
    QUEUE_URL: ref('aws_sqs_queue', alertQueueId, 'url'),
  });
});

t.test('detections role: only its queue, the lake prefixes, the two tables, the delivery queue, the keys', async (t) => {
  const s = new Map(policyOf('acme-detections').map((x) => [x.sid, x]));
  t.same(s.get(DETECTIONS_SIDS.consumeQueue)?.resources, [ref('aws_sqs_queue', queueId, 'arn')]);
  t.same(s.get(DETECTIONS_SIDS.readLogs)?.resources, [`${lakeArn}/logs/*`]);
  t.same(s.get(DETECTIONS_SIDS.readUserDetections)?.resources, [`${lakeArn}/detections/*`]);
  t.match(s.get(DETECTIONS_SIDS.listUserDetections), { actions: ['s3:ListBucket'], resources: [lakeArn], condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['detections/', 'detections/*'] }] });
  t.same(s.get(DETECTIONS_SIDS.writeOutputs)?.resources, [`${lakeArn}/rules/*`, `${lakeArn}/rule_errors/*`]);
  t.same(s.get(DETECTIONS_SIDS.alerts)?.resources, [ref('aws_dynamodb_table', alertsId, 'arn')]);
  t.same(s.get(DETECTIONS_SIDS.cache)?.resources, [ref('aws_dynamodb_table', cacheId, 'arn')]);
  t.same(s.get(DETECTIONS_SIDS.enqueue), { sid: DETECTIONS_SIDS.enqueue, effect: 'Allow', actions: ['sqs:SendMessage'], resources: [ref('aws_sqs_queue', alertQueueId, 'arn')] });
  t.same(s.get(DETECTIONS_SIDS.dataKey)?.resources, [ref('aws_kms_key', dataKeyId, 'arn')]);
  t.same(s.get(DETECTIONS_SIDS.messagesKey)?.resources, [ref('aws_kms_key', opsKeyId, 'arn')]);
  const all = [...s.values()].flatMap((x) => x.actions);
  t.notOk(all.some((a) => a.startsWith('secretsmanager:')), 'no secrets');
  t.notOk(all.some((a) => /^s3:(PutObject|DeleteObject)/.test(a) && (s.get(DETECTIONS_SIDS.writeOutputs)?.actions.includes(a) !== true)), 'writes only through the outputs statement');
});

t.test('delivery role: its queue, alerts read-only, the destinations collection, the destination secrets', async (t) => {
  const s = new Map(policyOf('acme-alert-delivery').map((x) => [x.sid, x]));
  t.same(s.get(DELIVERY_SIDS.readAlerts), { sid: DELIVERY_SIDS.readAlerts, effect: 'Allow', actions: ['dynamodb:GetItem'], resources: [ref('aws_dynamodb_table', alertsId, 'arn')] });
  t.match(s.get(DELIVERY_SIDS.readDestinations), {
    actions: ['dynamodb:GetItem', 'dynamodb:Query'],
    resources: [ref('aws_dynamodb_table', docsId, 'arn')],
    condition: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: ['destinations'] }],
  });
  const secrets = s.get(DELIVERY_SIDS.readSecrets);
  t.same(secrets?.actions, ['secretsmanager:GetSecretValue']);
  t.match(secrets?.resources[0], /^arn:\$\{data\.aws_partition\.[^}]+\}:secretsmanager:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\}:secret:acme\/destinations\/\*$/);
  t.same(s.get(DELIVERY_SIDS.requeue)?.resources, [ref('aws_sqs_queue', alertQueueId, 'arn')]);
  t.same(s.get(DELIVERY_SIDS.consumeQueue)?.resources, [ref('aws_sqs_queue', alertQueueId, 'arn')]);
  const all = [...s.values()].flatMap((x) => x.actions);
  t.notOk(all.some((a) => a.startsWith('s3:') || a === 'dynamodb:UpdateItem' || a === 'dynamodb:PutItem'), 'no lake access, no table writes');
});

t.test('SNS and SQS destinations: publishing only to the configured topics and queues', async (t) => {
  t.notOk([...policyOf('acme-alert-delivery')].some((x) => x.actions.includes('sns:Publish')), 'none configured: no sns:Publish');
  const other = synth({ deliveryTargets: { snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:secops'], sqsQueueArns: ['arn:aws:sqs:eu-west-1:123456789012:siem'], kmsKeyArns: ['arn:aws:kms:eu-west-1:123456789012:key/k1'] } }).json;
  const [, rolePolicy] = Object.entries(other.resource.aws_iam_role_policy ?? {}).find(([, p]) => p.name === 'acme-alert-delivery-policy') ?? [];
  const docId = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(rolePolicy?.policy))?.[1] ?? '';
  const s = new Map(((other.data.aws_iam_policy_document?.[docId]?.statement ?? []) as unknown as Statement[]).map((x) => [x.sid, x]));
  t.same(s.get(DELIVERY_SIDS.publishSns)?.resources, ['arn:aws:sns:eu-west-1:123456789012:secops']);
  t.same(s.get(DELIVERY_SIDS.sendSqs)?.resources, ['arn:aws:sqs:eu-west-1:123456789012:siem']);
  t.same(s.get(DELIVERY_SIDS.targetKeys)?.resources, ['arn:aws:kms:eu-west-1:123456789012:key/k1']);
});

t.test('a documents table given from outside is used, not created', async (t) => {
  const other = synth({ documentsTable: { name: 'acme-docs', arn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/acme-docs' } }).json;
  t.notOk(Object.values(other.resource.aws_dynamodb_table ?? {}).some((x) => x.name === 'acme-documents'));
  const [, del] = Object.entries(other.resource.aws_lambda_function ?? {}).find(([, f]) => f.function_name === 'acme-alert-delivery') ?? [];
  t.equal((del?.environment as { variables: Record<string, string> }).variables.DOCUMENTS_TABLE, 'acme-docs');
});
