// cloud-scan's environment: the lake (S3 object store of LAKE_BUCKET) and the opted-in automatic
// remediation (AUTO_REMEDIATE_POLICIES, AUTO_REMEDIATE_APPLY, REMEDIATION_ROLE_NAME), with
// defaults, cold-start warnings for ids that can do nothing, and errors naming the variable.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { S3ObjectStore } from '../../../adapters/aws/s3-object-store.js';
import type { PolicyItem } from '../../../detections/analysis/spec.js';
import { autoRemediationFromEnv, autoRemediationProblems, depsFromEnv, parsePolicyList, type Env } from '../../../functions/cloud-scan/config.js';

const PACK = fileURLToPath(new URL('./fixtures/pack', import.meta.url));
const clients = () => ({
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
  sqs: new SQSClient({ region: 'eu-west-1' }),
  sts: new STSClient({ region: 'eu-west-1' }),
  s3: new S3Client({ region: 'eu-west-1' }),
});
const BASE: Env = {
  PACK_DIR: PACK,
  COMPLIANCE_TABLE: 'acme-compliance',
  ALERTS_TABLE: 'acme-alerts',
  DOCUMENTS_TABLE: 'acme-documents',
  ALERT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/999999999999/acme-alert-delivery',
  AUDIT_ROLE_NAME: 'PantherAuditRole',
};

t.test('defaults: no lake, no automatic remediation, no warning', async (t) => {
  const { deps, packErrors, warnings } = await depsFromEnv(BASE, clients());
  t.same(deps.policies.map((p) => p.id).sort(), ['AWS.S3.Bucket.Versioning', 'Test.OwnerTag']);
  t.same(packErrors, []);
  t.same(warnings, []);
  t.equal(deps.lake, undefined);
  t.equal(deps.autoRemediation, undefined);
  t.equal(autoRemediationFromEnv({ AUTO_REMEDIATE_POLICIES: ' ' }), undefined, 'blank: none');
  t.equal(autoRemediationFromEnv({ AUTO_REMEDIATE_APPLY: 'true' }), undefined, 'apply without policies: none');
});

t.test('the lake and a dry-run opt-in; ids that can do nothing are warned about at cold start', async (t) => {
  const s3 = new S3Client({ region: 'eu-west-1' });
  const { deps, warnings } = await depsFromEnv({ ...BASE, LAKE_BUCKET: 'acme-lake-123456789012', AUTO_REMEDIATE_POLICIES: ' AWS.S3.Bucket.Versioning , Test.OwnerTag,Nope.Missing,AWS.S3.Bucket.Versioning' }, { ...clients(), s3 });
  t.ok(deps.lake instanceof S3ObjectStore);
  t.equal((deps.lake as S3ObjectStore).bucket, 'acme-lake-123456789012');
  t.equal(deps.lake?.location, 's3://acme-lake-123456789012');
  t.same(deps.autoRemediation && { ...deps.autoRemediation, policies: [...deps.autoRemediation.policies] }, {
    policies: ['AWS.S3.Bucket.Versioning', 'Test.OwnerTag', 'Nope.Missing'],
    apply: false,
    remediationRoleName: 'PantherRemediationRole',
  });
  t.same(warnings, ['auto-remediation: policy Test.OwnerTag has no remediation', 'auto-remediation: policy Nope.Missing is not loaded']);
});

t.test('apply with a role name', async (t) => {
  const { deps } = await depsFromEnv({ ...BASE, AUTO_REMEDIATE_POLICIES: 'AWS.S3.Bucket.Versioning', AUTO_REMEDIATE_APPLY: 'true', REMEDIATION_ROLE_NAME: 'Acme-Fixer' }, clients());
  t.equal(deps.autoRemediation?.apply, true);
  t.equal(deps.autoRemediation?.remediationRoleName, 'Acme-Fixer');
  t.same(autoRemediationFromEnv({ AUTO_REMEDIATE_POLICIES: 'A.B', AUTO_REMEDIATE_APPLY: 'false' })?.apply, false);
});

t.test('invalid values are refused with the variable\'s name', async (t) => {
  await t.rejects(depsFromEnv({ ...BASE, LAKE_BUCKET: 'Not_A_Bucket' }, clients()), { message: 'LAKE_BUCKET is not an S3 bucket name' });
  await t.rejects(depsFromEnv({ ...BASE, AUTO_REMEDIATE_POLICIES: 'A.B', AUTO_REMEDIATE_APPLY: 'yes' }, clients()), /AUTO_REMEDIATE_APPLY must be 'true' or 'false'/);
  await t.rejects(depsFromEnv({ ...BASE, AUTO_REMEDIATE_POLICIES: 'A.B', REMEDIATION_ROLE_NAME: 'bad name' }, clients()), /REMEDIATION_ROLE_NAME is not an IAM role name/);
  await t.rejects(depsFromEnv({ ...BASE, AUTO_REMEDIATE_POLICIES: 'A.B,,C' }, clients()), /AUTO_REMEDIATE_POLICIES: entry 2 is not a policy id/);
  t.throws(() => parsePolicyList('A.B, has space'), /AUTO_REMEDIATE_POLICIES: entry 2 is not a policy id/);
  t.same(parsePolicyList('A.B,C-D'), ['A.B', 'C-D']);
  await t.rejects(depsFromEnv({ ...BASE, PACK_DIR: undefined }, clients()), /PACK_DIR is not set/);
});

t.test('a pack policy naming its own remediation (AutoRemediationID) has one', async (t) => {
  const custom = { id: 'Acme.Custom', spec: { AutoRemediationID: 'AWS.S3.EnableBucketVersioning' } } as unknown as PolicyItem;
  const wrong = { id: 'Acme.Wrong', spec: { AutoRemediationID: 'AWS.Nope' } } as unknown as PolicyItem;
  t.same(autoRemediationProblems({ policies: new Set(['Acme.Custom', 'Acme.Wrong']), apply: true, remediationRoleName: 'R' }, [custom, wrong]), ['auto-remediation: policy Acme.Wrong has no remediation']);
  t.same(autoRemediationProblems(undefined, [custom]), []);
});
