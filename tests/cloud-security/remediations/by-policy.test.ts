// The policy -> remediation mapping: every mapped policy exists in the pack, every remediation
// exists and applies to the policy's resource types, and on the fixture each mapping plans calls
// for a failing resource (and none for a passing one where the remediation is a pure fix).
import t from 'tap';
import { loadPolicies } from '../../../cloud-security/evaluate.js';
import { REMEDIATION_FOR_POLICY, remediationForPolicy } from '../../../cloud-security/remediations/by-policy.js';
import { remediations } from '../../../cloud-security/remediations/index.js';
import { EmbeddedComplianceStore } from '../../../cloud-security/compliance/embedded-store.js';
import { evaluatePolicies } from '../../../cloud-security/evaluate.js';
import { loadFixture } from '../../../cloud-security/fixture.js';

const { policies } = await loadPolicies();

t.test('mapped policies and remediations exist and agree on resource types', async (t) => {
  for (const [policyId, remediationId] of Object.entries(REMEDIATION_FOR_POLICY)) {
    const policy = policies.find((p) => p.id === policyId);
    const remediation = remediations.get(remediationId);
    t.ok(policy, `${policyId} is in the pack`);
    t.ok(remediation, `${remediationId} exists`);
    t.same((policy?.spec.ResourceTypes ?? []).filter((rt) => !remediation?.resourceTypes.includes(rt)), [], `${remediationId} applies to ${policyId}'s types`);
  }
  t.ok(Object.keys(REMEDIATION_FOR_POLICY).length >= 20);
  t.ok(new Set(Object.values(REMEDIATION_FOR_POLICY)).size >= 18, 'most remediations are reachable from a policy');
  t.equal(remediationForPolicy('AWS.SQS.Queue.Encrypted'), undefined);
  t.equal(remediationForPolicy('AWS.S3.Bucket.Versioning')?.id, 'AWS.S3.EnableBucketVersioning');
  const withSpec = { ...policies[0], spec: { ...policies[0]?.spec, AutoRemediationID: 'AWS.KMS.EnableKeyRotation' } } as (typeof policies)[number];
  t.equal(remediationForPolicy('anything', withSpec)?.id, 'AWS.KMS.EnableKeyRotation', "the spec's AutoRemediationID wins");
});

t.test('on the fixture, failing resources get a plan', async (t) => {
  const snaps = await loadFixture();
  const store = new EmbeddedComplianceStore();
  await store.record(await evaluatePolicies(snaps, policies.filter((p) => p.id in REMEDIATION_FOR_POLICY)));
  // Remediations whose plan needs parameters or a prepare() read are planned with what they need elsewhere.
  const needsMore = new Set(['AWS.S3.EnableBucketLogging', 'AWS.IAM.DeactivateUnusedAccessKeys', 'AWS.CloudTrail.CreateTrail', 'AWS.EC2.EnableVPCFlowLogs']);
  let planned = 0;
  for (const [policyId, remediationId] of Object.entries(REMEDIATION_FOR_POLICY)) {
    if (needsMore.has(remediationId)) continue;
    const { items } = await store.list({ policyId, status: 'FAIL' });
    const failing = items[0];
    if (failing === undefined) continue;
    const resource = snaps.find((s) => s.ResourceId === failing.resourceId);
    const calls = remediations.get(remediationId)?.plan(resource as (typeof snaps)[number]) ?? [];
    t.ok(calls.length > 0, `${remediationId} plans calls for ${failing.resourceId} failing ${policyId}`);
    planned++;
  }
  t.ok(planned >= 12, `${planned} mappings planned on failing fixture resources`);
});
