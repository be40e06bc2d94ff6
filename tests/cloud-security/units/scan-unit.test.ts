// One unit end to end: the audit role assumed with the ExternalId (STS request shape), the unit's
// scanner in its region, the rescan filter, compliance and policy alerts, and the unit's state.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { EmbeddedComplianceStore } from '../../../cloud-security/compliance/embedded-store.js';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../../../cloud-security/types.js';
import { runUnit, type UnitRunDeps } from '../../../cloud-security/units/scan-unit.js';
import { UnitStateStore } from '../../../cloud-security/units/state.js';
import type { ScanUnit } from '../../../cloud-security/units/unit.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { PolicyItem } from '../../../detections/analysis/spec.js';

const ACCOUNT = '111111111111';
const T0 = new Date('2026-03-01T10:00:00.000Z');
const loaded = await loadAnalysisDir(fileURLToPath(new URL('../fixtures/policies', import.meta.url)));
const policies = loaded.items.filter((i): i is PolicyItem => i.type === 'policy' && i.id === 'Test.Bucket.Versioning');

const bucket = (ctx: ScanContext, name: string, versioning: string | null): ResourceSnapshot => ({
  ResourceId: `arn:aws:s3:::${name}`, ResourceType: 'AWS.S3.Bucket', AccountId: ctx.accountId, Region: ctx.region, Name: name, ARN: `arn:aws:s3:::${name}`, Tags: {}, TimeCreated: null, Versioning: versioning,
});

/** A scanner that, like the real ones, signs with the context's credentials (so the role is assumed) and records where it ran. */
function bucketScanner(seen: ScanContext[], fail?: Error): ResourceScanner {
  return {
    resourceType: 'AWS.S3.Bucket',
    async *scan(ctx) {
      seen.push(ctx);
      const creds = ctx.clientConfig.credentials;
      if (typeof creds === 'function') await creds();
      if (fail !== undefined) throw fail;
      yield bucket(ctx, 'a', 'Enabled');
      yield bucket(ctx, 'b', null);
    },
  };
}

function setup(t: Test, scanner: ResourceScanner) {
  const dir = mkdtempSync(join(tmpdir(), 'panther-scan-unit-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sts = mockClient(STSClient);
  t.teardown(() => sts.restore());
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(T0.getTime() + 3600_000 * 24 * 365 * 10) } });
  const compliance = new EmbeddedComplianceStore();
  const alerts = new EmbeddedAlertStore();
  const states = new UnitStateStore(new DirDocumentStore(dir));
  const deps: UnitRunDeps = { policies, compliance, alerts, states, auditRoleName: 'PantherAuditRole', externalId: 'ext-1234', sts: new STSClient({ region: 'us-east-1' }), scannerFor: (type) => (type === scanner.resourceType ? scanner : undefined), clock: () => T0 };
  return { sts, compliance, alerts, states, deps };
}

const unit: ScanUnit = { accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' };

t.test('a full unit: role assumed with the ExternalId, scanned in its region, evaluated, alerted, recorded done', async (t) => {
  const seen: ScanContext[] = [];
  const { sts, compliance, alerts, states, deps } = setup(t, bucketScanner(seen));
  const r = await runUnit(unit, deps);
  const calls = sts.commandCalls(AssumeRoleCommand);
  t.equal(calls.length, 1);
  t.same(calls[0]?.args[0].input, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/PantherAuditRole`, RoleSessionName: `panther-scan-${ACCOUNT}`, ExternalId: 'ext-1234', DurationSeconds: 3600 });
  t.same(seen.map((c) => [c.accountId, c.region, c.partition]), [[ACCOUNT, 'eu-west-1', 'aws']]);
  t.match(r.outcome, { ok: true, resources: 2 });
  t.same(r.pipeline?.counts, { pass: 1, fail: 1, error: 0, suppressed: 0 });
  t.equal(r.pipeline?.alertsOpened, 1);
  t.same((await alerts.list()).map((a) => a.dedup), ['arn:aws:s3:::b']);
  t.same((await compliance.list({ status: 'FAIL' })).items.map((e) => e.resourceId), ['arn:aws:s3:::b']);
  t.match(await states.get(unit), { status: 'done', resources: 2, failures: 0, startedAt: T0.toISOString(), lastSuccessAt: T0.toISOString() });
});

t.test('a rescan keeps only the named resources and leaves the unit state alone', async (t) => {
  const { compliance, states, deps } = setup(t, bucketScanner([]));
  const r = await runUnit({ ...unit, resources: ['b'] }, deps);
  t.match(r.outcome, { ok: true, resources: 1 });
  t.same((await compliance.list()).items.map((e) => e.resourceId), ['arn:aws:s3:::b']);
  t.equal(await states.get(unit), undefined);
});

t.test('a throttled scanner fails the unit with its reason; it is recorded, not thrown', async (t) => {
  const err = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  const { compliance, states, deps } = setup(t, bucketScanner([], err));
  const r = await runUnit(unit, deps);
  t.same(r.outcome, { ok: false, error: 'ThrottlingException: Rate exceeded' });
  t.match(await states.get(unit), { status: 'failed', failures: 1, lastError: 'ThrottlingException: Rate exceeded' });
  t.same((await compliance.list()).items, [], 'a partial list is not evaluated');
});

t.test('AssumeRole refused: the unit fails with the reason (not "no resources"), its state says why', async (t) => {
  const { sts, compliance, states, deps } = setup(t, bucketScanner([]));
  sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
  const r = await runUnit(unit, deps);
  t.same(r.outcome, { ok: false, error: 'AccessDenied: not authorized to perform sts:AssumeRole' });
  t.match(await states.get(unit), { status: 'failed', failures: 1, lastError: 'AccessDenied: not authorized to perform sts:AssumeRole' });
  t.same((await compliance.list()).items, []);
});

t.test('a disabled region is a result: done, with the problem kept', async (t) => {
  const err = Object.assign(new Error('The security token included in the request is invalid'), { name: 'UnrecognizedClientException' });
  const { states, deps } = setup(t, bucketScanner([], err));
  const r = await runUnit(unit, deps);
  t.match(r.outcome, { ok: true, resources: 0 });
  t.match(await states.get(unit), { status: 'done', problems: [{ kind: 'region-disabled' }] });
});

t.test('a type without a scanner fails the unit', async (t) => {
  const { states, deps } = setup(t, bucketScanner([]));
  const other: ScanUnit = { ...unit, resourceType: 'AWS.Nope.Thing' };
  const r = await runUnit(other, deps);
  t.same(r.outcome, { ok: false, error: 'no scanner for AWS.Nope.Thing' });
  t.match(await states.get(other), { status: 'failed' });
});
