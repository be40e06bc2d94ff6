import t from 'tap';
import { DescribeClustersCommand, DescribeLoggingStatusCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { redshiftClusterScanner } from '../../../cloud-security/scanners/redshift.js';
import { denied, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const rs = mockClient(RedshiftClient);
const arnOf = (id: string) => `arn:aws:redshift:us-east-1:123456789012:cluster:${id}`;
const cluster = (id: string) => ({
  ClusterIdentifier: id,
  NodeType: 'ra3.xlplus',
  ClusterStatus: 'available',
  ClusterAvailabilityStatus: 'Available',
  MasterUsername: 'awsuser',
  DBName: 'dev',
  Endpoint: { Address: `${id}.abc123.us-east-1.redshift.amazonaws.com`, Port: 5439 },
  ClusterCreateTime: new Date('2023-06-07T08:09:10Z'),
  AutomatedSnapshotRetentionPeriod: 1,
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
  VpcId: 'vpc-0123456789abcdef0',
  AllowVersionUpgrade: true,
  NumberOfNodes: 2,
  PubliclyAccessible: false,
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  EnhancedVpcRouting: false,
  Tags: [{ Key: 'env', Value: 'prod' }],
});

t.beforeEach(() => rs.reset());

t.test('full snapshot of one cluster, field by field', async (t) => {
  rs.on(DescribeClustersCommand).resolves({ Clusters: [cluster('wh')] });
  rs.on(DescribeLoggingStatusCommand).resolves({ LoggingEnabled: true, BucketName: 'acme-rs-logs', S3KeyPrefix: 'wh/', LastSuccessfulDeliveryTime: new Date('2024-05-06T07:00:00Z'), LogDestinationType: 's3', LogExports: ['connectionlog', 'userlog'] });
  const { ctx, problems } = makeCtx();
  const out = await drain(redshiftClusterScanner, ctx);
  t.same(problems, []);
  t.same(out, [
    {
      ResourceId: arnOf('wh'),
      ResourceType: 'AWS.Redshift.Cluster',
      AccountId: '123456789012',
      Region: 'us-east-1',
      Name: 'wh',
      ARN: arnOf('wh'),
      Tags: { env: 'prod' },
      TimeCreated: '2023-06-07T08:09:10.000Z',
      NodeType: 'ra3.xlplus',
      ClusterStatus: 'available',
      ClusterAvailabilityStatus: 'Available',
      MasterUsername: 'awsuser',
      DBName: 'dev',
      Endpoint: { Address: 'wh.abc123.us-east-1.redshift.amazonaws.com', Port: 5439 },
      AutomatedSnapshotRetentionPeriod: 1,
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
      VpcId: 'vpc-0123456789abcdef0',
      AllowVersionUpgrade: true,
      NumberOfNodes: 2,
      PubliclyAccessible: false,
      Encrypted: true,
      KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      EnhancedVpcRouting: false,
      LoggingStatus: { LoggingEnabled: true, BucketName: 'acme-rs-logs', S3KeyPrefix: 'wh/', LastSuccessfulDeliveryTime: '2024-05-06T07:00:00.000Z', LogDestinationType: 's3', LogExports: ['connectionlog', 'userlog'] },
    },
  ]);
});

t.test('two pages: both yielded, the Marker passed', async (t) => {
  const pages = paged([{ Clusters: [cluster('a')], Marker: 'm1' }, { Clusters: [cluster('b')] }], 'Marker');
  rs.on(DescribeClustersCommand).callsFake(pages.fake);
  rs.on(DescribeLoggingStatusCommand).resolves({ LoggingEnabled: false });
  const { ctx } = makeCtx();
  const out = await drain(redshiftClusterScanner, ctx);
  t.same(out.map((s) => s.Name), ['a', 'b']);
  t.same(out[0]?.LoggingStatus, { LoggingEnabled: false });
  t.same(pages.seen, [undefined, 'm1']);
});

t.test('denied and throttled logging status: clusters yielded, LoggingStatus null, problems recorded', async (t) => {
  rs.on(DescribeClustersCommand).resolves({ Clusters: [cluster('a'), cluster('b')] });
  rs.on(DescribeLoggingStatusCommand, { ClusterIdentifier: 'a' }).rejects(denied());
  // Mocked send bypasses the SDK's retry middleware: one call, then our handling.
  rs.on(DescribeLoggingStatusCommand, { ClusterIdentifier: 'b' }).rejectsOnce(throttled('Throttling')).resolves({ LoggingEnabled: true });
  const { ctx, problems } = makeCtx();
  const out = await drain(redshiftClusterScanner, ctx);
  t.same(out.map((s) => [s.Name, s.LoggingStatus, s.Encrypted]), [['a', null, true], ['b', null, true]]);
  t.match(problems, [
    { resourceType: 'AWS.Redshift.Cluster', resourceId: arnOf('a'), kind: 'access-denied' },
    { resourceId: arnOf('b'), kind: 'throttled' },
  ]);
});

t.test('denied list: problem recorded, nothing yielded', async (t) => {
  rs.on(DescribeClustersCommand).rejects(denied());
  const { ctx, problems } = makeCtx();
  t.same(await drain(redshiftClusterScanner, ctx), []);
  t.match(problems, [{ resourceType: 'AWS.Redshift.Cluster', kind: 'access-denied' }]);
  t.equal(rs.commandCalls(DescribeLoggingStatusCommand).length, 0);
});
