import t from 'tap';
import { Testing } from 'cdktf';
import { LogSourceModule } from '../../modules/log-source/index.js';
import { moduleJson } from '../../modules/lib/module-stack.js';
import { policyDocs } from './fixtures/checks.js';

const tf = moduleJson(new LogSourceModule(Testing.app()));
const docs = policyDocs(tf);
const res = tf.resource as Record<string, Record<string, Record<string, unknown>>>;
const S3 = 'arn:${data.aws_partition.partition.partition}:s3:::${var.bucket_name}';

t.test('reads one bucket/prefix only', async (t) => {
  t.same(docs.read_doc, [
    { sid: 'ReadObjects', effect: 'Allow', actions: ['s3:GetObject'], resources: [`${S3}/\${var.prefix}*`] },
    { sid: 'ListPrefix', effect: 'Allow', actions: ['s3:ListBucket'], resources: [S3], condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['${var.prefix}*'] }] },
  ]);
});

t.test('decrypts with the given key only, and only when a key is given', async (t) => {
  t.same(docs.decrypt_doc, [{ sid: 'DecryptObjects', effect: 'Allow', actions: ['kms:Decrypt'], resources: ['${var.kms_key_arn}'] }]);
  const count = '${var.kms_key_arn == "" ? 0 : 1}';
  t.equal((tf.data?.aws_iam_policy_document?.decrypt_doc as { count: string }).count, count);
  t.equal(res.aws_iam_role_policy?.decrypt?.count, count);
  t.equal(res.aws_iam_role_policy?.decrypt?.policy, '${data.aws_iam_policy_document.decrypt_doc[0].json}');
  t.equal(tf.variable?.kms_key_arn?.default, '', 'optional');
});

t.test('notifies the input topic of new objects under the prefix, optionally', async (t) => {
  const n = res.aws_s3_bucket_notification?.notification as { count: string; bucket: string; topic: unknown[] };
  t.equal(n.count, '${var.manage_notification ? 1 : 0}');
  t.equal(tf.variable?.manage_notification?.default, true);
  t.match(tf.variable?.manage_notification?.description, /one configuration per bucket/);
  t.equal(n.bucket, '${var.bucket_name}');
  t.same(n.topic, [{ topic_arn: '${var.input_topic_arn}', events: ['s3:ObjectCreated:*'], filter_prefix: '${var.prefix == "" ? null : var.prefix}' }]);
});
