import t from 'tap';
import { TerraformStack, Testing } from 'cdktf';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { SecureBucket } from '../../stacks/constructs/secure-bucket.js';
import { Query } from '../../stacks/query.js';

type Json = Record<string, any>;

function synth(cutoff?: number): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const key = new KmsKey(stack, 'key', { alias: 'acme-data', description: 'd' });
  const results = new SecureBucket(stack, 'results', { bucketName: 'acme-query-results', kmsKey: key });
  new Query(stack, 'query', { prefix: 'acme', resultsBucket: results, kmsKey: key, ...(cutoff !== undefined ? { bytesScannedCutoffPerQuery: cutoff } : {}) });
  return JSON.parse(Testing.synth(stack)) as Json;
}

t.test('workgroup: enforced, encrypted results in the results bucket, metrics, scan limit', async (t) => {
  const s = synth();
  const groups = Object.values(s.resource.aws_athena_workgroup as Json) as Json[];
  t.equal(groups.length, 1);
  const wg = groups[0]!;
  t.equal(wg.name, 'acme');
  t.equal(wg.state, 'ENABLED');
  const c = wg.configuration as Json;
  t.equal(c.enforce_workgroup_configuration, true);
  t.equal(c.publish_cloudwatch_metrics_enabled, true);
  t.equal(c.bytes_scanned_cutoff_per_query, 100 * 1024 ** 3);
  const bucketKey = Object.keys(s.resource.aws_s3_bucket)[0];
  t.equal(c.result_configuration.output_location, `s3://\${aws_s3_bucket.${bucketKey}.bucket}/athena/`);
  const keyKey = Object.keys(s.resource.aws_kms_key)[0];
  t.same(c.result_configuration.encryption_configuration, { encryption_option: 'SSE_KMS', kms_key_arn: `\${aws_kms_key.${keyKey}.arn}` });
});

t.test('the scan limit comes from props and has a floor', async (t) => {
  const s = synth(20 * 1024 ** 3);
  t.equal((Object.values(s.resource.aws_athena_workgroup as Json)[0] as Json).configuration.bytes_scanned_cutoff_per_query, 20 * 1024 ** 3);
  t.throws(() => synth(1000), /at least 10485760 bytes/);
});
