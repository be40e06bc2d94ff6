// A unit run with the lake (Compliance.History and Resource.History objects written) and with
// opted-in automatic remediation: dry runs carry the planned calls; applying assumes the account's
// remediation role with the ExternalId (only when there is something to apply) and sends the call.
import t, { type Test } from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { EmbeddedComplianceStore } from '../../../cloud-security/compliance/embedded-store.js';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../../../cloud-security/types.js';
import { remediationContext, runUnit, type UnitRunDeps } from '../../../cloud-security/units/scan-unit.js';
import { UnitStateStore } from '../../../cloud-security/units/state.js';
import type { ScanUnit } from '../../../cloud-security/units/unit.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { PolicyItem } from '../../../detections/analysis/spec.js';

const ACCOUNT = '111111111111';
const T0 = new Date('2026-03-01T10:00:00.000Z');
const AUDIT_ARN = `arn:aws:iam::${ACCOUNT}:role/PantherAuditRole`;
const REMEDIATION_ARN = `arn:aws:iam::${ACCOUNT}:role/PantherRemediationRole`;
const loaded = await loadAnalysisDir(fileURLToPath(new URL('../fixtures/policies', import.meta.url)));
// The fixture policy, mapped to the built-in versioning remediation by its spec (as a pack would).
const policies = loaded.items
  .filter((i): i is PolicyItem => i.type === 'policy' && i.id === 'Test.Bucket.Versioning')
  .map((p) => ({ ...p, spec: { ...p.spec, AutoRemediationID: 'AWS.S3.EnableBucketVersioning' } }));
t.equal(policies.length, 1);

const bucket = (ctx: ScanContext, name: string, versioning: string | null): ResourceSnapshot => ({
  ResourceId: `arn:aws:s3:::${name}`, ResourceType: 'AWS.S3.Bucket', AccountId: ctx.accountId, Region: ctx.region, Name: name, ARN: `arn:aws:s3:::${name}`, Tags: {}, TimeCreated: null, Versioning: versioning,
});

/** Buckets a (versioned) and b (not, unless `fixed`), read with the context's credentials like a real scanner. */
function scanner(state: { fixed: boolean }): ResourceScanner {
  return {
    resourceType: 'AWS.S3.Bucket',
    async *scan(ctx) {
      const creds = ctx.clientConfig.credentials;
      if (typeof creds === 'function') await creds();
      yield bucket(ctx, 'a', 'Enabled');
      yield bucket(ctx, 'b', state.fixed ? 'Enabled' : null);
    },
  };
}

const credentialsOf = (key: string) => ({ Credentials: { AccessKeyId: key, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000 * 24 * 365) } });

function setup(t: Test, over: Partial<UnitRunDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'panther-scan-unit-rem-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sts = mockClient(STSClient);
  const s3 = mockClient(S3Client);
  t.teardown(() => (sts.restore(), s3.restore()));
  sts.on(AssumeRoleCommand, { RoleArn: AUDIT_ARN }).resolves(credentialsOf('ASIAAUDIT'));
  sts.on(AssumeRoleCommand, { RoleArn: REMEDIATION_ARN }).resolves(credentialsOf('ASIAREMEDIATE'));
  const state = { fixed: false };
  const compliance = new EmbeddedComplianceStore();
  const deps: UnitRunDeps = {
    policies,
    compliance,
    alerts: new EmbeddedAlertStore(),
    states: new UnitStateStore(new DirDocumentStore(join(dir, 'docs'))),
    auditRoleName: 'PantherAuditRole',
    externalId: 'ext-1234',
    sts: new STSClient({ region: 'us-east-1' }),
    scannerFor: (type) => (type === 'AWS.S3.Bucket' ? scanner(state) : undefined),
    clock: () => T0,
    ...over,
  };
  return { dir, sts, s3, state, deps };
}

const unit: ScanUnit = { accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' };
const assumed = (sts: ReturnType<typeof mockClient>) => sts.commandCalls(AssumeRoleCommand).map((c) => (c.args[0].input as { RoleArn: string }).RoleArn);

t.test('with a lake: the compliance and resource history rows of the run are written', async (t) => {
  const { dir, deps } = setup(t);
  const lakeDir = join(dir, 'lake');
  const r = await runUnit(unit, { ...deps, lake: new DirObjectStore(lakeDir) });
  const keys = [...(r.pipeline?.historyKeys ?? [])].sort();
  t.equal(keys.length, 2);
  t.match(keys[0], /^logs\/compliance_history\/year=2026\/month=03\/day=01\/hour=10\/20260301T100000Z-[0-9a-f]{16}\.json\.gz$/);
  t.match(keys[1], /^logs\/resource_history\/year=2026\/month=03\/day=01\/hour=10\/20260301T100000Z-[0-9a-f]{16}\.json\.gz$/);
  const rows = (key: string) => gunzipSync(readFileSync(join(lakeDir, ...key.split('/')))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const compliance = rows(keys[0] as string);
  t.same(compliance.map((c) => [c.policyId, c.resourceId, c.status, c.accountId, c.region, c.p_log_type]), [
    ['Test.Bucket.Versioning', 'arn:aws:s3:::a', 'PASS', ACCOUNT, 'eu-west-1', 'Compliance.History'],
    ['Test.Bucket.Versioning', 'arn:aws:s3:::b', 'FAIL', ACCOUNT, 'eu-west-1', 'Compliance.History'],
  ]);
  const resources = rows(keys[1] as string);
  t.same(resources.map((x) => [x.ResourceId, x.p_log_type, x.p_event_time]), [
    ['arn:aws:s3:::a', 'Resource.History', '2026-03-01 10:00:00.000000000'],
    ['arn:aws:s3:::b', 'Resource.History', '2026-03-01 10:00:00.000000000'],
  ]);
  t.same(JSON.parse(String(resources[1]?.resource)).Versioning, null, 'the whole snapshot as JSON text');
  t.same(r.pipeline?.remediations, [], 'nothing opted in');
});

t.test('without a lake nothing is written and no history key is reported', async (t) => {
  const { deps } = setup(t);
  const r = await runUnit(unit, deps);
  t.same(r.pipeline?.historyKeys, []);
});

t.test('dry run: the new failure carries the planned call; nothing is sent, the remediation role is not assumed', async (t) => {
  const { sts, s3, deps } = setup(t, { autoRemediation: { policies: new Set(['Test.Bucket.Versioning']), apply: false, remediationRoleName: 'PantherRemediationRole' } });
  const r = await runUnit(unit, deps);
  t.same(r.pipeline?.remediations, [
    {
      policyId: 'Test.Bucket.Versioning',
      resourceId: 'arn:aws:s3:::b',
      remediationId: 'AWS.S3.EnableBucketVersioning',
      dryRun: true,
      calls: [{ service: 's3', operation: 'PutBucketVersioning', input: { Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } } }],
      applied: false,
    },
  ]);
  t.same(assumed(sts), [AUDIT_ARN]);
  t.equal(s3.commandCalls(PutBucketVersioningCommand).length, 0);
});

t.test('policies not opted in are not remediated', async (t) => {
  const { deps } = setup(t, { autoRemediation: { policies: new Set(['Other.Policy']), apply: true, remediationRoleName: 'PantherRemediationRole' } });
  const r = await runUnit(unit, deps);
  t.same(r.pipeline?.remediations, []);
});

t.test('apply: the remediation role is assumed with the ExternalId and the call is sent with its credentials, in the bucket\'s region', async (t) => {
  const { sts, s3, state, deps } = setup(t, { autoRemediation: { policies: new Set(['Test.Bucket.Versioning']), apply: true, remediationRoleName: 'PantherRemediationRole' } });
  const sent: Array<{ input: unknown; region: string; key: string }> = [];
  s3.on(PutBucketVersioningCommand).callsFake(async (input: unknown, getClient: () => { config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> } }) => {
    const c = getClient();
    sent.push({ input, region: await c.config.region(), key: (await c.config.credentials()).accessKeyId });
    return {};
  });
  const r = await runUnit(unit, deps);
  t.same(r.pipeline?.remediations, [
    {
      policyId: 'Test.Bucket.Versioning',
      resourceId: 'arn:aws:s3:::b',
      remediationId: 'AWS.S3.EnableBucketVersioning',
      dryRun: false,
      calls: [{ service: 's3', operation: 'PutBucketVersioning', input: { Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } }, ok: true }],
      applied: true,
    },
  ]);
  const calls = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
  t.same(calls[1], { RoleArn: REMEDIATION_ARN, RoleSessionName: `panther-remediate-${ACCOUNT}`, ExternalId: 'ext-1234', DurationSeconds: 3600 });
  t.same(sent, [{ input: { Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } }, region: 'eu-west-1', key: 'ASIAREMEDIATE' }]);

  // The next run: b still fails but is no new failure, a is fine: nothing to apply, no remediation role.
  const before = sts.commandCalls(AssumeRoleCommand).length;
  const again = await runUnit(unit, deps);
  t.same(again.pipeline?.remediations, []);
  t.same(assumed(sts).slice(before), [AUDIT_ARN]);
  state.fixed = true;
  const fixed = await runUnit(unit, deps);
  t.same(fixed.pipeline?.counts, { pass: 2, fail: 0, error: 0, suppressed: 0 });
  t.notOk(assumed(sts).slice(before).includes(REMEDIATION_ARN), 'never assumed without something to apply');
});

t.test('apply refused by the account: the result says so, the unit is still done', async (t) => {
  const { s3, deps } = setup(t, { autoRemediation: { policies: new Set(['Test.Bucket.Versioning']), apply: true, remediationRoleName: 'PantherRemediationRole' } });
  s3.on(PutBucketVersioningCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
  const r = await runUnit(unit, deps);
  t.match(r.outcome, { ok: true, resources: 2 });
  const [rem] = r.pipeline?.remediations ?? [];
  t.equal(rem?.applied, false);
  t.equal(rem?.error, 'AccessDenied: Access Denied');
  t.same(rem?.calls.map((c) => [c.operation, c.ok]), [['PutBucketVersioning', false]]);
});

t.test('the remediation context of another partition: its role ARN and home region', async (t) => {
  const sts = mockClient(STSClient);
  t.teardown(() => sts.restore());
  sts.on(AssumeRoleCommand).resolves(credentialsOf('ASIAGOV'));
  const ctx = remediationContext({ accountId: '222222222222', partition: 'aws-us-gov' }, { externalId: 'ext-9', sts: new STSClient({ region: 'us-gov-west-1' }) }, 'FixIt');
  t.equal(ctx.clientConfig.region, 'us-gov-west-1');
  t.equal(sts.commandCalls(AssumeRoleCommand).length, 0, 'not assumed before a call needs it');
  const creds = ctx.clientConfig.credentials;
  t.equal(typeof creds, 'function');
  t.match(await (creds as () => Promise<{ accessKeyId: string }>)(), { accessKeyId: 'ASIAGOV' });
  t.same(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input, { RoleArn: 'arn:aws-us-gov:iam::222222222222:role/FixIt', RoleSessionName: 'panther-remediate-222222222222', ExternalId: 'ext-9', DurationSeconds: 3600 });
});
