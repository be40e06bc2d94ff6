// Policy evaluation over snapshots: PASS/FAIL/ERROR per (policy, resource), the time limit, spec
// suppressions, resource-type routing, and the built-in pack on scanner-shaped resources.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import { TsWorkerPool } from '../../detections/engine/ts-worker-pool.js';
import { appliesTo, evaluatePolicies, evaluatePolicyResults, loadPolicies } from '../../cloud-security/evaluate.js';
import type { ResourceSnapshot } from '../../cloud-security/types.js';

const DIR = fileURLToPath(new URL('./fixtures/policies', import.meta.url));
const NOW = new Date('2026-03-01T10:00:00.000Z');

function res(type: string, id: string, extra: Record<string, unknown> = {}): ResourceSnapshot {
  return { ResourceId: id, ResourceType: type, AccountId: '123456789012', Region: 'us-east-1', Name: id.split(':').pop() ?? null, ARN: id, Tags: {}, TimeCreated: null, ...extra };
}

const resources = [
  res('AWS.S3.Bucket', 'arn:aws:s3:::good', { Versioning: 'Enabled', Tags: { owner: 'a' } }),
  res('AWS.S3.Bucket', 'arn:aws:s3:::bad', { Versioning: null }),
  res('AWS.S3.Bucket', 'arn:aws:s3:::ignored-tmp', { Versioning: 'Suspended' }),
  res('AWS.SQS.Queue', 'arn:aws:sqs:us-east-1:123456789012:jobs'),
];

async function policies(): Promise<PolicyItem[]> {
  const loaded = await loadAnalysisDir(DIR);
  t.same(loaded.errors, []);
  return loaded.items.filter((i): i is PolicyItem => i.type === 'policy');
}

t.test('statuses, errors, time limit, suppressions and routing', async (t) => {
  const entries = await evaluatePolicies(resources, await policies(), { now: NOW, timeLimitMs: 200 });
  const rows = entries.map((e) => [e.policyId, e.resourceId.split(/[:]/).pop(), e.status, e.suppressed]).sort((a, b) => String(a).localeCompare(String(b)));
  t.same(rows, [
    ['Test.Any.OwnerTag', 'bad', 'FAIL', false],
    ['Test.Any.OwnerTag', 'good', 'PASS', false],
    ['Test.Any.OwnerTag', 'ignored-tmp', 'FAIL', false],
    ['Test.Any.OwnerTag', 'jobs', 'FAIL', false],
    ['Test.Bucket.Throws', 'bad', 'ERROR', false],
    ['Test.Bucket.Throws', 'good', 'ERROR', false],
    ['Test.Bucket.Throws', 'ignored-tmp', 'ERROR', false],
    ['Test.Bucket.Versioning', 'bad', 'FAIL', false],
    ['Test.Bucket.Versioning', 'good', 'PASS', false],
    ['Test.Bucket.Versioning', 'ignored-tmp', 'FAIL', true],
    ['Test.Queue.BadReturn', 'jobs', 'ERROR', false],
    ['Test.Queue.Slow', 'jobs', 'ERROR', false],
  ], 'disabled policies do not run; untyped policies run on every type');
  const by = (p: string, r: string) => entries.find((e) => e.policyId === p && e.resourceId.endsWith(r));
  t.match(by('Test.Bucket.Throws', 'good')?.errorMessage, /^policy: TypeError: Cannot read properties of undefined/);
  t.match(by('Test.Queue.Slow', 'jobs')?.errorMessage, /^policy: TimeoutError: policy\(\) exceeded the time limit of 200 ms/);
  t.match(by('Test.Queue.BadReturn', 'jobs')?.errorMessage, /^policy: .*str.*bool/);
  t.same(by('Test.Bucket.Versioning', 'bad'), {
    policyId: 'Test.Bucket.Versioning',
    resourceId: 'arn:aws:s3:::bad',
    resourceType: 'AWS.S3.Bucket',
    accountId: '123456789012',
    region: 'us-east-1',
    severity: 'MEDIUM',
    suppressed: false,
    lastUpdated: NOW.toISOString(),
    status: 'FAIL',
  });
});

t.test('a failing pair carries the normalized match (title from title())', async (t) => {
  const { evaluations, loadErrors } = await evaluatePolicyResults(resources.slice(0, 2), await policies(), { now: NOW });
  t.same(loadErrors, []);
  const fail = evaluations.find((e) => e.entry.policyId === 'Test.Bucket.Versioning' && e.entry.status === 'FAIL');
  t.equal(fail?.match?.title, 'bucket arn:aws:s3:::bad is not versioned');
  t.equal(fail?.match?.logType, 'AWS.S3.Bucket');
  t.equal(evaluations.find((e) => e.entry.status === 'PASS')?.match, undefined);
});

t.test('in a worker pool, a synchronous infinite loop is stopped', async (t) => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'policies-'));
  writeFileSync(join(dir, 'loop.ts'), 'export function policy(): boolean { for (;;) { /* spin */ } }\n');
  writeFileSync(join(dir, 'loop.yml'), 'AnalysisType: policy\nFilename: loop.ts\nPolicyID: Test.Loop\nEnabled: true\nSeverity: Low\nResourceTypes: [AWS.SQS.Queue]\n');
  const loaded = await loadAnalysisDir(dir);
  const pool = new TsWorkerPool({ size: 1, timeLimitMs: 300 });
  t.teardown(() => pool.close());
  const entries = await evaluatePolicies(resources, loaded.items.filter((i): i is PolicyItem => i.type === 'policy'), { pool, timeLimitMs: 300 });
  t.equal(entries.length, 1);
  t.equal(entries[0]?.status, 'ERROR');
  t.match(entries[0]?.errorMessage, /^policy: .*(time limit|Timeout)/i);
});

t.test('a policy whose body cannot load gives ERROR entries and a load error', async (t) => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'policies-'));
  writeFileSync(join(dir, 'broken.ts'), 'import "./does-not-exist.js";\nexport function policy(): boolean { return true; }\n');
  writeFileSync(join(dir, 'broken.yml'), 'AnalysisType: policy\nFilename: broken.ts\nPolicyID: Test.Broken\nEnabled: true\nSeverity: Low\nResourceTypes: [AWS.SQS.Queue]\n');
  const loaded = await loadAnalysisDir(dir);
  const { evaluations, loadErrors } = await evaluatePolicyResults(resources, loaded.items.filter((i): i is PolicyItem => i.type === 'policy'));
  t.equal(loadErrors.length, 1);
  t.match(loadErrors[0], /^Test\.Broken: /);
  t.same(evaluations.map((e) => e.entry.status), ['ERROR']);
});

t.test('the built-in pack on scanner-shaped resources', async (t) => {
  const { policies: pack, errors } = await loadPolicies();
  t.same(errors, []);
  t.ok(pack.length >= 60);
  t.ok(pack.every((p) => (p.spec.ResourceTypes ?? []).length > 0));
  const bucket = res('AWS.S3.Bucket', 'arn:aws:s3:::open-123456789012', {
    Versioning: null, MFADelete: null, LoggingPolicy: null, EncryptionRules: null, Policy: null, PublicAccessBlockConfiguration: null, LifecycleRules: null, ObjectLockConfiguration: null,
    Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }], Owner: { ID: 'abc' },
  });
  const entries = await evaluatePolicies([bucket], pack.filter((p) => appliesTo(p, 'AWS.S3.Bucket')), { now: NOW });
  const status = Object.fromEntries(entries.map((e) => [e.policyId, e.status]));
  t.equal(status['AWS.S3.Bucket.Versioning'], 'FAIL');
  t.equal(status['AWS.S3.Bucket.NoPublicACL'], 'FAIL');
  t.equal(status['AWS.S3.Bucket.BlockPublicAccess'], 'FAIL');
  t.same(entries.filter((e) => e.status === 'ERROR').map((e) => `${e.policyId}: ${e.errorMessage}`), [], 'no policy errors on a scanner-shaped bucket');
});
