// The local snapshot fixture: it is exactly what the real scanners produce against the fake AWS
// organization (re-recorded here and compared with the committed file), it is large and varied
// enough (every scanned type, in both accounts), and the built-in pack yields the expected
// PASS/FAIL counts per policy on it.
import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import { evaluatePolicies, loadPolicies } from '../../cloud-security/evaluate.js';
import { FIXTURE_AS_OF, FIXTURE_FILE, loadFixture, parseFixture, rebaseTimes, scanFixture, serializeFixture } from '../../cloud-security/fixture.js';
import { allScanners } from '../../cloud-security/scanners/index.js';
import { recordFixture } from './fixtures/record-fixture.js';

/** [PASS, FAIL, ERROR] per policy of packs/aws-policies over the fixture. */
const EXPECTED: Record<string, [number, number, number]> = {
  'AWS.Account.ApprovedRegions': [205, 63, 0],
  'AWS.CloudTrail.CloudWatchLogsIntegration': [1, 1, 0],
  'AWS.CloudTrail.KMSEncryption': [1, 1, 0],
  'AWS.CloudTrail.LogFileValidationEnabled': [1, 1, 0],
  'AWS.CloudTrail.Logging': [2, 0, 0],
  'AWS.CloudTrail.Meta.MultiRegionTrailEnabled': [4, 0, 0],
  'AWS.CloudTrail.Meta.S3DataEventsRead': [2, 2, 0],
  'AWS.CloudTrail.Meta.S3DataEventsWrite': [2, 2, 0],
  'AWS.CloudWatch.LogGroup.RetentionSet': [6, 10, 0],
  'AWS.Config.Recorder.Meta.EnabledInRegion': [3, 1, 0],
  'AWS.Config.Recorder.RecordsAllResources': [3, 0, 0],
  'AWS.DynamoDB.Table.KMSEncryption': [6, 2, 0],
  'AWS.DynamoDB.Table.PointInTimeRecovery': [6, 2, 0],
  'AWS.EC2.AMI.NotPublic': [6, 2, 0],
  'AWS.EC2.Instance.IMDSv2Required': [16, 4, 0],
  'AWS.EC2.NetworkACL.NoWorldAdminPorts': [10, 2, 0],
  'AWS.EC2.SecurityGroup.DefaultRestrictsAll': [18, 12, 0],
  'AWS.EC2.SecurityGroup.NoWorldAdminPorts': [24, 6, 0],
  'AWS.EC2.SecurityGroup.NoWorldAllTraffic': [28, 2, 0],
  'AWS.EC2.SecurityGroup.NoWorldRDP': [26, 4, 0],
  'AWS.EC2.SecurityGroup.NoWorldSSH': [26, 4, 0],
  'AWS.EC2.Snapshot.NotPublic': [10, 2, 0],
  'AWS.EC2.VPC.FlowLogsEnabled': [6, 6, 0],
  'AWS.EC2.Volume.Encrypted': [20, 4, 0],
  'AWS.EFS.FileSystem.Encrypted': [2, 2, 0],
  'AWS.EKS.Cluster.EndpointNotPublic': [1, 1, 0],
  'AWS.ELBV2.ApplicationLoadBalancer.NoPublicHTTP': [1, 1, 0],
  'AWS.GuardDuty.Detector.Enabled': [3, 1, 0],
  'AWS.GuardDuty.Detector.Meta.EnabledInRegion': [3, 1, 0],
  'AWS.IAM.Policy.NoFullAdmin': [14, 1, 0],
  'AWS.IAM.Policy.SupportRoleAttached': [15, 0, 0],
  'AWS.IAM.Role.NoPublicTrust': [15, 1, 0],
  'AWS.IAM.RootUser.HardwareMFA': [1, 1, 0],
  'AWS.IAM.RootUser.MFAEnabled': [2, 0, 0],
  'AWS.IAM.RootUser.NoAccessKeys': [1, 1, 0],
  'AWS.IAM.User.AccessKeysRotated': [12, 4, 0],
  'AWS.IAM.User.ConsoleMFA': [13, 3, 0],
  'AWS.IAM.User.HasGroup': [13, 3, 0],
  'AWS.IAM.User.NoDirectPolicies': [13, 3, 0],
  'AWS.IAM.User.OneActiveAccessKey': [14, 2, 0],
  'AWS.IAM.User.UnusedCredentials': [12, 4, 0],
  'AWS.KMS.Key.NoPublicPolicy': [12, 0, 0],
  'AWS.KMS.Key.RotationEnabled': [10, 2, 0],
  'AWS.Lambda.Function.NotPublic': [14, 2, 0],
  'AWS.Lambda.Function.SupportedRuntime': [14, 2, 0],
  'AWS.PasswordPolicy.Complexity': [1, 1, 0],
  'AWS.PasswordPolicy.Expiration': [1, 1, 0],
  'AWS.PasswordPolicy.MinimumLength': [1, 1, 0],
  'AWS.PasswordPolicy.ReusePrevention': [1, 1, 0],
  'AWS.RDS.Instance.AutoMinorVersionUpgrade': [6, 2, 0],
  'AWS.RDS.Instance.BackupRetention': [6, 2, 0],
  'AWS.RDS.Instance.NotPubliclyAccessible': [6, 2, 0],
  'AWS.RDS.Instance.StorageEncrypted': [6, 2, 0],
  'AWS.RDS.Snapshot.Encrypted': [6, 2, 0],
  'AWS.RDS.Snapshot.NotPublic': [6, 2, 0],
  'AWS.Redshift.Cluster.AuditLogging': [1, 1, 0],
  'AWS.Redshift.Cluster.Encrypted': [1, 1, 0],
  'AWS.Redshift.Cluster.NotPubliclyAccessible': [2, 0, 0],
  'AWS.S3.Bucket.AccessLogging': [18, 14, 0],
  'AWS.S3.Bucket.BlockPublicAccess': [26, 6, 0],
  'AWS.S3.Bucket.CloudTrailBucketAccessLogging': [32, 0, 0],
  'AWS.S3.Bucket.CloudTrailBucketNotPublic': [32, 0, 0],
  'AWS.S3.Bucket.DefaultEncryption': [30, 2, 0],
  'AWS.S3.Bucket.LifecycleConfigured': [16, 16, 0],
  'AWS.S3.Bucket.MFADelete': [0, 32, 0],
  'AWS.S3.Bucket.NoPublicACL': [28, 4, 0],
  'AWS.S3.Bucket.NoPublicPolicy': [30, 2, 0],
  'AWS.S3.Bucket.SecureTransport': [24, 8, 0],
  'AWS.S3.Bucket.Versioning': [22, 10, 0],
  'AWS.SNS.Topic.Encrypted': [8, 4, 0],
  'AWS.SNS.Topic.NotPublic': [10, 2, 0],
  'AWS.SQS.Queue.Encrypted': [10, 2, 0],
  'AWS.SQS.Queue.NotPublic': [10, 2, 0],
  'AWS.SecretsManager.Secret.RotationEnabled': [2, 6, 0],
};

t.test('the committed fixture is what the scanners produce against the fake organization', async (t) => {
  const r = await recordFixture();
  t.same(r.problems, [], 'no scan problems');
  t.ok(r.apiCalls > 500, `${r.apiCalls} API calls`);
  t.same(Object.keys(r.callsByOperation).filter((op) => op.endsWith(':unmodelled')), [], 'every command the scanners send is modelled');
  const committed = readFileSync(FIXTURE_FILE, 'utf8');
  // Compared line by line so a drift names the resource.
  const fresh = serializeFixture(r.snapshots).split('\n');
  const old = committed.split('\n');
  const differing = fresh.filter((l, i) => l !== old[i]).slice(0, 3).map((l) => l.slice(0, 200));
  t.same(differing, [], 'identical; re-record with `node bin/run-ts.js tests/cloud-security/fixtures/record-fixture.ts`');
  t.equal(fresh.length, old.length);
});

t.test('two accounts, several regions, at least 300 resources of every scanned type', async (t) => {
  const snaps = parseFixture(readFileSync(FIXTURE_FILE, 'utf8'));
  t.ok(snaps.length >= 300, `${snaps.length} resources`);
  t.same([...new Set(snaps.map((s) => s.AccountId))].sort(), ['111111111111', '222222222222']);
  t.same([...new Set(snaps.map((s) => s.Region))].sort(), ['ap-southeast-2', 'eu-west-1', 'global', 'us-east-1']);
  // Local mode shows every type a real scan yields, so the console and policies see each of them.
  t.same([...new Set(snaps.map((s) => s.ResourceType))].sort(), allScanners.map((s) => s.resourceType).sort(), 'every scanned type');
  const perAccount = (type: string) => new Set(snaps.filter((s) => s.ResourceType === type).map((s) => s.AccountId)).size;
  t.same(allScanners.filter((s) => perAccount(s.resourceType) < 2).map((s) => s.resourceType), [], 'every type in both accounts');
  t.equal(new Set(snaps.map((s) => `${s.ResourceType} ${s.ResourceId}`)).size, snaps.length, 'no resource twice');
  for (const s of snaps) {
    if (!(typeof s.ResourceId === 'string' && /^\d{12}$/.test(s.AccountId) && typeof s.Tags === 'object' && 'TimeCreated' in s && 'ARN' in s && 'Name' in s)) {
      t.fail(`${s.ResourceId}: missing common fields`);
    }
  }
});

t.test('loading rebases timestamps so ages hold', async (t) => {
  const asRecorded = await loadFixture(FIXTURE_AS_OF);
  const later = await loadFixture(new Date(FIXTURE_AS_OF.getTime() + 10 * 86_400_000));
  const i = asRecorded.findIndex((s) => s.TimeCreated !== null);
  t.equal(Date.parse(later[i]?.TimeCreated as string) - Date.parse(asRecorded[i]?.TimeCreated as string), 10 * 86_400_000);
  t.same(rebaseTimes({ a: ['2026-01-01T00:00:00.000Z', 'x'], n: 3 }, 1000), { a: ['2026-01-01T00:00:01.000Z', 'x'], n: 3 });
});

t.test('the built-in pack yields the expected counts per policy', async (t) => {
  const { policies } = await loadPolicies();
  const entries = await evaluatePolicies(await loadFixture(), policies);
  const got: Record<string, [number, number, number]> = {};
  for (const e of entries) {
    const c = (got[e.policyId] ??= [0, 0, 0]);
    c[e.status === 'PASS' ? 0 : e.status === 'FAIL' ? 1 : 2]++;
  }
  t.same(got, EXPECTED);
  // Every policy has resources in the fixture, and most fail somewhere.
  t.same(policies.map((p) => p.id).filter((id) => got[id] === undefined), []);
  t.ok(Object.values(got).filter(([, fail]) => fail > 0).length >= 60);
});

t.test('scanFixture records compliance and opens one alert per failing pair, once', async (t) => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'lake-'));
  const now = new Date();
  const first = await scanFixture({ lakeDir, now });
  const fails = Object.values(EXPECTED).reduce((n, [, f]) => n + f, 0);
  t.same(first.counts, { pass: Object.values(EXPECTED).reduce((n, [p]) => n + p, 0), fail: fails, error: 0, suppressed: 0 });
  t.equal(first.alertsOpened, fails);
  t.same(first.loadErrors, []);
  const compliance = new EmbeddedComplianceStore({ dir: join(lakeDir, 'state') });
  t.same((await compliance.overview()).totals, { pass: first.counts.pass, fail: fails, error: 0 });
  const alerts = await new EmbeddedAlertStore({ dir: join(lakeDir, 'state') }).list({ ruleId: 'AWS.EC2.SecurityGroup.NoWorldSSH' });
  t.equal(alerts.length, 4);
  t.ok(alerts.every((a) => a.type === 'POLICY' && a.title.includes('fails:') && a.dedup.startsWith('arn:aws:ec2:')));

  const again = await scanFixture({ lakeDir, now: new Date(now.getTime() + 60_000) });
  t.equal(again.alertsOpened, 0, 'unchanged failures do not alert again');
  t.same(again.changed, []);
});
