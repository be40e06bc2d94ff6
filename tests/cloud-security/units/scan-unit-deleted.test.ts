// Scan units on AWS find the resources deleted since their last run (the compliance store's scope
// index) and drop their entries; a rescan reads only the resources it names.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { EmbeddedComplianceStore } from '../../../cloud-security/compliance/embedded-store.js';
import { wanted } from '../../../cloud-security/scanners/common.js';
import type { ResourceScanner, ResourceSnapshot, ScanContext, ScanProblem } from '../../../cloud-security/types.js';
import { runUnit, type UnitRunDeps } from '../../../cloud-security/units/scan-unit.js';
import { UnitStateStore } from '../../../cloud-security/units/state.js';
import type { ScanUnit } from '../../../cloud-security/units/unit.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { PolicyItem } from '../../../detections/analysis/spec.js';

const ACCOUNT = '111111111111';
const T0 = new Date('2026-03-01T10:00:00.000Z');
const loaded = await loadAnalysisDir(fileURLToPath(new URL('../fixtures/policies', import.meta.url)));
const policies = loaded.items.filter((i): i is PolicyItem => i.type === 'policy' && i.id === 'Test.Bucket.Versioning');

const bucket = (ctx: ScanContext, name: string): ResourceSnapshot => ({
  ResourceId: `arn:aws:s3:::${name}`, ResourceType: 'AWS.S3.Bucket', AccountId: ctx.accountId, Region: ctx.region, Name: name, ARN: `arn:aws:s3:::${name}`, Tags: {}, TimeCreated: null, Versioning: 'Enabled',
});

/** The buckets that exist now (mutable between runs), the listing problem to report, the contexts seen. */
interface World { buckets: string[]; problem?: ScanProblem; contexts: ScanContext[] }

function scannerOf(world: World): ResourceScanner {
  return {
    resourceType: 'AWS.S3.Bucket',
    async *scan(ctx) {
      world.contexts.push(ctx);
      if (world.problem !== undefined) ctx.problem(world.problem);
      for (const name of world.buckets) if (wanted(ctx, { id: `arn:aws:s3:::${name}`, arn: `arn:aws:s3:::${name}`, name })) yield bucket(ctx, name);
    },
  };
}

function setup(t: Test, world: World, over: Partial<UnitRunDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'panther-unit-deleted-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sts = mockClient(STSClient);
  t.teardown(() => sts.restore());
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(T0.getTime() + 3600_000 * 24 * 365 * 10) } });
  const compliance = new EmbeddedComplianceStore();
  const scanner = scannerOf(world);
  const deps: UnitRunDeps = {
    policies, compliance, states: new UnitStateStore(new DirDocumentStore(dir)), auditRoleName: 'PantherAuditRole', sts: new STSClient({ region: 'us-east-1' }),
    scannerFor: (type) => (type === scanner.resourceType ? scanner : undefined), clock: () => T0, ...over,
  };
  return { compliance, deps };
}

const unit: ScanUnit = { accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' };
const ids = async (c: EmbeddedComplianceStore): Promise<string[]> => (await c.list()).items.map((e) => e.resourceId).sort();

t.test('a full unit drops the entries of resources deleted since its last run, and only in its own region', async (t) => {
  const world: World = { buckets: ['a', 'b', 'c'], contexts: [] };
  const { compliance, deps } = setup(t, world);
  await runUnit(unit, deps);
  // The same account's buckets in another region are another unit's.
  await compliance.record([{ policyId: 'Test.Bucket.Versioning', resourceId: 'arn:aws:s3:::elsewhere', resourceType: 'AWS.S3.Bucket', accountId: ACCOUNT, region: 'us-east-1', status: 'PASS', severity: 'LOW', suppressed: false, lastUpdated: T0.toISOString() }]);
  world.buckets = ['a'];
  const r = await runUnit(unit, deps);
  t.same(r.pipeline?.removedResources.sort(), ['arn:aws:s3:::b', 'arn:aws:s3:::c']);
  t.same(await ids(compliance), ['arn:aws:s3:::a', 'arn:aws:s3:::elsewhere']);
});

t.test('a listing-level problem (a disabled region) or an ignored type removes nothing', async (t) => {
  const world: World = { buckets: ['a', 'b'], contexts: [] };
  const { compliance, deps } = setup(t, world);
  await runUnit(unit, deps);
  world.buckets = [];
  world.problem = { resourceType: 'AWS.S3.Bucket', region: 'eu-west-1', kind: 'region-disabled', message: 'region eu-west-1 is not enabled' };
  const r = await runUnit(unit, deps);
  t.same(r.pipeline?.removedResources, []);
  t.same(await ids(compliance), ['arn:aws:s3:::a', 'arn:aws:s3:::b']);

  world.problem = undefined;
  const ignored = await runUnit(unit, { ...deps, ignoreFor: () => ({ resourceTypes: ['AWS.S3.Bucket'] }) });
  t.same(ignored.pipeline?.removedResources ?? [], []);
  t.same(await ids(compliance), ['arn:aws:s3:::a', 'arn:aws:s3:::b']);
});

t.test('a resource with a problem of its own is kept', async (t) => {
  const world: World = { buckets: ['a', 'b'], contexts: [] };
  const { compliance, deps } = setup(t, world);
  await runUnit(unit, deps);
  world.buckets = ['a'];
  world.problem = { resourceType: 'AWS.S3.Bucket', region: 'eu-west-1', resourceId: 'arn:aws:s3:::b', kind: 'access-denied', message: 'GetBucketAcl: AccessDenied' };
  const r = await runUnit(unit, deps);
  t.same(r.pipeline?.removedResources, []);
  t.same(await ids(compliance), ['arn:aws:s3:::a', 'arn:aws:s3:::b']);
});

t.test('a rescan reads only the named resources and drops a named one that is gone, not the others', async (t) => {
  const world: World = { buckets: ['a', 'b', 'c'], contexts: [] };
  const { compliance, deps } = setup(t, world);
  await runUnit(unit, deps);
  world.buckets = ['a'];
  world.contexts = [];
  const r = await runUnit({ ...unit, resources: ['a', 'arn:aws:s3:::b'] }, deps);
  t.same(world.contexts.map((c) => c.only), [['a', 'arn:aws:s3:::b']], 'the scanner was told which resources to read');
  t.same(r.pipeline?.removedResources, ['arn:aws:s3:::b'], 'b was named and is gone; c was not named');
  t.same(await ids(compliance), ['arn:aws:s3:::a', 'arn:aws:s3:::c']);
});
