// The cloud-scan function's lake history and automatic remediation settings, synthesized: its
// environment, PutObject on the two history prefixes only, the lake key, and sts:AssumeRole on
// the remediation roles only when remediations are applied.
import t from 'tap';
import { CLOUD_SCAN_SIDS, packPolicyIds, BUILTIN_POLICY_PACK, type CloudSecurityProps } from '../../stacks/cloud-security.js';
import type { Storage } from '../../stacks/storage.js';
import { checkFunctions, checkIamWildcards, checkReferences } from '../helpers/synth-checks.js';
import { bundleOutRoot, cloudSecurityStack } from './fixtures/detections-scaffold.js';
import { finders, ref, sid, type StackJson } from './fixtures/synth-finders.js';

const outRoot = bundleOutRoot(t, 'cloud-security-rem');

const ACCOUNTS = [
  { accountId: '111111111111', regions: ['eu-west-1'] },
  { accountId: '222222222222', regions: ['eu-west-1'] },
];
const POLICIES = ['AWS.S3.Bucket.Versioning', 'AWS.KMS.Key.RotationEnabled'];

const synth = (over: (storage: Storage) => Partial<CloudSecurityProps>): StackJson =>
  cloudSecurityStack(outRoot, (s) => ({ accounts: ACCOUNTS, externalId: 'ext-1234', ...over(s.storage) }));

/** The scan function's policy and environment. */
function inspect(j: StackJson) {
  const { find, policyOf, envOf, partition } = finders(j);
  return { find, policy: () => policyOf('acme-cloud-scan'), env: () => envOf('acme-cloud-scan'), partition };
}
const remediationSids = [CLOUD_SCAN_SIDS.assumeRemediation, CLOUD_SCAN_SIDS.assumeOrgRemediation];

t.test('the built-in pack\'s policy ids are read at synth', async (t) => {
  const ids = packPolicyIds(BUILTIN_POLICY_PACK);
  t.ok(ids.size >= 60, `${ids.size} policies`);
  t.ok(POLICIES.every((p) => ids.has(p)));
});

t.test('lake and dry runs: history prefixes only, the lake key, no remediation role', async (t) => {
  const j = synth((s) => ({ lakeBucket: s.lakeBucket, autoRemediation: { policies: POLICIES, apply: false } }));
  const { find, policy, env } = inspect(j);
  const [lakeId] = find('aws_s3_bucket', (b) => String(b.bucket).startsWith('acme-lake-'));
  const vars = env();
  t.equal(vars.LAKE_BUCKET, ref('aws_s3_bucket', lakeId, 'bucket'));
  t.equal(vars.AUTO_REMEDIATE_POLICIES, 'AWS.S3.Bucket.Versioning,AWS.KMS.Key.RotationEnabled');
  t.equal(vars.AUTO_REMEDIATE_APPLY, undefined, 'dry runs');
  t.equal(vars.REMEDIATION_ROLE_NAME, undefined, 'no role without apply');
  const p = policy();
  const lakeArn = ref('aws_s3_bucket', lakeId, 'arn');
  t.same(sid(p, CLOUD_SCAN_SIDS.writeHistory), {
    sid: CLOUD_SCAN_SIDS.writeHistory,
    effect: 'Allow',
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
    resources: [`${lakeArn}/logs/compliance_history/*`, `${lakeArn}/logs/resource_history/*`],
  });
  // The lake is SSE-KMS with the data key; the scan function's data-key statement allows the writes.
  const [, sse] = find('aws_s3_bucket_server_side_encryption_configuration', (c) => c.bucket === ref('aws_s3_bucket', lakeId, 'id'));
  const lakeKey = (sse.rule as { apply_server_side_encryption_by_default: { kms_master_key_id: string; sse_algorithm: string } }[])[0]?.apply_server_side_encryption_by_default;
  t.equal(lakeKey?.sse_algorithm, 'aws:kms');
  t.same(sid(p, CLOUD_SCAN_SIDS.dataKey)?.resources, [lakeKey?.kms_master_key_id]);
  t.ok(sid(p, CLOUD_SCAN_SIDS.dataKey)?.actions.includes('kms:GenerateDataKey'));
  t.notOk(p.some((s) => remediationSids.includes(s.sid as never)), 'no remediation statement');
  t.same(p.filter((s) => s.actions.includes('sts:AssumeRole')).map((s) => s.sid), [CLOUD_SCAN_SIDS.assumeAudit]);
  t.notOk(p.some((s) => s.actions.includes('s3:PutObject') && s.resources.some((r) => r.endsWith('/logs/*') || r.endsWith('/*') && !r.includes('_history/'))), 'no wider write');
  t.same(checkIamWildcards(j), []);
  t.same(checkReferences(j), []);
  t.same(checkFunctions(j), []);
});

t.test('apply: AssumeRole on the onboarded accounts\' remediation roles, the env says so', async (t) => {
  const j = synth((s) => ({ lakeBucket: s.lakeBucket, autoRemediation: { policies: POLICIES, apply: true, remediationRoleName: 'AcmeFixer' } }));
  const { policy, env, partition } = inspect(j);
  t.match(env(), { AUTO_REMEDIATE_POLICIES: 'AWS.S3.Bucket.Versioning,AWS.KMS.Key.RotationEnabled', AUTO_REMEDIATE_APPLY: 'true', REMEDIATION_ROLE_NAME: 'AcmeFixer', AUDIT_ROLE_NAME: 'PantherAuditRole', EXTERNAL_ID: 'ext-1234' });
  const p = policy();
  t.same(sid(p, CLOUD_SCAN_SIDS.assumeRemediation), {
    sid: CLOUD_SCAN_SIDS.assumeRemediation,
    effect: 'Allow',
    actions: ['sts:AssumeRole'],
    resources: [`arn:${partition}:iam::111111111111:role/AcmeFixer`, `arn:${partition}:iam::222222222222:role/AcmeFixer`],
  });
  t.equal(sid(p, CLOUD_SCAN_SIDS.assumeOrgRemediation), undefined);
  t.same(checkIamWildcards(j), []);
});

t.test('apply without policies, or no settings at all: no remediation statement and no variable', async (t) => {
  for (const over of [{ autoRemediation: { policies: [], apply: true } }, {}] as Partial<CloudSecurityProps>[]) {
    const j = synth(() => over);
    const { policy, env } = inspect(j);
    t.notOk(policy().some((s) => remediationSids.includes(s.sid as never)));
    t.equal(sid(policy(), CLOUD_SCAN_SIDS.writeHistory), undefined, 'no lake given: no history statement');
    const vars = env();
    t.same([vars.LAKE_BUCKET, vars.AUTO_REMEDIATE_POLICIES, vars.AUTO_REMEDIATE_APPLY, vars.REMEDIATION_ROLE_NAME], [undefined, undefined, undefined, undefined]);
  }
});

t.test('organization and apply: the role name in the organization\'s accounts only', async (t) => {
  const j = synth(() => ({ accounts: [], organization: { id: 'o-abcdef1234', defaultRegions: ['us-east-1'] }, autoRemediation: { policies: POLICIES, apply: true } }));
  const { policy, partition } = inspect(j);
  const p = policy();
  t.same(sid(p, CLOUD_SCAN_SIDS.assumeOrgRemediation), {
    sid: CLOUD_SCAN_SIDS.assumeOrgRemediation,
    effect: 'Allow',
    actions: ['sts:AssumeRole'],
    resources: [`arn:${partition}:iam::*:role/PantherRemediationRole`],
    condition: [{ test: 'StringEquals', variable: 'aws:ResourceOrgID', values: ['o-abcdef1234'] }],
  });
  t.equal(sid(p, CLOUD_SCAN_SIDS.assumeRemediation), undefined, 'no listed account');
  // Its wildcard is the only one the allow-list may not hold yet (stacks/iam-allow-list.ts CLOUD_SECURITY_ORGANIZATION).
  const flagged = checkIamWildcards(j).map((v) => /Sid "(\w+)"/.exec(v)?.[1]);
  t.ok(flagged.every((s) => s === CLOUD_SCAN_SIDS.assumeOrgRemediation), flagged.join(', '));
});

t.test('ids outside the packaged pack and bad names are refused at synth', async (t) => {
  t.throws(() => synth(() => ({ autoRemediation: { policies: ['AWS.S3.Bucket.Versioning', 'AWS.Nope.Typo'], apply: false } })), /autoRemediation\.policies: not in the policy pack \(.*aws-policies\): AWS\.Nope\.Typo/);
  t.throws(() => synth(() => ({ autoRemediation: { policies: ['A,B'], apply: false } })), /autoRemediation\.policies: not a policy id: "A,B"/);
  t.throws(() => synth(() => ({ autoRemediation: { policies: POLICIES, apply: true, remediationRoleName: 'bad name' } })), /remediationRoleName "bad name": not an IAM role name/);
});
