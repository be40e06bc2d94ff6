import t from 'tap';
import { DescribeDBInstancesCommand, DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { rdsInstanceScanner, rdsSnapshotScanner } from '../../../cloud-security/scanners/rds.js';
import { denied, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const rds = mockClient(RDSClient);
const dbArn = (id: string) => `arn:aws:rds:us-east-1:123456789012:db:${id}`;
const snapArn = (id: string) => `arn:aws:rds:us-east-1:123456789012:snapshot:${id}`;
const instance = (id: string) => ({
  DBInstanceIdentifier: id,
  DBInstanceClass: 'db.t4g.micro',
  Engine: 'postgres',
  DBInstanceStatus: 'available',
  MasterUsername: 'admin',
  Endpoint: { Address: `${id}.abc123.us-east-1.rds.amazonaws.com`, Port: 5432, HostedZoneId: 'Z2R2ITUGPM61AM' },
  AllocatedStorage: 20,
  InstanceCreateTime: new Date('2023-04-05T06:07:08Z'),
  BackupRetentionPeriod: 7,
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
  MultiAZ: false,
  EngineVersion: '16.3',
  AutoMinorVersionUpgrade: true,
  PubliclyAccessible: false,
  StorageEncrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  DBInstanceArn: dbArn(id),
  IAMDatabaseAuthenticationEnabled: false,
  DeletionProtection: true,
  LatestRestorableTime: new Date('2024-05-06T07:05:00Z'),
  TagList: [{ Key: 'env', Value: 'prod' }],
});
const snapshot = (id: string, db = 'db1') => ({
  DBSnapshotIdentifier: id,
  DBInstanceIdentifier: db,
  SnapshotCreateTime: new Date('2024-02-03T04:05:06Z'),
  Engine: 'postgres',
  AllocatedStorage: 20,
  Status: 'available',
  SnapshotType: 'manual',
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  DBSnapshotArn: snapArn(id),
  TagList: [{ Key: 'purpose', Value: 'backup' }],
});
const attrs = (id: string, restore: string[]) => ({ DBSnapshotAttributesResult: { DBSnapshotIdentifier: id, DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: restore }] } });

t.beforeEach(() => rds.reset());

t.test('instance: full snapshot, field by field, with its manual snapshots attributes', async (t) => {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('db1')] });
  rds.on(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'db1', SnapshotType: 'manual' }).resolves({ DBSnapshots: [snapshot('db1-manual')] });
  rds.on(DescribeDBSnapshotAttributesCommand).resolves(attrs('db1-manual', ['all']));
  const { ctx, problems } = makeCtx();
  const [s, ...rest] = await drain(rdsInstanceScanner, ctx);
  t.equal(rest.length, 0);
  t.same(problems, []);
  t.same(s, {
    ResourceId: dbArn('db1'),
    ResourceType: 'AWS.RDS.Instance',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'db1',
    ARN: dbArn('db1'),
    Tags: { env: 'prod' },
    TimeCreated: '2023-04-05T06:07:08.000Z',
    DBInstanceClass: 'db.t4g.micro',
    Engine: 'postgres',
    DBInstanceStatus: 'available',
    MasterUsername: 'admin',
    Endpoint: { Address: 'db1.abc123.us-east-1.rds.amazonaws.com', Port: 5432, HostedZoneId: 'Z2R2ITUGPM61AM' },
    AllocatedStorage: 20,
    BackupRetentionPeriod: 7,
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
    MultiAZ: false,
    EngineVersion: '16.3',
    AutoMinorVersionUpgrade: true,
    PubliclyAccessible: false,
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    IAMDatabaseAuthenticationEnabled: false,
    DeletionProtection: true,
    LatestRestorableTime: '2024-05-06T07:05:00.000Z',
    SnapshotAttributes: [{ DBSnapshotIdentifier: 'db1-manual', DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] }],
  });
});

t.test('instance: two pages, both yielded, the Marker passed', async (t) => {
  const pages = paged([{ DBInstances: [instance('a')], Marker: 'm1' }, { DBInstances: [instance('b')] }], 'Marker');
  rds.on(DescribeDBInstancesCommand).callsFake(pages.fake);
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
  const { ctx } = makeCtx();
  const out = await drain(rdsInstanceScanner, ctx);
  t.same(out.map((s) => s.Name), ['a', 'b']);
  t.same(out[0]?.SnapshotAttributes, []);
  t.same(pages.seen, [undefined, 'm1']);
});

t.test('instance: denied snapshot listing gives SnapshotAttributes null and a problem', async (t) => {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('db1')] });
  rds.on(DescribeDBSnapshotsCommand).rejects(denied());
  const { ctx, problems } = makeCtx();
  const [s] = await drain(rdsInstanceScanner, ctx);
  t.equal(s?.SnapshotAttributes, null);
  t.equal(s?.StorageEncrypted, true);
  t.match(problems, [{ resourceType: 'AWS.RDS.Instance', resourceId: dbArn('db1'), kind: 'access-denied' }]);
});

t.test('denied list: problem recorded, nothing yielded (both scanners)', async (t) => {
  rds.on(DescribeDBInstancesCommand).rejects(denied());
  rds.on(DescribeDBSnapshotsCommand).rejects(denied());
  const a = makeCtx();
  t.same(await drain(rdsInstanceScanner, a.ctx), []);
  t.match(a.problems, [{ resourceType: 'AWS.RDS.Instance', kind: 'access-denied' }]);
  const b = makeCtx();
  t.same(await drain(rdsSnapshotScanner, b.ctx), []);
  t.match(b.problems, [{ resourceType: 'AWS.RDS.Snapshot', kind: 'access-denied' }]);
});

t.test('snapshot: full snapshot, field by field', async (t) => {
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('s1')] });
  rds.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 's1' }).resolves(attrs('s1', ['210987654321']));
  const { ctx, problems } = makeCtx();
  const out = await drain(rdsSnapshotScanner, ctx);
  t.same(problems, []);
  t.same(out, [
    {
      ResourceId: snapArn('s1'),
      ResourceType: 'AWS.RDS.Snapshot',
      AccountId: '123456789012',
      Region: 'us-east-1',
      Name: 's1',
      ARN: snapArn('s1'),
      Tags: { purpose: 'backup' },
      TimeCreated: '2024-02-03T04:05:06.000Z',
      DBInstanceIdentifier: 'db1',
      Engine: 'postgres',
      AllocatedStorage: 20,
      Status: 'available',
      SnapshotType: 'manual',
      Encrypted: true,
      KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['210987654321'] }],
    },
  ]);
});

t.test('snapshot: two pages with Marker; denied and throttled attributes give null and problems', async (t) => {
  const pages = paged([{ DBSnapshots: [snapshot('s1')], Marker: 'm1' }, { DBSnapshots: [snapshot('s2')] }], 'Marker');
  rds.on(DescribeDBSnapshotsCommand).callsFake(pages.fake);
  rds.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 's1' }).rejects(denied());
  // Mocked send bypasses the SDK's retry middleware: one call, then our handling.
  rds.on(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: 's2' }).rejectsOnce(throttled('Throttling')).resolves(attrs('s2', []));
  const { ctx, problems } = makeCtx();
  const out = await drain(rdsSnapshotScanner, ctx);
  t.same(out.map((s) => [s.Name, s.DBSnapshotAttributes]), [['s1', null], ['s2', null]]);
  t.same(pages.seen, [undefined, 'm1']);
  t.match(problems, [
    { resourceType: 'AWS.RDS.Snapshot', resourceId: snapArn('s1'), kind: 'access-denied' },
    { resourceId: snapArn('s2'), kind: 'throttled' },
  ]);
});
