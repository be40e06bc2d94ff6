// The synthesized-JSON checks on a small hand-made deployment: it passes every check, and each
// variant that breaks one property gets exactly the violation naming it.
import t from 'tap';
import { glueColumns } from '../../parsers/core/glue.js';
import { columnName } from '../../stacks/data-catalog.js';
import {
  allViolations,
  checkBuckets,
  checkFunctions,
  checkGlueTables,
  checkIamWildcards,
  checkQueues,
  checkReferences,
  checkTables,
  expressionReferences,
  interpolations,
  isWildcardResource,
  parseHclValue,
  policyStatements,
  type SynthJson,
} from '../helpers/synth-checks.js';
import { TestJson, TestText } from '../helpers/logtypes.js';

const ALLOW = [{ sid: 'KeyAdministration', reason: 'a key policy applies to its own key: Resource must be *' }];

function fixture(): SynthJson {
  const tls = (bucket: string): unknown => ({
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:root'] }],
    actions: ['s3:GetObject', 's3:PutObject'],
    resources: [`\${aws_s3_bucket.${bucket}.arn}`],
    condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  });
  const bucketParts = (b: string, algorithm: string): Record<string, Record<string, unknown>> => ({
    aws_s3_bucket_server_side_encryption_configuration: {
      [`${b}_sse`]: { bucket: `\${aws_s3_bucket.${b}.id}`, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: algorithm, kms_master_key_id: algorithm === 'aws:kms' ? '${aws_kms_key.key.arn}' : undefined } }] },
    },
    aws_s3_bucket_versioning: { [`${b}_versioning`]: { bucket: `\${aws_s3_bucket.${b}.id}`, versioning_configuration: { status: 'Enabled' } } },
    aws_s3_bucket_public_access_block: {
      [`${b}_bpa`]: { bucket: `\${aws_s3_bucket.${b}.id}`, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    },
    aws_s3_bucket_policy: { [`${b}_policy`]: { bucket: `\${aws_s3_bucket.${b}.id}`, policy: `\${data.aws_iam_policy_document.${b}_policy.json}` } },
  });
  const lake = bucketParts('lake', 'aws:kms');
  const logs = bucketParts('logs', 'AES256');
  const merge = (type: string): Record<string, unknown> => ({ ...lake[type], ...logs[type] });
  return {
    terraform: { backend: { s3: { bucket: 'state', key: 'panther.tfstate', region: 'eu-west-1' } } },
    variable: { external_id: { type: 'string' } },
    locals: { prefix: 'acme' },
    data: {
      aws_iam_policy_document: {
        lake_policy: { statement: [tls('lake')] },
        logs_policy: { statement: [tls('logs')] },
        fn_a_assume: { statement: [{ sid: 'LambdaAssume', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }] },
        fn_a_policy: { statement: [{ sid: 'ReadLake', actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.lake.arn}/logs/x.json'] }] },
      },
    },
    resource: {
      aws_kms_key: {
        key: {
          description: 'acme',
          enable_key_rotation: true,
          policy:
            '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "KeyAdministration", "Effect" = "Allow", "Principal" = {"AWS" = "arn:aws:iam::123456789012:root"}, "Action" = ["kms:Describe*"], "Resource" = "*"}]})}',
        },
      },
      aws_s3_bucket: { lake: { bucket: '${local.prefix}-lake' }, logs: { bucket: 'acme-logs' } },
      aws_s3_bucket_logging: { lake_logging: { bucket: '${aws_s3_bucket.lake.id}', target_bucket: '${aws_s3_bucket.logs.id}', target_prefix: 'lake/' } },
      aws_s3_bucket_server_side_encryption_configuration: merge('aws_s3_bucket_server_side_encryption_configuration'),
      aws_s3_bucket_versioning: merge('aws_s3_bucket_versioning'),
      aws_s3_bucket_public_access_block: merge('aws_s3_bucket_public_access_block'),
      aws_s3_bucket_policy: merge('aws_s3_bucket_policy'),
      aws_sqs_queue: {
        input: { name: 'acme-input', kms_master_key_id: '${aws_kms_key.key.arn}', redrive_policy: '${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.input_dlq.arn, "maxReceiveCount" = 5})}' },
        input_dlq: { name: 'acme-input-dlq', kms_master_key_id: '${aws_kms_key.key.arn}' },
      },
      aws_dynamodb_table: { state: { name: 'acme-state', point_in_time_recovery: { enabled: true }, server_side_encryption: { enabled: true, kms_key_arn: '${aws_kms_key.key.arn}' } } },
      aws_iam_role: {
        fn_a: { name: 'acme-a', assume_role_policy: '${data.aws_iam_policy_document.fn_a_assume.json}' },
        fn_b: { name: 'acme-b', assume_role_policy: '${data.aws_iam_policy_document.fn_a_assume.json}' },
      },
      aws_iam_role_policy: {
        fn_a: { role: '${aws_iam_role.fn_a.name}', policy: '${data.aws_iam_policy_document.fn_a_policy.json}' },
        fn_b: { role: '${aws_iam_role.fn_b.name}', policy: '{"Version":"2012-10-17","Statement":[{"Sid":"Send","Effect":"Allow","Action":"sqs:SendMessage","Resource":"${aws_sqs_queue.input.arn}"}]}' },
      },
      aws_lambda_function: {
        fn_a: { function_name: 'acme-a', role: '${aws_iam_role.fn_a.arn}', environment: { variables: { EXTERNAL_ID: '${var.external_id}', FIRST: '${element(aws_sqs_queue.input[*].url, 0)}' } } },
        fn_b: { function_name: 'acme-b', role: '${aws_iam_role.fn_b.arn}' },
      },
      aws_cloudwatch_log_group: {
        fn_a: { name: '/aws/lambda/acme-a', retention_in_days: 30, kms_key_id: '${aws_kms_key.key.arn}' },
        fn_b: { name: '/aws/lambda/${aws_lambda_function.fn_b.function_name}', retention_in_days: 30 },
      },
      aws_glue_catalog_table: {
        test_json: {
          name: 'test_json',
          parameters: { 'storage.location.template': 's3://acme-lake/logs/test_json/year=$${year}' },
          storage_descriptor: { columns: glueColumns(TestJson).map((c) => ({ name: columnName(c.name), type: c.type })) },
        },
      },
    },
  };
}

/** The fixture with one change. */
function variant(change: (j: SynthJson) => void): SynthJson {
  const j = fixture();
  change(j);
  return j;
}

t.test('the fixture passes every check', async (t) => {
  t.same(allViolations(fixture(), [TestJson], ALLOW), []);
});

t.test('buckets', async (t) => {
  t.same(checkBuckets(variant((j) => delete j.resource.aws_s3_bucket_server_side_encryption_configuration.lake_sse)), ['aws_s3_bucket.lake: no aws_s3_bucket_server_side_encryption_configuration']);
  t.same(
    checkBuckets(variant((j) => (j.resource.aws_s3_bucket_server_side_encryption_configuration.lake_sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm = 'AES256'))),
    ['aws_s3_bucket.lake: encryption is AES256, not aws:kms'],
    'AES256 is accepted only on the access-log target',
  );
  t.same(
    checkBuckets(variant((j) => delete j.resource.aws_s3_bucket_logging)),
    ['aws_s3_bucket.logs: encryption is AES256, not aws:kms'],
    'a bucket that receives no access logs needs KMS',
  );
  t.same(checkBuckets(variant((j) => (j.resource.aws_s3_bucket_versioning.lake_versioning.versioning_configuration.status = 'Suspended'))), [
    'aws_s3_bucket.lake: no aws_s3_bucket_versioning with status Enabled',
  ]);
  t.same(checkBuckets(variant((j) => (j.resource.aws_s3_bucket_public_access_block.logs_bpa.ignore_public_acls = false))), [
    'aws_s3_bucket.logs: public access block ignore_public_acls is not true',
  ]);
  t.same(checkBuckets(variant((j) => delete j.resource.aws_s3_bucket_public_access_block.logs_bpa)), ['aws_s3_bucket.logs: no aws_s3_bucket_public_access_block']);
  t.same(checkBuckets(variant((j) => (j.data.aws_iam_policy_document.lake_policy.statement[0].effect = 'Allow'))), ['aws_s3_bucket.lake: no bucket policy denying aws:SecureTransport=false']);
  t.same(checkBuckets(variant((j) => delete j.resource.aws_s3_bucket_policy.logs_policy)), ['aws_s3_bucket.logs: no bucket policy denying aws:SecureTransport=false']);
  t.same(
    checkBuckets(
      variant((j) => {
        // The same TLS deny as inline JSON and by literal bucket name: accepted.
        j.resource.aws_s3_bucket_policy.logs_policy = {
          bucket: 'acme-logs',
          policy: '{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-logs","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}',
        };
      }),
    ),
    [],
  );
});

t.test('queues', async (t) => {
  t.same(checkQueues(variant((j) => delete j.resource.aws_sqs_queue.input_dlq.kms_master_key_id)), ['aws_sqs_queue.input_dlq: no kms_master_key_id']);
  t.same(checkQueues(variant((j) => delete j.resource.aws_sqs_queue.input.redrive_policy)), [
    "aws_sqs_queue.input: no redrive_policy to a dead-letter queue, and no queue's dead-letter queue",
    "aws_sqs_queue.input_dlq: no redrive_policy to a dead-letter queue, and no queue's dead-letter queue",
  ]);
  t.same(
    checkQueues(variant((j) => (j.resource.aws_sqs_queue.input.redrive_policy = '${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.input.arn, "maxReceiveCount" = 5})}'))),
    ["aws_sqs_queue.input: no redrive_policy to a dead-letter queue, and no queue's dead-letter queue", "aws_sqs_queue.input_dlq: no redrive_policy to a dead-letter queue, and no queue's dead-letter queue"],
    'a queue is not its own DLQ',
  );
  t.same(
    checkQueues(
      variant((j) => {
        delete j.resource.aws_sqs_queue.input.redrive_policy;
        j.resource.aws_sqs_queue_redrive_policy = { r: { queue_url: '${aws_sqs_queue.input.id}', redrive_policy: '{"deadLetterTargetArn":"${aws_sqs_queue.input_dlq.arn}","maxReceiveCount":5}' } };
      }),
    ),
    [],
    'a separate aws_sqs_queue_redrive_policy counts',
  );
});

t.test('tables', async (t) => {
  t.same(checkTables(variant((j) => (j.resource.aws_dynamodb_table.state.point_in_time_recovery.enabled = false))), ['aws_dynamodb_table.state: point_in_time_recovery is not enabled']);
  t.same(checkTables(variant((j) => delete j.resource.aws_dynamodb_table.state.server_side_encryption.kms_key_arn)), [
    'aws_dynamodb_table.state: server_side_encryption is not enabled with a KMS key',
  ]);
});

t.test('functions', async (t) => {
  t.same(checkFunctions(variant((j) => (j.resource.aws_lambda_function.fn_b.role = '${aws_iam_role.fn_a.arn}'))), [
    'aws_lambda_function.fn_a: shares its role with aws_lambda_function.fn_b',
    'aws_lambda_function.fn_b: shares its role with aws_lambda_function.fn_a',
  ]);
  t.same(checkFunctions(variant((j) => delete j.resource.aws_cloudwatch_log_group.fn_b.retention_in_days)), ['aws_lambda_function.fn_b: log group aws_cloudwatch_log_group.fn_b has no retention_in_days']);
  t.same(checkFunctions(variant((j) => (j.resource.aws_cloudwatch_log_group.fn_a.name = '/aws/lambda/other'))), ['aws_lambda_function.fn_a: no aws_cloudwatch_log_group named /aws/lambda/acme-a']);
  t.same(checkFunctions(variant((j) => delete j.resource.aws_lambda_function.fn_a.role)), ['aws_lambda_function.fn_a: no role']);
});

t.test('IAM wildcards', async (t) => {
  t.same(checkIamWildcards(fixture(), []), [
    'resource.aws_kms_key.key.policy statement[0] (Sid "KeyAdministration"): * in Action (kms:Describe*) and the Sid is not in the allow-list',
    'resource.aws_kms_key.key.policy statement[0] (Sid "KeyAdministration"): * in Resource (*) and the Sid is not in the allow-list',
  ], 'a jsonencode key policy is read; without its allowance it fails');
  t.same(checkIamWildcards(variant((j) => (j.data.aws_iam_policy_document.fn_a_policy.statement[0].actions = ['s3:*'])), ALLOW), [
    'data.aws_iam_policy_document.fn_a_policy statement[0] (Sid "ReadLake"): * in Action (s3:*) and the Sid is not in the allow-list',
  ]);
  t.same(
    checkIamWildcards(
      variant((j) => (j.data.aws_iam_policy_document.fn_a_policy.statement[0].resources = ['${aws_s3_bucket.lake.arn}/*', 'arn:${data.aws_partition.p.partition}:dynamodb:*:${data.aws_caller_identity.c.account_id}:table/*'])),
      ALLOW,
    ),
    [
      'data.aws_iam_policy_document.fn_a_policy statement[0] (Sid "ReadLake"): * in Resource (arn:${data.aws_partition.p.partition}:dynamodb:*:${data.aws_caller_identity.c.account_id}:table/*) and the Sid is not in the allow-list',
    ],
    'every table of the account is a wildcard; the objects of one named bucket are not',
  );
  const wild = ['*', 'arn:aws:s3:::*', 'arn:aws:kms:us-east-1:123456789012:key/*', 'arn:aws:lambda:*:123456789012:function:*', 'arn:aws:cloudformation:*:1:stack/*/*', 'arn:aws:sqs:*:*:acme-input'];
  const scoped = ['${aws_s3_bucket.b.arn}/*', 'arn:aws:s3:::acme-logs/*', 'arn:aws:dynamodb:us-east-1:1:table/acme-state/index/*', 'arn:aws:s3:::acme-*', 'arn:aws:s3:::${var.bucket}/${var.prefix}*', 'arn:aws:lambda:*:1:function:${var.prefix}-*', 'arn:aws:logs:*:1:log-group:/aws/lambda/acme-*', 'arn:aws:scheduler:*:1:schedule/default/acme-*'];
  t.same(wild.filter((r) => !isWildcardResource(r)), [], 'wildcards over a whole kind');
  t.same(scoped.filter(isWildcardResource), [], 'wildcards within a name are scopes');
  t.same(
    checkIamWildcards(
      variant((j) => (j.resource.aws_iam_role_policy.fn_b.policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}')),
      ALLOW,
    ),
    ['resource.aws_iam_role_policy.fn_b.policy statement[0] (Sid missing): * in Resource (*) and the Sid is not in the allow-list'],
    'inline JSON policies are read too',
  );
});

t.test('references', async (t) => {
  t.same(checkReferences(variant((j) => (j.resource.aws_s3_bucket_logging.lake_logging.target_bucket = '${aws_s3_bucket.nope.arn}'))), [
    'resource.aws_s3_bucket_logging.lake_logging.target_bucket: aws_s3_bucket.nope is not defined',
  ]);
  t.same(checkReferences(variant((j) => (j.resource.aws_sqs_queue.input.redrive_policy = '${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.gone[0].arn, "n" = var.missing})}'))), [
    'resource.aws_sqs_queue.input.redrive_policy: aws_sqs_queue.gone is not defined',
    'resource.aws_sqs_queue.input.redrive_policy: var.missing is not defined',
  ]);
  t.same(checkReferences(variant((j) => (j.resource.aws_s3_bucket.logs.bucket = '${local.nope}-${data.aws_caller_identity.current.account_id}-${module.audit.role_arn}'))), [
    'resource.aws_s3_bucket.logs.bucket: local.nope is not defined',
    'resource.aws_s3_bucket.logs.bucket: data.aws_caller_identity.current is not defined',
    'resource.aws_s3_bucket.logs.bucket: module.audit is not defined',
  ]);
  t.same(
    checkReferences(variant((j) => (j.resource.aws_glue_catalog_table.test_json.parameters['storage.location.template'] = 's3://acme-lake/logs/test_json/year=${year}'))),
    ['resource.aws_glue_catalog_table.test_json.parameters.storage.location.template: year is not a reference (a bare name; a literal ${ must be written $${)'],
    'an unescaped ${ is an interpolation to Terraform',
  );
});

t.test('Glue tables', async (t) => {
  t.same(checkGlueTables(fixture(), [TestJson, TestText]), ['Test.Text: 0 aws_glue_catalog_table named test_text, expected 1']);
  t.same(checkGlueTables(variant((j) => j.resource.aws_glue_catalog_table.test_json.storage_descriptor.columns.splice(1, 1)), [TestJson]), [
    'aws_glue_catalog_table.test_json (Test.Json): missing columns user:string',
  ]);
  t.same(checkGlueTables(variant((j) => (j.resource.aws_glue_catalog_table.test_json.storage_descriptor.columns[3].type = 'bigint')), [TestJson]), [
    'aws_glue_catalog_table.test_json (Test.Json): missing columns count:int',
    'aws_glue_catalog_table.test_json (Test.Json): columns not in the declaration count:bigint',
  ]);
  t.same(checkGlueTables(variant((j) => j.resource.aws_glue_catalog_table.test_json.storage_descriptor.columns.reverse()), [TestJson]), [
    'aws_glue_catalog_table.test_json (Test.Json): columns in another order than the declaration',
  ]);
});

t.test('HCL expressions', async (t) => {
  t.same(interpolations('a ${x.y.z} $${lit} ${f("}", {a = 1})} b'), ['x.y.z', 'f("}", {a = 1})']);
  t.same(expressionReferences('jsonencode({"k" = aws_x.y[0].arn, k2 = [for v in var.list : v.id], "s" = "${local.a}/*"})'), [
    ['aws_x', 'y', 'arn'],
    ['var', 'list'],
    ['local', 'a'],
  ]);
  t.same(expressionReferences('provider::aws::arn_parse(aws_x.y.arn).region == "x" ? 1 : count.index'), [['aws_x', 'y', 'arn'], ['count', 'index']]);
  t.same(parseHclValue('{"a" = [1, true, null, "s${x.y}"], "b" = aws_q.d.arn, "c" = upper(var.x), "d" = 1 + 2}'), {
    a: [1, true, null, 's${x.y}'],
    b: '${aws_q.d.arn}',
    c: '${upper(var.x)}',
    d: '${1 + 2}',
  });
  t.same(policyStatements({}, '${data.aws_iam_policy_document.missing.json}', 'x'), [], 'a dangling document has no statements');
  t.same(
    policyStatements(
      { data: { aws_iam_policy_document: { a: { source_policy_documents: ['${data.aws_iam_policy_document.b.json}'], statement: [{ sid: 'A', actions: ['s3:GetObject'] }] }, b: { statement: [{ sid: 'B', effect: 'Deny' }] } } } },
      '${data.aws_iam_policy_document.a.json}',
      'x',
    ).map((s) => `${s.sid}:${s.effect}`),
    ['B:Deny', 'A:Allow'],
    'source documents are merged in',
  );
});
