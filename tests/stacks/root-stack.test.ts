import t from 'tap';
import { Testing } from 'cdktf';
import { resolveLogTypes } from '../../parsers/registry.js';
import { parseConfig } from '../../stacks/config.js';
import { PROJECT_ROOT } from '../../stacks/constructs/bundle.js';
import { RootStack } from '../../stacks/root-stack.js';
import { TestJson } from '../helpers/logtypes.js';

interface Statement { sid: string; principals?: { type: string; identifiers: string[] }[] }
type Blocks = Record<string, Record<string, Record<string, unknown>>>;
interface Synth { terraform: { backend: Record<string, Record<string, unknown>> }; resource: Blocks; data: Blocks; output: Record<string, { value: string; description: string }> }

const synth = (raw: unknown): { text: string; json: Synth } => {
  const stack = new RootStack(Testing.app(), 'panther', { config: parseConfig(raw, resolveLogTypes), logTypes: [TestJson] });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as Synth };
};

const { text, json } = synth({ prefix: 'acme', region: 'eu-west-1', alarms: { emails: ['secops@example.com'] } });
const idOf = (type: string, pred: (r: Record<string, unknown>) => boolean) => Object.entries(json.resource[type] ?? {}).find(([, r]) => pred(r))?.[0];

t.test('explicit local backend with a relative path; no path of this machine anywhere', async (t) => {
  t.same(json.terraform.backend, { local: { path: 'terraform.acme.tfstate' } });
  t.notOk(text.includes(PROJECT_ROOT), 'no absolute path of the repository in the JSON');
});

t.test('S3 backend from the configuration, with native locking or a table', async (t) => {
  const s3 = synth({ backend: { bucket: 'acme-state', key: 'panther/terraform.tfstate', region: 'eu-west-1', useLockfile: true } }).json;
  t.same(s3.terraform.backend, { s3: { bucket: 'acme-state', key: 'panther/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } });
  const table = synth({ backend: { bucket: 'acme-state', key: 'k', region: 'eu-west-1', dynamodbTable: 'locks' } }).json;
  t.same(table.terraform.backend, { s3: { bucket: 'acme-state', key: 'k', region: 'eu-west-1', encrypt: true, dynamodb_table: 'locks' } });
});

t.test('outputs: buckets, queue URLs, topics, workgroup, database', async (t) => {
  const lake = idOf('aws_s3_bucket', (b) => String(b.bucket).startsWith('acme-lake-'));
  const queue = idOf('aws_sqs_queue', (q) => q.name === 'acme-input');
  const dlq = idOf('aws_sqs_queue', (q) => q.name === 'acme-input-dlq');
  const expected: Record<string, string> = {
    lake_bucket: `\${aws_s3_bucket.${lake}.bucket}`,
    input_queue_url: `\${aws_sqs_queue.${queue}.url}`,
    input_dlq_url: `\${aws_sqs_queue.${dlq}.url}`,
    input_topic_arn: `\${aws_sns_topic.${idOf('aws_sns_topic', (x) => x.name === 'acme-input')}.arn}`,
    alarm_topic_arn: `\${aws_sns_topic.${idOf('aws_sns_topic', (x) => x.name === 'acme-alarms')}.arn}`,
    athena_workgroup: `\${aws_athena_workgroup.${idOf('aws_athena_workgroup', () => true)}.name}`,
    glue_database: `\${aws_glue_catalog_database.${idOf('aws_glue_catalog_database', () => true)}.name}`,
    log_processor_role_arn: `\${aws_iam_role.${idOf('aws_iam_role', (r) => r.name === 'acme-log-processor')}.arn}`,
  };
  for (const [name, value] of Object.entries(expected)) t.equal(json.output[name]?.value, value, name);
  t.same(Object.keys(json.output).sort(), [
    'access_logs_bucket', 'alarm_topic_arn', 'athena_workgroup', 'cloud_event_bus_arn', 'compliance_table', 'console_url', 'glue_database', 'input_bucket',
    'input_dlq_url', 'input_queue_url', 'input_topic_arn', 'lake_bucket', 'log_processor_role_arn', 'query_results_bucket', 'scanner_role_arn', 'user_pool_id',
  ]);
  t.ok(Object.values(json.output).every((o) => o.description.length > 0), 'each output described');
});

t.test('subsystems wired: the lake of Storage everywhere, the processor monitored', async (t) => {
  const lake = idOf('aws_s3_bucket', (b) => String(b.bucket).startsWith('acme-lake-'));
  const [table] = Object.values(json.resource.aws_glue_catalog_table ?? {});
  t.match((table?.storage_descriptor as { location: string }).location, `s3://\${aws_s3_bucket.${lake}.bucket}/logs/`);
  const [fnId, fn] = Object.entries(json.resource.aws_lambda_function ?? {}).find(([, f]) => f.function_name === 'acme-log-processor') ?? [];
  t.equal((fn?.environment as { variables: Record<string, string> }).variables.LAKE_BUCKET, `\${aws_s3_bucket.${lake}.bucket}`);
  const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm ?? {});
  const dims = alarms.map((a) => `${String(a.metric_name)} ${JSON.stringify(a.dimensions)}`);
  t.ok(dims.includes(`Errors {"FunctionName":"\${aws_lambda_function.${fnId}.function_name}"}`));
  t.ok(dims.includes(`Throttles {"FunctionName":"\${aws_lambda_function.${fnId}.function_name}"}`));
  const dlq = idOf('aws_sqs_queue', (q) => q.name === 'acme-input-dlq');
  t.ok(dims.includes(`ApproximateNumberOfMessagesVisible {"QueueName":"\${aws_sqs_queue.${dlq}.name}"}`));
  t.equal(Object.keys(json.resource.aws_iam_role ?? {}).length, Object.keys(json.resource.aws_lambda_function ?? {}).length, 'one role per function');
  t.same(Object.values(json.resource.aws_sns_topic_subscription ?? {}).filter((s) => s.protocol === 'email').map((s) => s.endpoint), ['secops@example.com']);
  const [wg] = Object.values(json.resource.aws_athena_workgroup ?? {});
  t.equal((wg?.configuration as { bytes_scanned_cutoff_per_query: number }).bytes_scanned_cutoff_per_query, 100 * 1024 ** 3);
});

t.test('the ops key admits the services that use it, logs of the deployment region', async (t) => {
  const key = Object.entries(json.resource.aws_kms_key ?? {}).find(([, k]) => String(k.description).includes('queues, topics'));
  const doc = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(key?.[1].policy))?.[1] ?? '';
  const principals = ((json.data.aws_iam_policy_document?.[doc]?.statement ?? []) as Statement[]).flatMap((s) => (s.principals?.[0]?.type === 'Service' ? s.principals[0].identifiers : []));
  t.same(principals, ['s3.amazonaws.com', 'sns.amazonaws.com', 'cloudwatch.amazonaws.com', 'logs.eu-west-1.amazonaws.com']);
  const [group] = Object.values(json.resource.aws_cloudwatch_log_group ?? {});
  t.equal(group?.kms_key_id, `\${aws_kms_key.${key?.[0]}.arn}`);
});

t.test('sources\' accounts may have S3 publish through the ops key to the encrypted input topic', async (t) => {
  const c = synth({
    sources: [{ id: 'trail', label: 'Trail', bucket: 'org-trail', accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/PantherLogSource', prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail'] }] }],
  }).json;
  const key = Object.values(c.resource.aws_kms_key ?? {}).find((k) => String(k.description).includes('queues, topics'));
  const doc = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(key?.policy))?.[1] ?? '';
  const services = ((c.data.aws_iam_policy_document?.[doc]?.statement ?? []) as Array<Statement & { condition?: { variable: string; values: string[] }[] }>).find((s) => s.sid === 'KeyPolicyServicesUse');
  const accounts = services?.condition?.find((x) => x.variable === 'aws:SourceAccount')?.values;
  t.equal(accounts?.length, 2);
  t.equal(accounts?.[1], '111111111111', 'the source account after the deployment\'s own');
});

t.test('configuration reaches the constructs', async (t) => {
  const c = synth({ memory: { logProcessor: 2048 }, concurrency: { logProcessor: 5 }, retention: { logGroupDays: 14 }, input: { prefixes: [{ prefix: 'trail/', logTypes: ['AWS.CloudTrail'] }] } }).json;
  const fn = Object.values(c.resource.aws_lambda_function ?? {}).find((f) => f.function_name === 'panther-log-processor');
  t.equal(fn?.memory_size, 2048);
  t.equal(fn?.reserved_concurrent_executions, 5);
  t.ok(Object.values(c.resource.aws_cloudwatch_log_group ?? {}).every((g) => g.retention_in_days === 14), 'every function log group');
  const input = Object.entries(c.resource.aws_s3_bucket ?? {}).find(([, b]) => String(b.bucket).startsWith('panther-input-'))?.[0];
  const onInput = (j: Synth) => Object.values(j.resource.aws_s3_bucket_notification ?? {}).filter((n) => n.bucket === `\${aws_s3_bucket.${input}.id}`);
  t.equal(onInput(c).length, 1);
  t.equal(onInput(json).length, 0, 'no input prefixes: no notification on the input bucket');
});

t.test('without a configuration every key takes its default', async (t) => {
  const stack = new RootStack(Testing.app(), 'panther', { logTypes: [TestJson] });
  t.equal(stack.config.prefix, 'panther');
  t.equal(stack.config.region, 'us-east-1');
  const d = JSON.parse(Testing.synth(stack)) as Synth;
  t.same(d.terraform.backend, { local: { path: 'terraform.panther.tfstate' } });
  t.same(Object.values(d.resource.aws_lambda_function ?? {}).map((f) => f.function_name).sort(), ['panther-alert-delivery', 'panther-api', 'panther-cloud-rescan', 'panther-cloud-scan', 'panther-detections', 'panther-log-processor', 'panther-scheduled-rules']);
});
