import t from 'tap';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Testing, TerraformStack } from 'cdktf';
import { resolveLogTypes } from '../../parsers/registry.js';
import { parseSources } from '../../processing/sources.js';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { LogProcessing, type LogProcessingProps } from '../../stacks/log-processing.js';
import { Storage } from '../../stacks/storage.js';

interface Statement { sid: string; actions: string[]; resources: string[]; principals?: { type: string; identifiers: string[] }[]; condition?: { test: string; variable: string; values: string[] }[] }
type Blocks = Record<string, Record<string, Record<string, unknown>>>;
interface Synth { resource: Blocks; data: Blocks }

function setup() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const storage = new Storage(stack, 'storage', { prefix: 'acme', region: 'eu-west-1', lakeRetentionDays: 365, queryResultsRetentionDays: 30 });
  const messagesKey = new KmsKey(stack, 'ops-key', { alias: 'acme-ops', description: 'test', servicePrincipals: ['s3.amazonaws.com', 'sns.amazonaws.com', 'logs.eu-west-1.amazonaws.com'] });
  const props: LogProcessingProps = {
    prefix: 'acme',
    sources: [
      { id: 'org-trail', label: 'Org trail', bucket: 'acme-org-trail', accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/PantherLogSource', externalId: 'panther-7f3a', prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail'] }] },
      { id: 'flows', label: 'Flows', bucket: 'acme-flows', accountId: '222222222222', kmsKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/abc', prefixes: [{ prefix: 'vpc/', logTypes: ['AWS.VPCFlow'] }, { prefix: 'alb/', logTypes: ['AWS.ALB'] }] },
    ],
    inputPrefixes: [{ prefix: 'cloudtrail/', logTypes: ['AWS.CloudTrail'] }],
    dataKey: storage.dataKey,
    messagesKey,
    lakeBucket: storage.lakeBucket,
    inputBucket: storage.inputBucket,
    memoryMb: 1024,
    reservedConcurrency: 20,
    logRetentionDays: 90,
  };
  return { stack, props };
}

const { stack, props } = setup();
new LogProcessing(stack, 'log-processing', props);
const json = JSON.parse(Testing.synth(stack)) as Synth;
const only = (type: string) => {
  const all = Object.entries(json.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`${type}: ${all.length} resources`);
  return all[0] as [string, Record<string, unknown>];
};
const [fnId, fn] = only('aws_lambda_function');
const [queueId] = Object.entries(json.resource.aws_sqs_queue ?? {}).find(([, q]) => q.name === 'acme-input') ?? [];
const [topicId, topic] = only('aws_sns_topic');
const policyDoc = (ref: unknown) => {
  const id = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(ref))?.[1] ?? '';
  return (json.data.aws_iam_policy_document?.[id]?.statement ?? []) as Statement[];
};

t.test('topic -> queue (raw delivery) -> function, batched with partial failures', async (t) => {
  t.equal(topic.name, 'acme-input');
  const [, sub] = only('aws_sns_topic_subscription');
  t.equal(sub.protocol, 'sqs');
  t.equal(sub.raw_message_delivery, true);
  t.equal(sub.topic_arn, `\${aws_sns_topic.${topicId}.arn}`);
  t.equal(sub.endpoint, `\${aws_sqs_queue.${queueId}.arn}`);
  const [, mapping] = only('aws_lambda_event_source_mapping');
  t.equal(mapping.event_source_arn, `\${aws_sqs_queue.${queueId}.arn}`);
  t.equal(mapping.function_name, `\${aws_lambda_function.${fnId}.arn}`);
  t.same(mapping.function_response_types, ['ReportBatchItemFailures']);
  t.equal(mapping.batch_size, 10);
  t.equal(mapping.maximum_batching_window_in_seconds, 5);
  t.same(mapping.scaling_config, { maximum_concurrency: 20 });
  const queue = json.resource.aws_sqs_queue?.[queueId ?? ''] as Record<string, unknown>;
  t.equal(queue.visibility_timeout_seconds, 6 * Number(fn.timeout), 'six times the function timeout');
});

t.test('the topic accepts S3 notifications from this account and the sources accounts', async (t) => {
  const [, policy] = only('aws_sns_topic_policy');
  const s3 = policyDoc(policy.policy).find((s) => s.sid === 'AllowS3BucketNotifications');
  t.same(s3?.condition?.[0]?.values.slice(1), ['111111111111', '222222222222']);
  t.match(s3?.condition?.[0]?.values[0], /data\.aws_caller_identity/);
});

t.test('the log processor: env in the shape functions/log-processor/config.ts parses', async (t) => {
  t.equal(fn.function_name, 'acme-log-processor');
  t.equal(fn.memory_size, 1024);
  t.equal(fn.reserved_concurrent_executions, 20);
  const env = (fn.environment as { variables: Record<string, string> }).variables;
  t.match(env.LAKE_BUCKET, /^\$\{aws_s3_bucket\.storage_lake_bucket_[A-F0-9]+\.bucket\}$/);
  // SOURCES is `${jsonencode(<HCL object>)}`: turn the HCL into JSON (keys, and the bucket reference
  // into a string) and parse it as the function does.
  const hcl = /^\$\{jsonencode\((.*)\)\}$/s.exec(env.SOURCES ?? '')?.[1] ?? '';
  const asJson = hcl.replace(/"(\w+)" = /g, '"$1": ').replace(/(aws_s3_bucket\.[\w-]+\.bucket)/g, '"$1"');
  const sources = parseSources(asJson, resolveLogTypes);
  t.same(sources.map((s) => s.id), ['input', 'org-trail', 'flows']);
  t.match(sources[0]?.bucket, /^aws_s3_bucket\.storage_input_bucket_/);
  t.equal(sources[1]?.roleArn, 'arn:aws:iam::111111111111:role/PantherLogSource');
  t.equal(sources[1]?.externalId, 'panther-7f3a', 'the external id the log-source module\'s trust policy requires');
  t.same(sources[2]?.prefixes, [{ prefix: 'vpc/', logTypes: ['AWS.VPCFlow'] }, { prefix: 'alb/', logTypes: ['AWS.ALB'] }]);
  t.notOk('accountId' in (sources[1] ?? {}), 'only the keys the processor knows (its schema is strict)');
});

t.test('role statements: named resources, least privilege', async (t) => {
  const [, policy] = only('aws_iam_role_policy');
  const bySid = new Map(policyDoc(policy.policy).map((s) => [s.sid, s]));
  t.same([...bySid.keys()], ['WriteOwnLogGroup', 'DecryptOwnEnvironment', 'ConsumeInputQueue', 'DecryptInputMessages', 'WriteLakeLogs', 'UseDataKey', 'ReadInputObjects', 'ReadSourceObjects', 'DecryptSourceObjects', 'AssumeSourceRoles']);
  t.same(bySid.get('ConsumeInputQueue')?.resources, [`\${aws_sqs_queue.${queueId}.arn}`]);
  t.same(bySid.get('WriteLakeLogs')?.actions, ['s3:PutObject', 's3:AbortMultipartUpload']);
  t.match(bySid.get('WriteLakeLogs')?.resources, [/^\$\{aws_s3_bucket\.storage_lake_bucket_[A-F0-9]+\.arn\}\/logs\/\*$/]);
  t.match(bySid.get('ReadInputObjects')?.resources, [/storage_input_bucket_[A-F0-9]+\.arn\}\/cloudtrail\/\*$/]);
  // Only the source without a role is read directly, and only under its prefixes.
  t.same(bySid.get('ReadSourceObjects')?.resources.map((r) => r.replace(/\$\{data\.aws_partition\.[^}]+\}/, 'P')), ['arn:P:s3:::acme-flows/vpc/*', 'arn:P:s3:::acme-flows/alb/*']);
  t.same(bySid.get('DecryptSourceObjects')?.resources, ['arn:aws:kms:eu-west-1:222222222222:key/abc']);
  t.same(bySid.get('AssumeSourceRoles')?.resources, ['arn:aws:iam::111111111111:role/PantherLogSource']);
  t.match(bySid.get('UseDataKey')?.resources, [/aws_kms_key\.storage_data-key_/]);
  t.match(bySid.get('DecryptInputMessages')?.resources, [/aws_kms_key\.ops-key_/]);
});

t.test('the input bucket notifies the topic for its configured prefixes, after the topic policy', async (t) => {
  const [, n] = only('aws_s3_bucket_notification');
  t.match(n.bucket, /storage_input_bucket_[A-F0-9]+\.id/);
  t.same(n.topic, [{ id: 'input-0', topic_arn: `\${aws_sns_topic.${topicId}.arn}`, events: ['s3:ObjectCreated:*'], filter_prefix: 'cloudtrail/' }]);
  t.match(n.depends_on, [/^aws_sns_topic_policy\./]);
});

t.test('without input prefixes: no notification, no input read grant', async (t) => {
  const s = setup();
  new LogProcessing(s.stack, 'lp', { ...s.props, inputPrefixes: [], sources: [] });
  const j = JSON.parse(Testing.synth(s.stack)) as Synth;
  t.equal(j.resource.aws_s3_bucket_notification, undefined);
  const [policy] = Object.values(j.resource.aws_iam_role_policy ?? {});
  const doc = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(policy?.policy))?.[1] ?? '';
  const sids = ((j.data.aws_iam_policy_document?.[doc]?.statement ?? []) as Statement[]).map((x) => x.sid);
  t.same(sids, ['WriteOwnLogGroup', 'DecryptOwnEnvironment', 'ConsumeInputQueue', 'DecryptInputMessages', 'WriteLakeLogs', 'UseDataKey']);
});

t.test('custom schemas are packaged with the function, which is told where', async (t) => {
  const s = setup();
  const schemas = t.testdir({ 'thing.yml': 'schema: Custom.Thing\n' });
  const lp = new LogProcessing(s.stack, 'lp', { ...s.props, schemasDir: schemas });
  const j = JSON.parse(Testing.synth(s.stack)) as Synth;
  const [f] = Object.values(j.resource.aws_lambda_function ?? {});
  t.equal((f?.environment as { variables: Record<string, string> }).variables.SCHEMAS_DIR, '/var/task/schemas');
  t.equal(f?.source_code_hash, lp.processor.bundle.hash);
  t.not(lp.processor.bundle.hash, fn.source_code_hash, 'differs from the bundle without schemas');
  t.equal((fn.environment as { variables: Record<string, string> }).variables.SCHEMAS_DIR, undefined, 'no schemas: no SCHEMAS_DIR');
});

t.test('sources too large for the function environment are refused', async (t) => {
  const s = setup();
  const many = Array.from({ length: 60 }, (_, i) => ({ id: `s${i}`, label: `Source ${i}`, bucket: `acme-bucket-${i}`, accountId: '111111111111', prefixes: [{ prefix: `logs/${i}/`, logTypes: ['AWS.CloudTrail'] }] }));
  t.throws(() => new LogProcessing(s.stack, 'lp', { ...s.props, sources: many }), /the sources take \d+ bytes of the log processor's environment/);
});
