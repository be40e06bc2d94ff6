import t from 'tap';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Testing, TerraformStack } from 'cdktf';
import { EncryptedQueue } from '../../stacks/constructs/encrypted-queue.js';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { LambdaFunction } from '../../stacks/constructs/lambda-function.js';
import { Monitoring } from '../../stacks/monitoring.js';

interface Statement { sid: string; actions: string[]; principals?: { type: string; identifiers: string[] }[] }
type Blocks = Record<string, Record<string, Record<string, unknown>>>;
interface Synth { resource: Blocks; data: Blocks }

function setup() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const key = new KmsKey(stack, 'key', { alias: 'acme-ops', description: 'test', servicePrincipals: ['cloudwatch.amazonaws.com', 'logs.eu-west-1.amazonaws.com'] });
  // Both functions use the same bundle (bundled once per test file); the alarms only need names.
  const fnProps = { entry: 'log-processor', memoryMb: 256, timeoutSeconds: 30, kmsKey: key, logRetentionDays: 30, statements: [] };
  const functions = [new LambdaFunction(stack, 'alpha', { ...fnProps, name: 'acme-alpha' }), new LambdaFunction(stack, 'beta', { ...fnProps, name: 'acme-beta' })];
  const queues = [new EncryptedQueue(stack, 'q1', { name: 'acme-q1', kmsKey: key, visibilityTimeoutSeconds: 60 }), new EncryptedQueue(stack, 'q2', { name: 'acme-q2', kmsKey: key, visibilityTimeoutSeconds: 60 })];
  return { stack, key, functions, queues };
}

const s = setup();
new Monitoring(s.stack, 'monitoring', {
  prefix: 'acme',
  region: 'eu-west-1',
  kmsKey: s.key,
  alarmEmails: ['a@example.com', 'b@example.com'],
  alarmTopicArn: 'arn:aws:sns:eu-west-1:222222222222:oncall',
  functions: s.functions,
  queues: [s.queues[0] as EncryptedQueue, { queue: s.queues[1] as EncryptedQueue, maxMessageAgeSeconds: 600 }],
});
const json = JSON.parse(Testing.synth(s.stack)) as Synth;
const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm ?? {});
const topics = Object.entries(json.resource.aws_sns_topic ?? {});
const [alarmTopicId] = topics.find(([, x]) => x.name === 'acme-alarms') ?? [];
const fnRef = (name: string) => `\${aws_lambda_function.${Object.entries(json.resource.aws_lambda_function ?? {}).find(([, f]) => f.function_name === name)?.[0]}.function_name}`;
const queueRef = (name: string, attr = 'name') => `\${aws_sqs_queue.${Object.entries(json.resource.aws_sqs_queue ?? {}).find(([, q]) => q.name === name)?.[0]}.${attr}}`;
const alarmOn = (metric: string, dim: Record<string, string>) => alarms.filter((a) => a.metric_name === metric && JSON.stringify(a.dimensions) === JSON.stringify(dim));

t.test('Errors and Throttles alarms for every function', async (t) => {
  for (const fn of ['acme-alpha', 'acme-beta']) {
    for (const metric of ['Errors', 'Throttles']) {
      const [a, ...rest] = alarmOn(metric, { FunctionName: fnRef(fn) });
      t.equal(rest.length, 0, `one ${metric} alarm for ${fn}`);
      t.equal(a?.namespace, 'AWS/Lambda');
      t.equal(a?.statistic, 'Sum');
      t.equal(a?.threshold, 0);
      t.equal(a?.comparison_operator, 'GreaterThanThreshold');
      t.equal(a?.treat_missing_data, 'notBreaching');
    }
  }
});

t.test('DLQ depth and age of the oldest message for every queue', async (t) => {
  for (const q of ['acme-q1', 'acme-q2']) {
    const [dlq] = alarmOn('ApproximateNumberOfMessagesVisible', { QueueName: queueRef(`${q}-dlq`) });
    t.equal(dlq?.namespace, 'AWS/SQS', `${q}: DLQ alarm`);
    t.equal(dlq?.threshold, 0, 'any message in the DLQ');
    t.equal(dlq?.statistic, 'Maximum');
    const [age] = alarmOn('ApproximateAgeOfOldestMessage', { QueueName: queueRef(q) });
    t.equal(age?.threshold, q === 'acme-q2' ? 600 : 1800, `${q}: age threshold`);
  }
  t.equal(alarms.length, 2 * 2 + 2 * 2, 'nothing else');
});

t.test('alarms notify the encrypted alarm topic and the existing topic', async (t) => {
  const actions = [`\${aws_sns_topic.${alarmTopicId}.arn}`, 'arn:aws:sns:eu-west-1:222222222222:oncall'];
  for (const a of alarms) {
    t.same(a.alarm_actions, actions);
    t.same(a.ok_actions, actions);
  }
  const topic = json.resource.aws_sns_topic?.[alarmTopicId ?? ''];
  t.match(topic?.kms_master_key_id, /aws_kms_key\.key_/);
  const subs = Object.values(json.resource.aws_sns_topic_subscription ?? {});
  t.same(subs.map((x) => [x.protocol, x.endpoint]), [['email', 'a@example.com'], ['email', 'b@example.com']]);
  const [policy] = Object.values(json.resource.aws_sns_topic_policy ?? {});
  const doc = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(policy?.policy))?.[1] ?? '';
  const statements = (json.data.aws_iam_policy_document?.[doc]?.statement ?? []) as Statement[];
  t.same(statements.find((x) => x.actions.includes('sns:Publish'))?.principals, [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
});

t.test('a dashboard of the same metrics', async (t) => {
  const [dash] = Object.values(json.resource.aws_cloudwatch_dashboard ?? {});
  t.equal(dash?.dashboard_name, 'acme');
  const body = String(dash?.dashboard_body);
  t.match(body, /^\$\{jsonencode\(/);
  for (const fn of ['acme-alpha', 'acme-beta']) t.ok(body.includes(`"Errors", "FunctionName", ${fnRef(fn).slice(2, -1)}`), `${fn} errors on the dashboard`);
  for (const q of ['acme-q1', 'acme-q2']) {
    t.ok(body.includes(`"ApproximateAgeOfOldestMessage", "QueueName", ${queueRef(q).slice(2, -1)}`), `${q} age on the dashboard`);
    t.ok(body.includes(`"ApproximateNumberOfMessagesVisible", "QueueName", ${queueRef(`${q}-dlq`).slice(2, -1)}`), `${q} DLQ on the dashboard`);
  }
  t.match(body, /"region" = "eu-west-1"/);
});

t.test('two monitored resources with the same construct id are refused', async (t) => {
  const x = setup();
  t.throws(() => new Monitoring(x.stack, 'm', { prefix: 'acme', region: 'eu-west-1', kmsKey: x.key, alarmEmails: [], functions: [x.functions[0] as LambdaFunction, x.functions[0] as LambdaFunction], queues: [] }), /construct id behind alarm "alpha-errors"/);
});
