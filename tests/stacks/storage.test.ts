import t from 'tap';
import { TerraformStack, Testing } from 'cdktf';
import { Storage } from '../../stacks/storage.js';

type Json = Record<string, any>;

function synth(props: Partial<ConstructorParameters<typeof Storage>[2]> = {}): { s: Json; storage: Storage } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const storage = new Storage(stack, 'storage', { prefix: 'acme', region: 'eu-west-1', lakeRetentionDays: 400, queryResultsRetentionDays: 7, ...props });
  return { s: JSON.parse(Testing.synth(stack)) as Json, storage };
}

const { s } = synth();
const account = `\${data.aws_caller_identity.${Object.keys(s.data.aws_caller_identity)[0]}.account_id}`;
const buckets = s.resource.aws_s3_bucket as Record<string, { bucket: string }>;
/** Logical id of the bucket whose name starts with `acme-<purpose>-`. */
function bucketKey(purpose: string): string {
  const key = Object.keys(buckets).find((k) => buckets[k]!.bucket === `acme-${purpose}-${account}-eu-west-1`);
  if (!key) throw new Error(`no ${purpose} bucket among ${Object.values(buckets).map((b) => b.bucket).join(', ')}`);
  return key;
}
function forBucket(type: string, purpose: string): Json {
  const id = `\${aws_s3_bucket.${bucketKey(purpose)}.id}`;
  const hit = Object.values(s.resource[type] as Json).find((r: Json) => r.bucket === id);
  if (!hit) throw new Error(`no ${type} for ${purpose}`);
  return hit as Json;
}

t.test('four buckets named prefix-purpose-account-region', async (t) => {
  t.same(Object.values(buckets).map((b) => b.bucket).sort(), ['access-logs', 'input', 'lake', 'query-results'].map((p) => `acme-${p}-${account}-eu-west-1`));
});

t.test('one rotated data key with an alias', async (t) => {
  const keys = Object.values(s.resource.aws_kms_key as Json) as Json[];
  t.equal(keys.length, 1);
  t.equal(keys[0]!.enable_key_rotation, true);
  t.same((Object.values(s.resource.aws_kms_alias as Json) as Json[]).map((a) => a.name), ['alias/acme-data']);
});

t.test('lake, input and query results: SSE-KMS with the data key, logging to the access-logs bucket', async (t) => {
  const keyArn = `\${aws_kms_key.${Object.keys(s.resource.aws_kms_key)[0]}.arn}`;
  const logsName = `\${aws_s3_bucket.${bucketKey('access-logs')}.bucket}`;
  for (const purpose of ['lake', 'input', 'query-results']) {
    const enc = forBucket('aws_s3_bucket_server_side_encryption_configuration', purpose);
    t.same(enc.rule[0].apply_server_side_encryption_by_default, { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn }, purpose);
    t.equal(enc.rule[0].bucket_key_enabled, true, purpose);
    const logging = forBucket('aws_s3_bucket_logging', purpose);
    t.equal(logging.target_bucket, logsName, purpose);
    t.equal(logging.target_prefix, `${purpose}/`, purpose);
    t.equal(forBucket('aws_s3_bucket_versioning', purpose).versioning_configuration.status, 'Enabled', purpose);
    t.equal(forBucket('aws_s3_bucket_public_access_block', purpose).restrict_public_buckets, true, purpose);
  }
  t.equal(Object.keys(s.resource.aws_s3_bucket_logging).length, 3, 'the access-logs bucket does not log to itself');
});

t.test('retention: lake, input, query results and access logs', async (t) => {
  const days = (purpose: string) => (forBucket('aws_s3_bucket_lifecycle_configuration', purpose).rule as Json[]).find((r) => r.id === 'expire-current-versions')?.expiration[0].days;
  t.equal(days('lake'), 400);
  t.equal(days('input'), 400, 'input defaults to the lake retention');
  t.equal(days('query-results'), 7);
  t.equal(days('access-logs'), 365);
  const other = synth({ inputRetentionDays: 3, accessLogsRetentionDays: 90 }).s;
  const lc = Object.values(other.resource.aws_s3_bucket_lifecycle_configuration as Json) as Json[];
  const all = lc.map((r) => (r.rule as Json[]).find((x) => x.id === 'expire-current-versions')?.expiration[0].days).sort((a, b) => a - b);
  t.same(all, [3, 7, 90, 400]);
});

t.test('the access-logs bucket: SSE-S3 and log delivery from the lake, input, query-results and console buckets only', async (t) => {
  t.same(forBucket('aws_s3_bucket_server_side_encryption_configuration', 'access-logs').rule, [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
  const policy = forBucket('aws_s3_bucket_policy', 'access-logs').policy as string;
  const doc = s.data.aws_iam_policy_document[/aws_iam_policy_document\.([^.]+)\.json/.exec(policy)![1]!] as Json;
  const delivery = (doc.statement as Json[]).find((x) => x.sid === 'AllowS3ServerAccessLogDelivery') as Json;
  const partition = `\${data.aws_partition.${Object.keys(s.data.aws_partition)[0]}.partition}`;
  t.same(delivery.condition.find((c: Json) => c.variable === 'aws:SourceArn').values, ['lake', 'input', 'query-results', 'console'].map((p) => `arn:${partition}:s3:::acme-${p}-${account}-eu-west-1`));
  t.same(delivery.condition.find((c: Json) => c.variable === 'aws:SourceAccount').values, [account]);
});

t.test('members expose the buckets', async (t) => {
  const { storage } = synth();
  t.match(storage.lakeBucket.name, /^\$\{TfToken/);
  t.not(storage.lakeBucket.arn, storage.inputBucket.arn);
  t.ok(storage.dataKey.arn);
});

t.test('bad props fail at synth with a clear error', async (t) => {
  t.throws(() => synth({ lakeRetentionDays: 0 }), /lakeRetentionDays: 0 is not a positive whole number/);
  // The longest prefix the root stack accepts (21) with a 14-character region fits exactly.
  t.doesNotThrow(() => synth({ prefix: 'a-very-long-prefix-xx', region: 'ap-southeast-2' }));
  t.throws(() => synth({ prefix: 'a-very-long-prefix-xx', region: 'ap-southeastern-2' }), /"query-results" would be 66 characters/);
});
