import t from 'tap';
import { TerraformStack, Testing } from 'cdktf';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { SecureBucket } from '../../stacks/constructs/secure-bucket.js';
import { EncryptedQueue } from '../../stacks/constructs/encrypted-queue.js';
import { EncryptedTopic } from '../../stacks/constructs/encrypted-topic.js';

type Json = Record<string, any>;
interface Statement { sid: string; effect: string; actions: string[]; resources: string[]; principals: { type: string; identifiers: string[] }[]; condition?: { test: string; variable: string; values: string[] }[] }

function synth(build: (stack: TerraformStack) => void): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
}

/** The single resource of a type whose logical id starts with `<construct id>_`. */
function res(synth: Json, type: string, owner: string): Json {
  const all = (synth.resource?.[type] ?? {}) as Json;
  const hits = Object.entries(all).filter(([k]) => k.startsWith(`${owner}_`));
  if (hits.length !== 1) throw new Error(`${hits.length} ${type} for ${owner}: ${Object.keys(all).join(', ')}`);
  return hits[0]![1] as Json;
}

/** The statements of the policy document a `${data.aws_iam_policy_document.X.json}` reference names. */
function statements(synth: Json, ref: string): Statement[] {
  const m = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(ref);
  if (!m) throw new Error(`not a policy document reference: ${ref}`);
  return synth.data.aws_iam_policy_document[m[1]!].statement as Statement[];
}

function bySid(list: Statement[], sid: string): Statement {
  const s = list.find((x) => x.sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${list.map((x) => x.sid).join(', ')}`);
  return s;
}

function ref(type: string, synth: Json, owner: string, attr: string): string {
  const all = synth.resource[type] as Json;
  const key = Object.keys(all).find((k) => k.startsWith(`${owner}_`));
  return `\${${type}.${key}.${attr}}`;
}

t.test('KmsKey: rotation, alias, root administration, services held to the account', async (t) => {
  const s = synth((stack) => {
    new KmsKey(stack, 'key', { alias: 'acme-data', description: 'lake data', servicePrincipals: ['sns.amazonaws.com', 'logs.eu-west-1.amazonaws.com', 's3.amazonaws.com', 'logs.us-east-1.amazonaws.com'] });
  });
  const key = res(s, 'aws_kms_key', 'key');
  t.equal(key.enable_key_rotation, true);
  t.equal(key.deletion_window_in_days, 30);
  t.equal(key.description, 'lake data');
  const alias = res(s, 'aws_kms_alias', 'key');
  t.equal(alias.name, 'alias/acme-data');
  t.equal(alias.target_key_id, ref('aws_kms_key', s, 'key', 'key_id'));

  const st = statements(s, key.policy);
  t.same(st.map((x) => x.sid), ['KeyPolicyAccountRootAdministration', 'KeyPolicyServicesUse', 'KeyPolicyCloudWatchLogsUse']);
  const root = bySid(st, 'KeyPolicyAccountRootAdministration');
  t.same(root.principals, [{ type: 'AWS', identifiers: [`arn:\${data.aws_partition.${Object.keys(s.data.aws_partition)[0]}.partition}:iam::\${data.aws_caller_identity.${Object.keys(s.data.aws_caller_identity)[0]}.account_id}:root`] }]);
  t.same(root.actions, ['kms:*']);
  const sns = bySid(st, 'KeyPolicyServicesUse');
  t.same(sns.principals, [{ type: 'Service', identifiers: ['sns.amazonaws.com', 's3.amazonaws.com'] }]);
  t.ok(sns.actions.includes('kms:GenerateDataKey') && sns.actions.includes('kms:Decrypt'));
  t.notOk(sns.actions.some((a) => a.includes('*')), 'service statements name their actions');
  t.same(sns.condition?.map((c) => [c.test, c.variable]), [['StringEquals', 'aws:SourceAccount']]);
  const logs = bySid(st, 'KeyPolicyCloudWatchLogsUse');
  t.same(logs.principals, [{ type: 'Service', identifiers: ['logs.eu-west-1.amazonaws.com', 'logs.us-east-1.amazonaws.com'] }]);
  t.equal(logs.condition?.length, 1);
  t.equal(logs.condition?.[0]?.variable, 'kms:EncryptionContext:aws:logs:arn');
  t.equal(logs.condition?.[0]?.test, 'ArnLike');
  t.match(logs.condition?.[0]?.values[0], /^arn:\$\{data\.aws_partition\.[^}]+\}:logs:eu-west-1:\$\{data\.aws_caller_identity\.[^}]+\.account_id\}:log-group:\*$/);
  t.match(logs.condition?.[0]?.values[1], /:logs:us-east-1:/);
});

t.test('KmsKey: shares one caller identity per stack and rejects a prefixed alias', async (t) => {
  const s = synth((stack) => {
    new KmsKey(stack, 'a', { alias: 'acme-a', description: 'a' });
    new KmsKey(stack, 'b', { alias: 'acme-b', description: 'b' });
  });
  t.equal(Object.keys(s.data.aws_caller_identity).length, 1);
  t.equal(Object.keys(s.resource.aws_kms_key).length, 2);
  t.same(statements(s, res(s, 'aws_kms_key', 'a').policy).map((x) => x.sid), ['KeyPolicyAccountRootAdministration'], 'no service statements unless services are listed');
  t.throws(() => synth((stack) => new KmsKey(stack, 'k', { alias: 'alias/acme', description: 'x' })), /without the "alias\/" prefix/);
});

t.test('SecureBucket: encryption, versioning, BPA, ownership, TLS-only, lifecycle, logging', async (t) => {
  const s = synth((stack) => {
    const key = new KmsKey(stack, 'key', { alias: 'acme-data', description: 'd' });
    const logs = new SecureBucket(stack, 'logs', { bucketName: 'acme-access-logs', encryption: 'SSE-S3', serverAccessLogSourceBucketArns: ['arn:aws:s3:::acme-lake'] });
    new SecureBucket(stack, 'lake', {
      bucketName: 'acme-lake',
      kmsKey: key,
      accessLogs: { bucket: logs, prefix: 'lake/' },
      expirationDays: 365,
      noncurrentExpirationDays: 10,
      extraPolicyStatements: [{ sid: 'AllowReader', principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:role/reader'] }], actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-lake/*'] }],
    });
  });
  const lakeId = ref('aws_s3_bucket', s, 'lake', 'id');
  t.equal(res(s, 'aws_s3_bucket', 'lake').bucket, 'acme-lake');
  t.equal(res(s, 'aws_s3_bucket', 'lake').force_destroy, false);
  t.same(res(s, 'aws_s3_bucket_versioning', 'lake'), { bucket: lakeId, versioning_configuration: { status: 'Enabled' } });

  const enc = res(s, 'aws_s3_bucket_server_side_encryption_configuration', 'lake');
  t.equal(enc.bucket, lakeId);
  t.same(enc.rule, [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: ref('aws_kms_key', s, 'key', 'arn') }, bucket_key_enabled: true }]);
  t.same(res(s, 'aws_s3_bucket_server_side_encryption_configuration', 'logs').rule, [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }], 'the access-log destination uses SSE-S3');

  t.same(res(s, 'aws_s3_bucket_public_access_block', 'lake'), { bucket: lakeId, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  t.same(res(s, 'aws_s3_bucket_ownership_controls', 'lake').rule, { object_ownership: 'BucketOwnerEnforced' });

  const policy = res(s, 'aws_s3_bucket_policy', 'lake');
  t.equal(policy.bucket, lakeId);
  const st = statements(s, policy.policy);
  t.same(st.map((x) => x.sid), ['DenyInsecureTransport', 'AllowReader']);
  const tls = bySid(st, 'DenyInsecureTransport');
  const lakeArn = ref('aws_s3_bucket', s, 'lake', 'arn');
  t.equal(tls.effect, 'Deny');
  t.same(tls.principals, [{ type: '*', identifiers: ['*'] }]);
  t.same(tls.actions, ['s3:*']);
  t.same(tls.resources, [lakeArn, `${lakeArn}/*`]);
  t.same(tls.condition, [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
  t.same(bySid(st, 'AllowReader').effect, 'Allow');
  t.same(bySid(st, 'AllowReader').actions, ['s3:GetObject']);

  const delivery = bySid(statements(s, res(s, 'aws_s3_bucket_policy', 'logs').policy), 'AllowS3ServerAccessLogDelivery');
  t.same(delivery.principals, [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }]);
  t.same(delivery.actions, ['s3:PutObject']);
  t.same(delivery.resources, [`${ref('aws_s3_bucket', s, 'logs', 'arn')}/*`]);
  t.same(delivery.condition?.find((c) => c.variable === 'aws:SourceArn')?.values, ['arn:aws:s3:::acme-lake']);
  t.ok(delivery.condition?.some((c) => c.variable === 'aws:SourceAccount'));

  const rules = res(s, 'aws_s3_bucket_lifecycle_configuration', 'lake').rule as Json[];
  const rule = (id: string) => rules.find((r) => r.id === id) as Json;
  t.same(rule('expire-current-versions').expiration, [{ days: 365 }]);
  t.same(rule('expire-noncurrent-versions').noncurrent_version_expiration, [{ noncurrent_days: 10 }]);
  t.same(rule('abort-incomplete-multipart-uploads').abort_incomplete_multipart_upload, [{ days_after_initiation: 7 }]);
  t.ok(rules.every((r) => r.status === 'Enabled'));
  t.notOk((res(s, 'aws_s3_bucket_lifecycle_configuration', 'logs').rule as Json[]).some((r) => r.id === 'expire-current-versions'), 'no expiration unless asked');

  const logging = res(s, 'aws_s3_bucket_logging', 'lake');
  t.equal(logging.bucket, lakeId);
  t.equal(logging.target_bucket, ref('aws_s3_bucket', s, 'logs', 'bucket'));
  t.equal(logging.target_prefix, 'lake/');
  t.notOk(Object.keys(s.resource.aws_s3_bucket_logging).some((k) => k.startsWith('logs_')), 'the destination does not log itself');
});

t.test('SecureBucket: rejects SSE-KMS without a key and duplicate Sids', async (t) => {
  t.throws(() => synth((stack) => new SecureBucket(stack, 'b', { bucketName: 'acme-b' })), /SSE-KMS needs a kmsKey/);
  t.throws(
    () =>
      synth((stack) => {
        const key = new KmsKey(stack, 'key', { alias: 'acme-data', description: 'd' });
        new SecureBucket(stack, 'b', { bucketName: 'acme-b', kmsKey: key, extraPolicyStatements: [{ sid: 'DenyInsecureTransport', principals: [], actions: ['s3:GetObject'], resources: ['x'] }] });
      }),
    /duplicate policy statement Sid/,
  );
});

t.test('EncryptedQueue: KMS on both queues, redrive, redrive-allow, DLQ retention, TLS-only, SNS sources', async (t) => {
  const s = synth((stack) => {
    const key = new KmsKey(stack, 'key', { alias: 'acme-data', description: 'd' });
    new EncryptedQueue(stack, 'q', { name: 'acme-input', kmsKey: key, visibilityTimeoutSeconds: 120, maxReceiveCount: 3, allowedTopicArns: ['arn:aws:sns:eu-west-1:111122223333:acme-notifications'] });
  });
  const queues = s.resource.aws_sqs_queue as Json;
  const queue = Object.values(queues).find((q: Json) => q.name === 'acme-input') as Json;
  const dlq = Object.values(queues).find((q: Json) => q.name === 'acme-input-dlq') as Json;
  const keyArn = ref('aws_kms_key', s, 'key', 'arn');
  t.equal(queue.kms_master_key_id, keyArn);
  t.equal(dlq.kms_master_key_id, keyArn);
  t.equal(queue.visibility_timeout_seconds, 120);
  t.equal(dlq.message_retention_seconds, 14 * 24 * 3600);
  const dlqKey = Object.keys(queues).find((k) => queues[k].name === 'acme-input-dlq');
  const queueKey = Object.keys(queues).find((k) => queues[k].name === 'acme-input');
  t.equal(queue.redrive_policy, `\${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.${dlqKey}.arn, "maxReceiveCount" = 3})}`);

  const allow = res(s, 'aws_sqs_queue_redrive_allow_policy', 'q');
  t.equal(allow.queue_url, `\${aws_sqs_queue.${dlqKey}.url}`);
  t.equal(allow.redrive_allow_policy, `\${jsonencode({"redrivePermission" = "byQueue", "sourceQueueArns" = [aws_sqs_queue.${queueKey}.arn]})}`);

  const policies = Object.values(s.resource.aws_sqs_queue_policy as Json) as Json[];
  t.equal(policies.length, 2, 'the queue and the DLQ each have a policy');
  const main = policies.find((p) => p.queue_url === `\${aws_sqs_queue.${queueKey}.url}`) as Json;
  const st = statements(s, main.policy);
  const tls = bySid(st, 'DenyInsecureTransport');
  t.equal(tls.effect, 'Deny');
  t.same(tls.actions, ['sqs:*']);
  t.same(tls.resources, [`\${aws_sqs_queue.${queueKey}.arn}`]);
  t.same(tls.condition, [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
  const sns = bySid(st, 'AllowSnsTopicsSendMessage');
  t.same(sns.principals, [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }]);
  t.same(sns.actions, ['sqs:SendMessage']);
  t.same(sns.condition, [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ['arn:aws:sns:eu-west-1:111122223333:acme-notifications'] }]);
  const dlqPolicy = policies.find((p) => p.queue_url === `\${aws_sqs_queue.${dlqKey}.url}`) as Json;
  t.same(statements(s, dlqPolicy.policy).map((x) => x.sid), ['DenyInsecureTransport']);
});

t.test('EncryptedQueue: default maxReceiveCount 5, no SNS statement without topics', async (t) => {
  const s = synth((stack) => {
    const key = new KmsKey(stack, 'key', { alias: 'acme-data', description: 'd' });
    new EncryptedQueue(stack, 'q', { name: 'acme-work', kmsKey: key, visibilityTimeoutSeconds: 30 });
  });
  const queue = Object.values(s.resource.aws_sqs_queue as Json).find((q: Json) => q.name === 'acme-work') as Json;
  t.match(queue.redrive_policy, /"maxReceiveCount" = 5\}\)\}$/);
  const main = Object.values(s.resource.aws_sqs_queue_policy as Json)[0] as Json;
  t.notOk(statements(s, main.policy).some((x) => x.sid === 'AllowSnsTopicsSendMessage'));
  t.throws(() => synth((stack) => new EncryptedQueue(stack, 'q', { name: 'x', kmsKey: new KmsKey(stack, 'k', { alias: 'a', description: 'd' }), visibilityTimeoutSeconds: 30, maxReceiveCount: 0 })), /maxReceiveCount/);
});

t.test('EncryptedTopic: KMS, TLS-only, S3 publishers by source account', async (t) => {
  const s = synth((stack) => {
    const key = new KmsKey(stack, 'key', { alias: 'acme-data', description: 'd' });
    new EncryptedTopic(stack, 't', { name: 'acme-notifications', kmsKey: key, s3PublisherAccountIds: ['111122223333', '444455556666'], servicePublishers: [{ service: 'cloudwatch.amazonaws.com', sourceAccountIds: ['111122223333'] }] });
  });
  const topic = res(s, 'aws_sns_topic', 't');
  t.equal(topic.name, 'acme-notifications');
  t.equal(topic.kms_master_key_id, ref('aws_kms_key', s, 'key', 'arn'));
  const policy = res(s, 'aws_sns_topic_policy', 't');
  const topicArn = ref('aws_sns_topic', s, 't', 'arn');
  t.equal(policy.arn, topicArn);
  const st = statements(s, policy.policy);
  const tls = bySid(st, 'DenyInsecureTransport');
  t.equal(tls.effect, 'Deny');
  t.same(tls.resources, [topicArn]);
  t.same(tls.condition, [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
  const s3 = bySid(st, 'AllowS3BucketNotifications');
  t.same(s3.principals, [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }]);
  t.same(s3.actions, ['sns:Publish']);
  t.same(s3.resources, [topicArn]);
  t.same(s3.condition, [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333', '444455556666'] }]);
  const cw = bySid(st, 'AllowCloudwatchPublish');
  t.same(cw.principals, [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
  t.same(cw.condition, [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333'] }]);
});
