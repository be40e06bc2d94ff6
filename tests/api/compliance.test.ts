import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import type { ProblemError } from '../../api/http.js';
import { complianceRoutes, type ComplianceDeps } from '../../api/routes/compliance.js';
import { cachedPolicies, remediationContextFromAccounts } from '../../api/services/compliance.js';
import { ACCOUNTS_COLLECTION } from '../../api/services/accounts.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import type { ComplianceEntry } from '../../cloud-security/compliance/types.js';
import { loadPolicies } from '../../cloud-security/evaluate.js';
import type { ResourceSnapshot } from '../../cloud-security/types.js';
import { call, mountApp } from './fixtures/app.js';

const policies = cachedPolicies(async () => (await loadPolicies()).policies);
const NOW = new Date('2026-03-01T12:00:00.000Z');
const A = '123456789012';
const B = '210987654321';
const PUBLIC = 'arn:aws:s3:::public-bucket';
const PRIVATE = 'arn:aws:s3:::private-bucket';
const SG = `arn:aws:ec2:eu-west-1:${B}:security-group/sg-0123456789abcdef0`;

function entry(policyId: string, resourceId: string, status: ComplianceEntry['status'], over: Partial<ComplianceEntry> = {}): ComplianceEntry {
  const s3 = resourceId.startsWith('arn:aws:s3');
  return {
    policyId,
    resourceId,
    resourceType: s3 ? 'AWS.S3.Bucket' : 'AWS.EC2.SecurityGroup',
    accountId: s3 ? A : B,
    region: s3 ? 'us-east-1' : 'eu-west-1',
    status,
    severity: policyId.includes('Versioning') ? 'LOW' : 'HIGH',
    suppressed: false,
    lastUpdated: '2026-03-01T11:00:00.000Z',
    ...(status === 'ERROR' ? { errorMessage: "policy: TypeError: cannot read 'Status'" } : {}),
    ...over,
  };
}

function bucket(name: string, pab: Record<string, boolean> | null): ResourceSnapshot {
  return { ResourceId: `arn:aws:s3:::${name}`, ResourceType: 'AWS.S3.Bucket', AccountId: A, Region: 'us-east-1', Name: name, ARN: `arn:aws:s3:::${name}`, Tags: {}, TimeCreated: null, PublicAccessBlockConfiguration: pab };
}
const snapshots = new Map([
  [PUBLIC, bucket('public-bucket', null)],
  [PRIVATE, bucket('private-bucket', { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true })],
]);

async function setup(over: Partial<ComplianceDeps> = {}) {
  const store = new EmbeddedComplianceStore();
  await store.record([
    entry('AWS.S3.Bucket.BlockPublicAccess', PUBLIC, 'FAIL'),
    entry('AWS.S3.Bucket.BlockPublicAccess', PRIVATE, 'PASS'),
    entry('AWS.S3.Bucket.Versioning', PUBLIC, 'FAIL'),
    entry('AWS.S3.Bucket.Versioning', PRIVATE, 'ERROR'),
    entry('AWS.EC2.SecurityGroup.NoWorldSSH', SG, 'FAIL'),
    entry('AWS.EC2.SecurityGroup.NoWorldRDP', SG, 'PASS'),
  ]);
  const deps: ComplianceDeps = { store, policies, resource: async (id) => snapshots.get(id), now: () => NOW, ...over };
  return { store, app: mountApp(complianceRoutes(deps)) };
}

t.test('401 without a valid token', async (t) => {
  const { app } = await setup();
  for (const [method, path] of [
    ['GET', '/api/compliance/overview'],
    ['GET', '/api/compliance/policies'],
    ['POST', '/api/compliance/remediate'],
  ] as const) {
    const r = await call(app, method, path, method === 'POST' ? { policyId: 'x', resourceId: 'y' } : undefined, { token: null });
    t.equal(r.status, 401, path);
    t.match(r.type, 'application/problem+json');
  }
});

t.test('overview: the store counts', async (t) => {
  const { app } = await setup();
  const r = await call(app, 'GET', '/api/compliance/overview');
  t.equal(r.status, 200);
  t.same(r.body.totals, { pass: 2, fail: 3, error: 1 });
  t.same(r.body.bySeverity.HIGH, { pass: 2, fail: 2, error: 0 });
  t.same(r.body.byAccount, [
    { accountId: A, pass: 1, fail: 2, error: 1 },
    { accountId: B, pass: 1, fail: 1, error: 0 },
  ]);
});

t.test('policies: every pack policy with its counts and remediation', async (t) => {
  const { app } = await setup();
  const r = await call(app, 'GET', '/api/compliance/policies');
  t.equal(r.status, 200);
  t.equal(r.body.items.length, 74);
  const ids = r.body.items.map((p: { policyId: string }) => p.policyId);
  t.same(ids, [...ids].sort(), 'ordered by id');
  const bpa = r.body.items.find((p: { policyId: string }) => p.policyId === 'AWS.S3.Bucket.BlockPublicAccess');
  t.match(bpa, {
    policyId: 'AWS.S3.Bucket.BlockPublicAccess',
    displayName: 'S3 Bucket Blocks Public Access',
    severity: 'HIGH',
    resourceTypes: ['AWS.S3.Bucket'],
    enabled: true,
    pass: 1,
    fail: 1,
    error: 0,
    remediationId: 'AWS.S3.BlockBucketPublicAccess',
  });
  const unscanned = r.body.items.find((p: { policyId: string }) => p.policyId === 'AWS.KMS.Key.RotationEnabled');
  t.same([unscanned.pass, unscanned.fail, unscanned.error], [0, 0, 0]);
  const noFix = r.body.items.find((p: { policyId: string }) => p.policyId === 'AWS.IAM.User.HasGroup');
  t.equal(noFix.remediationId, undefined);
});

t.test('one policy: its entries, filtered by status, paged', async (t) => {
  const { app } = await setup();
  const all = await call(app, 'GET', '/api/compliance/policies/AWS.S3.Bucket.Versioning');
  t.equal(all.status, 200);
  t.equal(all.body.policy.policyId, 'AWS.S3.Bucket.Versioning');
  t.equal(all.body.policy.severity, 'LOW');
  t.same(all.body.items.map((e: ComplianceEntry) => [e.resourceId, e.status]), [
    [PRIVATE, 'ERROR'],
    [PUBLIC, 'FAIL'],
  ]);
  t.equal(all.body.items[0].errorMessage, "policy: TypeError: cannot read 'Status'");
  t.equal(all.body.next, undefined);
  const failing = await call(app, 'GET', '/api/compliance/policies/AWS.S3.Bucket.Versioning?status=FAIL');
  t.same(failing.body.items.map((e: ComplianceEntry) => e.resourceId), [PUBLIC]);
  const first = await call(app, 'GET', '/api/compliance/policies/AWS.S3.Bucket.Versioning?limit=1');
  t.same(first.body.items.map((e: ComplianceEntry) => e.resourceId), [PRIVATE]);
  t.type(first.body.next, 'string');
  const second = await call(app, 'GET', `/api/compliance/policies/AWS.S3.Bucket.Versioning?limit=1&cursor=${encodeURIComponent(first.body.next)}`);
  t.same(second.body.items.map((e: ComplianceEntry) => e.resourceId), [PUBLIC]);
  t.equal(second.body.next, undefined);
  const unknown = await call(app, 'GET', '/api/compliance/policies/No.Such.Policy');
  t.equal(unknown.status, 404);
  t.equal(unknown.body.detail, 'policy No.Such.Policy not found');
});

t.test('resources: grouped with counts, filtered, paged; one resource by its encoded ARN', async (t) => {
  const { app } = await setup();
  const all = await call(app, 'GET', '/api/compliance/resources');
  t.same(all.body, {
    items: [
      { resourceId: SG, resourceType: 'AWS.EC2.SecurityGroup', accountId: B, region: 'eu-west-1', pass: 1, fail: 1, error: 0 },
      { resourceId: PRIVATE, resourceType: 'AWS.S3.Bucket', accountId: A, region: 'us-east-1', pass: 1, fail: 0, error: 1 },
      { resourceId: PUBLIC, resourceType: 'AWS.S3.Bucket', accountId: A, region: 'us-east-1', pass: 0, fail: 2, error: 0 },
    ],
  });
  const failingS3 = await call(app, 'GET', '/api/compliance/resources?resourceType=AWS.S3.Bucket&status=FAIL');
  t.same(failingS3.body.items.map((r: { resourceId: string }) => r.resourceId), [PUBLIC]);
  const inB = await call(app, 'GET', `/api/compliance/resources?accountId=${B}`);
  t.same(inB.body.items.map((r: { resourceId: string }) => r.resourceId), [SG]);
  const p1 = await call(app, 'GET', '/api/compliance/resources?limit=2');
  t.equal(p1.body.items.length, 2);
  const p2 = await call(app, 'GET', `/api/compliance/resources?limit=2&cursor=${p1.body.next}`);
  t.same(p2.body.items.map((r: { resourceId: string }) => r.resourceId), [PUBLIC]);
  t.equal(p2.body.next, undefined);

  const one = await call(app, 'GET', `/api/compliance/resources/${encodeURIComponent(SG)}`);
  t.equal(one.status, 200);
  t.equal(one.body.resourceId, SG);
  t.same(one.body.items.map((e: ComplianceEntry) => [e.policyId, e.status]), [
    ['AWS.EC2.SecurityGroup.NoWorldRDP', 'PASS'],
    ['AWS.EC2.SecurityGroup.NoWorldSSH', 'FAIL'],
  ]);
  const raw = await call(app, 'GET', `/api/compliance/resources/${SG}`);
  t.equal(raw.body.resourceId, SG, 'an unencoded / works too');
  t.equal((await call(app, 'GET', `/api/compliance/resources/${encodeURIComponent('arn:aws:s3:::nope')}`)).status, 404);
});

t.test('invalid queries and bodies are 400 problems naming the field', async (t) => {
  const { app } = await setup();
  const cases: Array<[string, string, unknown, string]> = [
    ['GET', '/api/compliance/resources?status=BROKEN', undefined, 'query.status'],
    ['GET', '/api/compliance/resources?limit=0', undefined, 'query.limit'],
    ['GET', '/api/compliance/resources?accountId=12', undefined, 'query.accountId'],
    ['GET', '/api/compliance/resources?colour=red', undefined, 'query'],
    ['GET', '/api/compliance/resources?cursor=garbage', undefined, 'query.cursor'],
    ['GET', '/api/compliance/policies/AWS.S3.Bucket.Versioning?cursor=garbage', undefined, 'query.cursor'],
    ['GET', '/api/compliance/policies/AWS.S3.Bucket.Versioning?limit=x', undefined, 'query.limit'],
    ['POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess' }, 'body.resourceId'],
    ['POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess', resourceId: PUBLIC, dryRun: 'no' }, 'body.dryRun'],
    ['POST', '/api/compliance/suppress', { policyId: 'AWS.S3.Bucket.Versioning', resourcePattern: '' }, 'body.resourcePattern'],
    ['POST', '/api/compliance/suppress', { policyId: 'AWS.S3.Bucket.Versioning', resourcePattern: 'x', until: 'never' }, 'body'],
  ];
  for (const [method, path, body, field] of cases) {
    const r = await call(app, method, path, body);
    t.equal(r.status, 400, `${method} ${path}`);
    t.match(r.type, 'application/problem+json');
    t.ok(r.body.errors?.some((e: { path: string }) => e.path === field), `${path} names ${field}: ${JSON.stringify(r.body.errors)}`);
  }
});

t.test('remediate: a dry run by default, sending nothing', async (t) => {
  const s3 = mockClient(S3Client);
  t.teardown(() => s3.restore());
  const { app } = await setup();
  const r = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess', resourceId: PUBLIC });
  t.equal(r.status, 200);
  t.same(r.body, {
    remediation: 'AWS.S3.BlockBucketPublicAccess',
    dryRun: true,
    plan: ['s3:PutPublicAccessBlock {"Bucket":"public-bucket","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}'],
    applied: false,
  });
  const compliant = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess', resourceId: PRIVATE, dryRun: true });
  t.same(compliant.body.plan, [], 'already compliant: nothing to send');
  const wrongType = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.KMS.Key.RotationEnabled', resourceId: PUBLIC });
  t.equal(wrongType.body.applied, false);
  t.match(wrongType.body.error, 'applies to AWS.KMS.Key, not AWS.S3.Bucket');
  t.equal(s3.calls().length, 0, 'a dry run sends nothing');

  const noRemediation = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.IAM.User.HasGroup', resourceId: PUBLIC });
  t.equal(noRemediation.status, 404);
  t.equal(noRemediation.body.detail, 'no remediation for policy AWS.IAM.User.HasGroup');
  const noResource = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess', resourceId: 'arn:aws:s3:::gone' });
  t.equal(noResource.status, 404);
  t.equal(noResource.body.detail, 'resource arn:aws:s3:::gone not found in the latest scan');
  const notConfigured = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess', resourceId: PUBLIC, dryRun: false });
  t.equal(notConfigured.status, 501, 'apply needs a remediation context');
});

t.test('remediate with dryRun false sends the planned calls and reports failures', async (t) => {
  const s3 = mockClient(S3Client);
  t.teardown(() => s3.restore());
  s3.on(PutPublicAccessBlockCommand).resolvesOnce({}).rejectsOnce(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
  const contexts: string[] = [];
  const { app } = await setup({
    remediationContext: async (r) => {
      contexts.push(r.ResourceId);
      return { clientConfig: { region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 } };
    },
  });
  const ok = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess', resourceId: PUBLIC, dryRun: false });
  t.equal(ok.status, 200);
  t.same(ok.body, {
    remediation: 'AWS.S3.BlockBucketPublicAccess',
    dryRun: false,
    plan: ['s3:PutPublicAccessBlock {"Bucket":"public-bucket","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}'],
    applied: true,
  });
  t.same(s3.commandCalls(PutPublicAccessBlockCommand)[0]?.args[0].input, {
    Bucket: 'public-bucket',
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  });
  t.same(contexts, [PUBLIC]);
  const denied = await call(app, 'POST', '/api/compliance/remediate', { policyId: 'AWS.S3.Bucket.BlockPublicAccess', resourceId: PUBLIC, dryRun: false });
  t.equal(denied.body.applied, false);
  t.match(denied.body.error, /^s3:PutPublicAccessBlock .*AccessDenied: Access Denied/);
});

t.test('remediation credentials: the onboarded account remediation role, with its external id', async (t) => {
  const sts = mockClient(STSClient);
  t.teardown(() => sts.restore());
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) } });
  const documents = new DirDocumentStore(mkdtempSync(join(tmpdir(), 'remediation-')));
  const accounts = documents.collection(ACCOUNTS_COLLECTION);
  await accounts.put(A, { accountId: A, label: 'Prod', auditRoleArn: `arn:aws:iam::${A}:role/audit`, externalId: 'ext-1', remediationRoleArn: `arn:aws:iam::${A}:role/fix` });
  await accounts.put(B, { accountId: B, label: 'Dev', auditRoleArn: `arn:aws:iam::${B}:role/audit` });
  const contextFor = remediationContextFromAccounts(documents);
  const ctx = await contextFor(snapshots.get(PUBLIC)!);
  t.equal(ctx.clientConfig.region, 'us-east-1');
  const creds = await (ctx.clientConfig.credentials as () => Promise<{ accessKeyId: string }>)();
  t.equal(creds.accessKeyId, 'ASIAEXAMPLE');
  t.match(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input, { RoleArn: `arn:aws:iam::${A}:role/fix`, ExternalId: 'ext-1', RoleSessionName: 'panther-remediation' });
  const failure = async (accountId: string) => {
    const err = (await contextFor({ ...snapshots.get(PUBLIC)!, AccountId: accountId }).then(() => undefined, (e: unknown) => e)) as ProblemError | undefined;
    return [err?.status, err?.detail];
  };
  t.same(await failure(B), [409, `account ${B} has no remediation role (remediationRoleArn)`]);
  t.same(await failure('999999999999'), [409, 'account 999999999999 is not onboarded']);
});

t.test('suppress: stored with who and when; the entry then counts as passing', async (t) => {
  const { app, store } = await setup();
  const r = await call(app, 'POST', '/api/compliance/suppress', { policyId: 'AWS.S3.Bucket.Versioning', resourcePattern: 'arn:aws:s3:::public-*', reason: 'scratch buckets' });
  t.equal(r.status, 201);
  t.same(r.body, { policyId: 'AWS.S3.Bucket.Versioning', resourcePattern: 'arn:aws:s3:::public-*', reason: 'scratch buckets', createdBy: 'local', createdAt: NOW.toISOString() });
  t.same(await store.suppressions('AWS.S3.Bucket.Versioning'), [r.body]);
  const unknown = await call(app, 'POST', '/api/compliance/suppress', { policyId: 'No.Such.Policy', resourcePattern: '*' });
  t.equal(unknown.status, 404);
});
