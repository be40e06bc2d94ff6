// Opt-in automatic remediation: only new failures of opted-in policies with a remediation, dry
// runs unless apply, each result reported (with a fake remediation: nothing reaches AWS).
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import { autoRemediate, type NewFailure } from '../../cloud-security/auto-remediate.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import { scanAndEvaluate } from '../../cloud-security/pipeline.js';
import type { AppliedResult, PlannedCall, Remediation, RemediationContext } from '../../cloud-security/remediations/types.js';
import type { ResourceSnapshot } from '../../cloud-security/types.js';

const DIR = fileURLToPath(new URL('./fixtures/policies', import.meta.url));
const loaded = await loadAnalysisDir(DIR);
const policies = loaded.items.filter((i): i is PolicyItem => i.type === 'policy' && ['Test.Bucket.Versioning', 'Test.Any.OwnerTag'].includes(i.id));
const T0 = new Date('2026-03-01T10:00:00.000Z');
const CTX: RemediationContext = { clientConfig: { region: 'us-east-1' } };

const bucket = (name: string, versioning: string | null, tags: Record<string, string> = { owner: 'x' }): ResourceSnapshot => ({
  ResourceId: `arn:aws:s3:::${name}`, ResourceType: 'AWS.S3.Bucket', AccountId: '123456789012', Region: 'us-east-1', Name: name, ARN: `arn:aws:s3:::${name}`, Tags: tags, TimeCreated: null, Versioning: versioning,
});

/** A remediation that records what it was asked to send; `fail-*` buckets fail their first call. */
function fakeRemediation(): Remediation & { sent: Array<{ resourceId: string; params: unknown }> } {
  const sent: Array<{ resourceId: string; params: unknown }> = [];
  const parameters = z.object({ mfaDelete: z.boolean().default(false) });
  const plan = (r: ResourceSnapshot, params: unknown = {}): PlannedCall[] => {
    if (r.ResourceType !== 'AWS.S3.Bucket') throw new Error(`Fake.Fix applies to AWS.S3.Bucket, not ${r.ResourceType}`);
    const p = parameters.parse(params ?? {});
    if (r.Versioning === 'Enabled') return [];
    return [
      { service: 's3', operation: 'PutBucketVersioning', input: { Bucket: r.Name, MFADelete: p.mfaDelete } },
      { service: 's3', operation: 'GetBucketVersioning', input: { Bucket: r.Name } },
    ];
  };
  return {
    id: 'Fake.Fix',
    resourceTypes: ['AWS.S3.Bucket'],
    description: 'fake',
    parameters,
    plan,
    sent,
    async apply(_ctx, r, params): Promise<AppliedResult> {
      sent.push({ resourceId: r.ResourceId, params });
      const calls = plan(r, params);
      const base = { remediationId: 'Fake.Fix', resourceId: r.ResourceId };
      if (calls.length === 0) return { ...base, status: 'already-compliant', calls: [], skipped: [] };
      if (String(r.Name).startsWith('fail-')) {
        return { ...base, status: 'failed', calls: [{ call: calls[0] as PlannedCall, ok: false, error: 'AccessDenied: no', errorKind: 'access-denied' }], skipped: calls.slice(1) };
      }
      return { ...base, status: 'applied', calls: calls.map((call) => ({ call, ok: true })), skipped: [] };
    },
  };
}

t.test('dry run by default: planned calls, nothing sent; only opted-in policies with a remediation', async (t) => {
  const fake = fakeRemediation();
  const failures: NewFailure[] = [
    { policyId: 'Opted', resource: bucket('b', null) },
    { policyId: 'NotOpted', resource: bucket('c', null) },
    { policyId: 'OptedNoRemediation', resource: bucket('d', null) },
    { policyId: 'Opted', resource: { ...bucket('e', null), ResourceType: 'AWS.EC2.Volume' } },
  ];
  const results = await autoRemediate(failures, {
    policies: new Set(['Opted', 'OptedNoRemediation']),
    remediationFor: (id) => (id === 'OptedNoRemediation' ? undefined : fake),
  });
  t.same(results, [
    {
      policyId: 'Opted',
      resourceId: 'arn:aws:s3:::b',
      remediationId: 'Fake.Fix',
      dryRun: true,
      applied: false,
      calls: [
        { service: 's3', operation: 'PutBucketVersioning', input: { Bucket: 'b', MFADelete: false } },
        { service: 's3', operation: 'GetBucketVersioning', input: { Bucket: 'b' } },
      ],
    },
    { policyId: 'Opted', resourceId: 'arn:aws:s3:::e', remediationId: 'Fake.Fix', dryRun: true, applied: false, calls: [], error: 'Fake.Fix applies to AWS.S3.Bucket, not AWS.EC2.Volume' },
  ]);
  t.same(fake.sent, [], 'a dry run sends nothing');
});

t.test('apply: calls sent with their outcome; failures reported, not thrown; the spec parameters used', async (t) => {
  const fake = fakeRemediation();
  const policy = { ...policies[0], spec: { ...(policies[0] as PolicyItem).spec, AutoRemediationParameters: { mfaDelete: true } } } as PolicyItem;
  const results = await autoRemediate(
    [
      { policyId: 'P', policy, resource: bucket('ok', null) },
      { policyId: 'P', resource: bucket('fail-1', null) },
      { policyId: 'P', resource: bucket('done', 'Enabled') },
    ],
    { policies: new Set(['P']), apply: true, context: CTX, remediationFor: () => fake },
  );
  t.same(fake.sent, [
    { resourceId: 'arn:aws:s3:::ok', params: { mfaDelete: true } },
    { resourceId: 'arn:aws:s3:::fail-1', params: {} },
    { resourceId: 'arn:aws:s3:::done', params: {} },
  ]);
  t.same(results.map((r) => [r.resourceId, r.applied, r.dryRun, r.error]), [
    ['arn:aws:s3:::ok', true, false, undefined],
    ['arn:aws:s3:::fail-1', false, false, 'AccessDenied: no'],
    ['arn:aws:s3:::done', false, false, undefined],
  ]);
  t.same(results[0]?.calls.map((c) => [c.operation, c.ok, c.input.MFADelete]), [['PutBucketVersioning', true, true], ['GetBucketVersioning', true, undefined]]);
  t.same(results[1]?.calls.map((c) => [c.operation, c.ok, c.error]), [
    ['PutBucketVersioning', false, 'AccessDenied: no'],
    ['GetBucketVersioning', false, 'not sent: an earlier call failed'],
  ]);
  t.same(results[2]?.calls, [], 'already compliant: nothing sent');
  await t.rejects(autoRemediate([], { policies: new Set(['P']), apply: true }), /apply needs a remediation context/);
});

t.test('a remediation that throws is reported for its resource; the others still run', async (t) => {
  const fake = fakeRemediation();
  const broken: Remediation = { ...fake, id: 'Broken', apply: () => Promise.reject(new Error('boom')) };
  const results = await autoRemediate(
    [
      { policyId: 'B', resource: bucket('x', null) },
      { policyId: 'F', resource: bucket('y', null) },
    ],
    { policies: new Set(['B', 'F']), apply: true, context: CTX, remediationFor: (id) => (id === 'B' ? broken : fake) },
  );
  t.same(results.map((r) => [r.remediationId, r.applied, r.error]), [['Broken', false, 'boom'], ['Fake.Fix', true, undefined]]);
});

t.test('the pipeline remediates each new failure of an opted-in policy once; suppressed and repeated ones are left', async (t) => {
  const fake = fakeRemediation();
  const compliance = new EmbeddedComplianceStore();
  // Test.Bucket.Versioning fails b and ignored-c (suppressed by the spec); Test.Any.OwnerTag fails d (not opted in).
  const snaps = [bucket('a', 'Enabled'), bucket('b', null), bucket('ignored-c', null), bucket('d', 'Enabled', {})];
  const auto = { policies: new Set(['Test.Bucket.Versioning']), apply: true, context: CTX, remediationFor: () => fake };
  const first = await scanAndEvaluate({ snapshots: snaps, policies, compliance, now: T0, autoRemediate: auto });
  t.equal(first.counts.fail, 2, 'b and d fail');
  t.same(first.remediations.map((r) => [r.policyId, r.resourceId, r.applied]), [['Test.Bucket.Versioning', 'arn:aws:s3:::b', true]]);
  t.same(fake.sent.map((s) => s.resourceId), ['arn:aws:s3:::b']);

  const again = await scanAndEvaluate({ snapshots: snaps, policies, compliance, now: new Date(T0.getTime() + 60_000), autoRemediate: auto });
  t.same(again.remediations, [], 'still failing: not a new failure');
  t.equal(fake.sent.length, 1);

  const without = await scanAndEvaluate({ snapshots: [bucket('z', null)], policies, compliance: new EmbeddedComplianceStore(), now: T0 });
  t.same(without.remediations, [], 'not opted in: nothing runs');

  const untouched = new EmbeddedComplianceStore();
  await t.rejects(scanAndEvaluate({ snapshots: snaps, policies, compliance: untouched, now: T0, autoRemediate: { policies: new Set(['Test.Bucket.Versioning']), apply: true } }), /apply needs a remediation context/);
  t.equal((await untouched.list({})).items.length, 0, 'refused before anything was recorded');
});
