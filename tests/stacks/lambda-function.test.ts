import t from 'tap';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { App, Testing, TerraformStack } from 'cdktf';
import { bundleFunction } from '../../stacks/constructs/bundle.js';
import { EncryptedQueue } from '../../stacks/constructs/encrypted-queue.js';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { LambdaFunction, type LambdaFunctionProps } from '../../stacks/constructs/lambda-function.js';

interface Statement { sid: string; actions: string[]; resources: string[]; principals?: { type: string; identifiers: string[] }[]; condition?: { test: string; variable: string; values: string[] }[] }
type Blocks = Record<string, Record<string, Record<string, unknown>>>;
interface Synth { resource: Blocks; data: Blocks }

function setup(): { app: App; stack: TerraformStack; key: KmsKey; queue: EncryptedQueue } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const key = new KmsKey(stack, 'key', { alias: 'acme-ops', description: 'test', servicePrincipals: ['logs.eu-west-1.amazonaws.com'] });
  const queue = new EncryptedQueue(stack, 'failures', { name: 'acme-failures', kmsKey: key, visibilityTimeoutSeconds: 30 });
  return { app, stack, key, queue };
}

const base = (key: KmsKey): LambdaFunctionProps => ({ name: 'acme-one', entry: 'log-processor', memoryMb: 512, timeoutSeconds: 60, kmsKey: key, logRetentionDays: 30, statements: [] });

// One synth for most assertions: two functions, so "its own role" means something.
const { stack, key, queue } = setup();
const one = new LambdaFunction(stack, 'one', {
  ...base(key),
  environment: { LAKE_BUCKET: 'acme-lake' },
  reservedConcurrency: 7,
  tracing: true,
  onFailure: queue,
  statements: [{ sid: 'ReadThing', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-thing/x'], conditions: [{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: ['111111111111'] }] }],
});
new LambdaFunction(stack, 'two', { ...base(key), name: 'acme-two', memoryMb: 256 });
const json = JSON.parse(Testing.synth(stack)) as Synth;
const fns = json.resource.aws_lambda_function ?? {};
const fnOf = (name: string) => Object.entries(fns).find(([, f]) => f.function_name === name) as [string, Record<string, unknown>];
const statementsOf = (id: string) => (json.data.aws_iam_policy_document?.[id]?.statement ?? []) as Statement[];
/** `${aws_x.id.attr}` or `${data.aws_x.id.attr}` -> [type, id]. */
const ref = (s: unknown) => (/^\$\{(?:data\.)?([a-z0-9_]+)\.([^.]+)\.[a-z_]+\}/.exec(String(s))?.slice(1, 3) ?? []) as [string, string];
const keyArn = `\${aws_kms_key.${Object.keys(json.resource.aws_kms_key ?? {})[0]}.arn}`;
const queueArn = `\${aws_sqs_queue.${Object.entries(json.resource.aws_sqs_queue ?? {}).find(([, q]) => q.name === 'acme-failures')?.[0]}.arn}`;

t.test('arm64, supported Node.js runtime, handler of the bundle, sizes', async (t) => {
  const [, f] = fnOf('acme-one');
  t.same(f.architectures, ['arm64']);
  t.equal(f.runtime, 'nodejs22.x');
  t.equal(f.handler, 'index.handler');
  t.equal(f.memory_size, 512);
  t.equal(f.timeout, 60);
  t.equal(f.reserved_concurrent_executions, 7);
  t.same(f.tracing_config, { mode: 'Active' });
  t.equal(fnOf('acme-two')[1].reserved_concurrent_executions, undefined, 'no reserved concurrency unless asked');
  t.equal(fnOf('acme-two')[1].tracing_config, undefined, 'tracing off by default');
});

t.test('source code hash is the bundle hash, stable across bundles; asset path is relative', async (t) => {
  const [, f] = fnOf('acme-one');
  const fresh = bundleFunction('log-processor', { fresh: true });
  t.equal(f.source_code_hash, fresh.hash);
  t.equal(f.source_code_hash, one.bundle.hash);
  t.match(String(f.filename), new RegExp(`^assets/[^/]+/${fresh.hexHash}/archive\\.zip$`));
});

t.test('environment variables passed through; secret-like names refused', async (t) => {
  t.same(fnOf('acme-one')[1].environment, { variables: { LAKE_BUCKET: 'acme-lake' } });
  t.equal(fnOf('acme-two')[1].environment, undefined);
  const s = setup();
  t.throws(() => new LambdaFunction(s.stack, 'x', { ...base(s.key), environment: { SLACK_TOKEN: 'x' } }), /environment variable SLACK_TOKEN looks like a secret/);
});

t.test('each function has its own role, trusted by Lambda for this account only', async (t) => {
  const roles = json.resource.aws_iam_role ?? {};
  t.equal(Object.keys(roles).length, 2);
  const [, f1] = fnOf('acme-one');
  const [, f2] = fnOf('acme-two');
  t.not(f1.role, f2.role);
  const [, roleId] = ref(f1.role);
  const role = roles[roleId] as Record<string, unknown>;
  t.equal(role.name, 'acme-one');
  const [, trustId] = ref(role.assume_role_policy);
  const [trust] = statementsOf(trustId);
  t.same(trust?.principals, [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
  t.same(trust?.actions, ['sts:AssumeRole']);
  t.equal(trust?.condition?.[0]?.variable, 'aws:SourceAccount');
  t.match(trust?.condition?.[0]?.values[0], /data\.aws_caller_identity/);
});

t.test('role policy: own log group, given statements, failure queue; nothing else', async (t) => {
  const policies = Object.values(json.resource.aws_iam_role_policy ?? {});
  t.equal(policies.length, 2);
  const policy = policies.find((p) => p.name === 'acme-one-policy') as Record<string, unknown>;
  const [, roleId] = ref(fnOf('acme-one')[1].role);
  t.equal(policy.role, `\${aws_iam_role.${roleId}.id}`);
  const statements = statementsOf(ref(policy.policy)[1]);
  t.same(statements.map((s) => s.sid), ['WriteOwnLogGroup', 'DecryptOwnEnvironment', 'XRayWriteTraces', 'SendFailedInvocations', 'EncryptFailedInvocations', 'ReadThing']);
  t.same(statements[1]?.condition, [{ test: 'StringEquals', variable: 'kms:EncryptionContext:LambdaFunctionName', values: ['acme-one'] }], 'only its own environment');
  t.same(statements[1]?.resources, [keyArn]);
  const logs = statements[0] as Statement;
  t.same(logs.actions, ['logs:CreateLogStream', 'logs:PutLogEvents']);
  const groups = json.resource.aws_cloudwatch_log_group ?? {};
  const groupId = Object.entries(groups).find(([, g]) => g.name === '/aws/lambda/acme-one')?.[0];
  t.same(logs.resources, [`\${aws_cloudwatch_log_group.${groupId}.arn}:log-stream:*`]);
  t.same(statements[3]?.resources, [queueArn]);
  t.same(statements[5]?.condition, [{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: ['111111111111'] }]);
  const two = policies.find((p) => p.name === 'acme-two-policy') as Record<string, unknown>;
  t.same(statementsOf(ref(two.policy)[1]).map((s) => s.sid), ['WriteOwnLogGroup']);
});

t.test('log group /aws/lambda/<name> with retention and the KMS key', async (t) => {
  const groups = Object.values(json.resource.aws_cloudwatch_log_group ?? {});
  t.same(groups.map((g) => g.name).sort(), ['/aws/lambda/acme-one', '/aws/lambda/acme-two']);
  for (const g of groups) {
    t.equal(g.retention_in_days, 30);
    t.equal(g.kms_key_id, keyArn);
  }
  t.match(fnOf('acme-one')[1].logging_config, { log_group: /aws_cloudwatch_log_group/ });
});

t.test('asynchronous failures go to the on-failure queue after the retries', async (t) => {
  const configs = Object.values(json.resource.aws_lambda_function_event_invoke_config ?? {});
  t.equal(configs.length, 1, 'only the function with onFailure');
  t.equal(configs[0]?.maximum_retry_attempts, 2);
  t.same(configs[0]?.destination_config, { on_failure: { destination: queueArn } });
});

t.test('invalid props are refused, naming the function', async (t) => {
  const s = setup();
  t.throws(() => new LambdaFunction(s.stack, 'a', { ...base(s.key), logRetentionDays: 10 }), /acme-one: logRetentionDays 10 is not one CloudWatch Logs accepts/);
  t.throws(() => new LambdaFunction(s.stack, 'b', { ...base(s.key), memoryMb: 64 }), /memoryMb must be 128-10240/);
  t.throws(() => new LambdaFunction(s.stack, 'c', { ...base(s.key), timeoutSeconds: 901 }), /timeoutSeconds must be 1-900/);
  t.throws(() => new LambdaFunction(s.stack, 'd', { ...base(s.key), statements: [{ sid: 'WriteOwnLogGroup', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] }] }), /duplicate statement Sid WriteOwnLogGroup/);
  t.throws(() => new LambdaFunction(s.stack, 'e', { ...base(s.key), statements: [{ sid: 'has-dash', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] }] }), /Sid "has-dash" must be letters and digits/);
  t.throws(() => new LambdaFunction(s.stack, 'f', { ...base(s.key), reservedConcurrency: 0 }), /reservedConcurrency must be a positive integer/);
  t.throws(() => new LambdaFunction(s.stack, 'g', { ...base(s.key), name: 'x'.repeat(65) }), /names are 1-64/);
});
