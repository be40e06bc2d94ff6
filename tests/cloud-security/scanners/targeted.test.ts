// Targeted scans (rescans) of the regional scanners: only the resources named are detailed and
// yielded, by ARN or by name, and a full scan is what it was.
import t from 'tap';
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand } from '@aws-sdk/client-acm';
import { CloudFormationClient, DescribeStackResourceDriftsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand, ListTagsCommand as ListTrailTagsCommand, ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeClustersCommand as DescribeEcsClustersCommand, DescribeServicesCommand, ECSClient, ListClustersCommand as ListEcsClustersCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeBackupPolicyCommand, DescribeFileSystemPolicyCommand, DescribeFileSystemsCommand, DescribeLifecycleConfigurationCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeClusterCommand, EKSClient, ListClustersCommand as ListEksClustersCommand, ListFargateProfilesCommand, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetAdministratorAccountCommand, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { GetPolicyCommand as GetFunctionPolicyCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand as ListFunctionTagsCommand } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeClustersCommand as DescribeRedshiftClustersCommand, DescribeLoggingStatusCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetResourcePolicyCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, ListTagsForResourceCommand as ListTopicTagsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetWebACLForResourceCommand, WAFRegionalClient } from '@aws-sdk/client-waf-regional';
import { mockClient } from 'aws-sdk-client-mock';
import { acmCertificateScanner } from '../../../cloud-security/scanners/acm.js';
import { cloudFormationStackScanner } from '../../../cloud-security/scanners/cloudformation.js';
import { cloudTrailScanner } from '../../../cloud-security/scanners/cloudtrail.js';
import { logGroupScanner } from '../../../cloud-security/scanners/cloudwatch-logs.js';
import { dynamoDbTableScanner } from '../../../cloud-security/scanners/dynamodb.js';
import { ecsClusterScanner } from '../../../cloud-security/scanners/ecs.js';
import { efsFileSystemScanner } from '../../../cloud-security/scanners/efs.js';
import { eksClusterScanner } from '../../../cloud-security/scanners/eks.js';
import { elbv2ApplicationLoadBalancerScanner } from '../../../cloud-security/scanners/elbv2.js';
import { guardDutyDetectorScanner } from '../../../cloud-security/scanners/guardduty.js';
import { kmsKeyScanner } from '../../../cloud-security/scanners/kms.js';
import { lambdaFunctionScanner } from '../../../cloud-security/scanners/lambda.js';
import { rdsInstanceScanner, rdsSnapshotScanner } from '../../../cloud-security/scanners/rds.js';
import { redshiftClusterScanner } from '../../../cloud-security/scanners/redshift.js';
import { s3BucketScanner } from '../../../cloud-security/scanners/s3.js';
import { secretsManagerSecretScanner } from '../../../cloud-security/scanners/secretsmanager.js';
import { snsTopicScanner } from '../../../cloud-security/scanners/sns.js';
import { sqsQueueScanner } from '../../../cloud-security/scanners/sqs.js';
import { checkTargeted, inputsOf, type AnyStub } from './fixtures/targeted.js';

type LooseStub = AnyStub & { on(command: unknown): { resolves(v: unknown): unknown }; restore(): void };

const PREFIX = 'us-east-1:123456789012';
const both = ['alpha', 'bravo'] as const;
const CREATED = new Date('2024-05-06T07:08:09Z');

t.test('AWS.S3.Bucket', async (t) => {
  const s3 = mockClient(S3Client);
  t.teardown(() => s3.restore());
  const details = [
    GetBucketAclCommand, GetBucketVersioningCommand, GetBucketLoggingCommand, GetBucketEncryptionCommand, GetBucketPolicyCommand,
    GetPublicAccessBlockCommand, GetBucketLifecycleConfigurationCommand, GetObjectLockConfigurationCommand, GetBucketTaggingCommand,
  ];
  await checkTargeted(t, {
    scanner: s3BucketScanner,
    stubs: [s3],
    setup: () => {
      s3.on(ListBucketsCommand).resolves({ Buckets: both.map((n) => ({ Name: `${n}-bucket`, CreationDate: CREATED, BucketRegion: 'us-east-1' })) });
      s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
      s3.on(GetBucketTaggingCommand).callsFake((i: { Bucket?: string }) => ({ TagSet: [{ Key: 'bucket', Value: i.Bucket ?? '' }] }));
      s3.on(GetBucketPolicyCommand).resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}' });
    },
    details: Object.fromEntries(details.map((c) => [c.name, { inputs: inputsOf(s3, c) }])),
    ids: ['arn:aws:s3:::alpha-bucket', 'arn:aws:s3:::bravo-bucket'],
    keys: ['arn:aws:s3:::alpha-bucket', 'alpha-bucket'],
    marks: ['alpha-bucket', 'bravo-bucket'],
  });
});

t.test('AWS.ACM.Certificate', async (t) => {
  const acm = mockClient(ACMClient);
  t.teardown(() => acm.restore());
  const arn = (n: string) => `arn:aws:acm:${PREFIX}:certificate/${n}-0000-1111-2222-333333333333`;
  await checkTargeted(t, {
    scanner: acmCertificateScanner,
    stubs: [acm],
    setup: () => {
      acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: both.map((n) => ({ CertificateArn: arn(n), DomainName: `${n}.example.com`, Status: 'ISSUED' })) });
      acm.on(DescribeCertificateCommand).callsFake((i: { CertificateArn?: string }) => {
        const n = i.CertificateArn?.includes('alpha') ? 'alpha' : 'bravo';
        return { Certificate: { CertificateArn: i.CertificateArn, DomainName: `${n}.example.com`, Status: 'ISSUED', CreatedAt: CREATED } };
      });
      acm.on(ListTagsForCertificateCommand).resolves({ Tags: [{ Key: 'env', Value: 'prod' }] });
    },
    details: {
      DescribeCertificate: { inputs: inputsOf(acm, DescribeCertificateCommand) },
      ListTagsForCertificate: { inputs: inputsOf(acm, ListTagsForCertificateCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha.example.com'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.CloudFormation.Stack', async (t) => {
  const cfn = mockClient(CloudFormationClient);
  t.teardown(() => cfn.restore());
  const arn = (n: string) => `arn:aws:cloudformation:${PREFIX}:stack/${n}-stack/0c2f9a40-1111-11ef-8f5c-0a1b2c3d4e5f`;
  await checkTargeted(t, {
    scanner: cloudFormationStackScanner,
    stubs: [cfn],
    setup: () => {
      cfn.on(DescribeStacksCommand).resolves({ Stacks: both.map((n) => ({ StackId: arn(n), StackName: `${n}-stack`, CreationTime: CREATED, StackStatus: 'CREATE_COMPLETE' })) });
      cfn.on(DescribeStackResourceDriftsCommand).resolves({ StackResourceDrifts: [] });
    },
    details: { DescribeStackResourceDrifts: { inputs: inputsOf(cfn, DescribeStackResourceDriftsCommand) } },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-stack'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.CloudTrail', async (t) => {
  const ct = mockClient(CloudTrailClient);
  t.teardown(() => ct.restore());
  const arn = (n: string) => `arn:aws:cloudtrail:${PREFIX}:trail/${n}-trail`;
  await checkTargeted(t, {
    scanner: cloudTrailScanner,
    stubs: [ct],
    setup: () => {
      ct.on(ListTrailsCommand).resolves({ Trails: both.map((n) => ({ TrailARN: arn(n), Name: `${n}-trail`, HomeRegion: 'us-east-1' })) });
      ct.on(GetTrailCommand).callsFake((i: { Name?: string }) => ({ Trail: { TrailARN: i.Name, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: 'trail-logs' } }));
      ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
      ct.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
      ct.on(ListTrailTagsCommand).callsFake((i: { ResourceIdList?: string[] }) => ({ ResourceTagList: (i.ResourceIdList ?? []).map((id) => ({ ResourceId: id, TagsList: [{ Key: 'trail', Value: id }] })) }));
    },
    details: {
      GetTrail: { inputs: inputsOf(ct, GetTrailCommand) },
      GetTrailStatus: { inputs: inputsOf(ct, GetTrailStatusCommand) },
      GetEventSelectors: { inputs: inputsOf(ct, GetEventSelectorsCommand) },
      ListTags: { inputs: inputsOf(ct, ListTrailTagsCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-trail'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.CloudWatch.LogGroup', async (t) => {
  const logs = mockClient(CloudWatchLogsClient);
  t.teardown(() => logs.restore());
  const arn = (n: string) => `arn:aws:logs:${PREFIX}:log-group:/${n}/app`;
  await checkTargeted(t, {
    scanner: logGroupScanner,
    stubs: [logs],
    setup: () => {
      logs.on(DescribeLogGroupsCommand).resolves({ logGroups: both.map((n) => ({ logGroupName: `/${n}/app`, logGroupArn: arn(n), arn: `${arn(n)}:*`, creationTime: CREATED.getTime(), retentionInDays: 30 })) });
      logs.on(ListLogTagsCommand).callsFake((i: { resourceArn?: string }) => ({ tags: { group: i.resourceArn ?? '' } }));
    },
    details: { ListTagsForResource: { inputs: inputsOf(logs, ListLogTagsCommand) } },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), '/alpha/app'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.DynamoDB.Table', async (t) => {
  const ddb = mockClient(DynamoDBClient);
  t.teardown(() => ddb.restore());
  const arn = (n: string) => `arn:aws:dynamodb:${PREFIX}:table/${n}-table`;
  await checkTargeted(t, {
    scanner: dynamoDbTableScanner,
    stubs: [ddb],
    setup: () => {
      ddb.on(ListTablesCommand).resolves({ TableNames: both.map((n) => `${n}-table`) });
      ddb.on(DescribeTableCommand).callsFake((i: { TableName?: string }) => ({
        Table: { TableName: i.TableName, TableArn: `arn:aws:dynamodb:${PREFIX}:table/${i.TableName}`, TableStatus: 'ACTIVE', CreationDateTime: CREATED },
      }));
      ddb.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
      ddb.on(DescribeContinuousBackupsCommand).resolves({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED' } });
      ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: 'env', Value: 'prod' }] });
    },
    details: {
      DescribeTable: { inputs: inputsOf(ddb, DescribeTableCommand) },
      DescribeTimeToLive: { inputs: inputsOf(ddb, DescribeTimeToLiveCommand) },
      DescribeContinuousBackups: { inputs: inputsOf(ddb, DescribeContinuousBackupsCommand) },
      ListTagsOfResource: { inputs: inputsOf(ddb, ListTagsOfResourceCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-table'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.ECS.Cluster', async (t) => {
  const ecs = mockClient(ECSClient);
  t.teardown(() => ecs.restore());
  const arn = (n: string) => `arn:aws:ecs:${PREFIX}:cluster/${n}-cluster`;
  await checkTargeted(t, {
    scanner: ecsClusterScanner,
    stubs: [ecs],
    setup: () => {
      ecs.on(ListEcsClustersCommand).resolves({ clusterArns: both.map(arn) });
      ecs.on(DescribeEcsClustersCommand).callsFake((i: { clusters?: string[] }) => ({
        clusters: (i.clusters ?? []).map((a) => ({ clusterArn: a, clusterName: a.split('/').pop(), status: 'ACTIVE', tags: [{ key: 'env', value: 'prod' }] })),
      }));
      ecs.on(ListServicesCommand).callsFake((i: { cluster?: string }) => ({ serviceArns: [`arn:aws:ecs:${PREFIX}:service/${(i.cluster ?? '').split('/').pop()}/web`] }));
      ecs.on(DescribeServicesCommand).callsFake((i: { services?: string[] }) => ({ services: (i.services ?? []).map((a) => ({ serviceArn: a, serviceName: 'web', createdAt: CREATED })) }));
    },
    details: {
      // One DescribeClusters call for up to 100 clusters: targeted, it names alpha alone.
      DescribeClusters: { inputs: inputsOf(ecs, DescribeEcsClustersCommand), batched: true },
      ListServices: { inputs: inputsOf(ecs, ListServicesCommand) },
      DescribeServices: { inputs: inputsOf(ecs, DescribeServicesCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-cluster'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.EFS.FileSystem', async (t) => {
  const efs = mockClient(EFSClient);
  t.teardown(() => efs.restore());
  const id = (n: string) => (n === 'alpha' ? 'fs-0aaaaaaa' : 'fs-0bbbbbbb');
  const arn = (n: string) => `arn:aws:elasticfilesystem:${PREFIX}:file-system/${id(n)}`;
  await checkTargeted(t, {
    scanner: efsFileSystemScanner,
    stubs: [efs],
    setup: () => {
      efs.on(DescribeFileSystemsCommand).resolves({
        FileSystems: both.map((n) => ({
          OwnerId: '123456789012',
          CreationToken: `token-${n}`,
          FileSystemId: id(n),
          FileSystemArn: arn(n),
          CreationTime: CREATED,
          LifeCycleState: 'available' as const,
          Name: `${n}-fs`,
          NumberOfMountTargets: 1,
          SizeInBytes: { Value: 6144 },
          PerformanceMode: 'generalPurpose' as const,
          Tags: [{ Key: 'Name', Value: `${n}-fs` }],
        })),
      });
      efs.on(DescribeFileSystemPolicyCommand).resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}' });
      efs.on(DescribeBackupPolicyCommand).resolves({ BackupPolicy: { Status: 'ENABLED' } });
      efs.on(DescribeLifecycleConfigurationCommand).resolves({ LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }] });
    },
    details: {
      DescribeFileSystemPolicy: { inputs: inputsOf(efs, DescribeFileSystemPolicyCommand) },
      DescribeBackupPolicy: { inputs: inputsOf(efs, DescribeBackupPolicyCommand) },
      DescribeLifecycleConfiguration: { inputs: inputsOf(efs, DescribeLifecycleConfigurationCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-fs', 'fs-0aaaaaaa'],
    marks: ['fs-0aaaaaaa', 'fs-0bbbbbbb'],
  });
});

t.test('AWS.EKS.Cluster', async (t) => {
  const eks = mockClient(EKSClient);
  t.teardown(() => eks.restore());
  const arn = (n: string) => `arn:aws:eks:${PREFIX}:cluster/${n}-cluster`;
  await checkTargeted(t, {
    scanner: eksClusterScanner,
    stubs: [eks],
    setup: () => {
      eks.on(ListEksClustersCommand).resolves({ clusters: both.map((n) => `${n}-cluster`) });
      eks.on(DescribeClusterCommand).callsFake((i: { name?: string }) => ({ cluster: { name: i.name, arn: `arn:aws:eks:${PREFIX}:cluster/${i.name}`, status: 'ACTIVE', version: '1.30', createdAt: CREATED } }));
      eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
      eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
    },
    details: {
      DescribeCluster: { inputs: inputsOf(eks, DescribeClusterCommand) },
      ListNodegroups: { inputs: inputsOf(eks, ListNodegroupsCommand) },
      ListFargateProfiles: { inputs: inputsOf(eks, ListFargateProfilesCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-cluster'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.ELBV2.ApplicationLoadBalancer', async (t) => {
  const elb = mockClient(ElasticLoadBalancingV2Client);
  // client-waf-regional pins an older @smithy/types than aws-sdk-client-mock's typings expect:
  // the stub is typed loosely (at run time it is the same stub of send()).
  const waf = mockClient(WAFRegionalClient as never) as unknown as LooseStub;
  t.teardown(() => {
    elb.restore();
    waf.restore();
  });
  const arn = (n: string) => `arn:aws:elasticloadbalancing:${PREFIX}:loadbalancer/app/${n}-alb/50dc6c495c0c9188`;
  await checkTargeted(t, {
    scanner: elbv2ApplicationLoadBalancerScanner,
    stubs: [elb, waf],
    setup: () => {
      elb.on(DescribeLoadBalancersCommand).resolves({
        LoadBalancers: both.map((n) => ({ LoadBalancerArn: arn(n), LoadBalancerName: `${n}-alb`, Type: 'application' as const, Scheme: 'internet-facing' as const, CreatedTime: CREATED })),
      });
      elb.on(DescribeTagsCommand).callsFake((i: { ResourceArns?: string[] }) => ({ TagDescriptions: (i.ResourceArns ?? []).map((a) => ({ ResourceArn: a, Tags: [{ Key: 'lb', Value: a }] })) }));
      elb.on(DescribeListenersCommand).callsFake((i: { LoadBalancerArn?: string }) => ({
        Listeners: [{ ListenerArn: `${i.LoadBalancerArn ?? ''}/listener`, Port: 443, Protocol: 'HTTPS' as const, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }],
      }));
      elb.on(DescribeSSLPoliciesCommand).resolves({ SslPolicies: [{ Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', SslProtocols: ['TLSv1.2', 'TLSv1.3'] }] });
      waf.on(GetWebACLForResourceCommand).resolves({ WebACLSummary: { WebACLId: 'acl-1', Name: 'edge' } });
    },
    details: {
      // Tags are read in batches of 20: targeted, the one batch names alpha alone.
      DescribeTags: { inputs: inputsOf(elb, DescribeTagsCommand), batched: true },
      DescribeListeners: { inputs: inputsOf(elb, DescribeListenersCommand) },
      GetWebACLForResource: { inputs: inputsOf(waf, GetWebACLForResourceCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-alb'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.GuardDuty.Detector', async (t) => {
  const gd = mockClient(GuardDutyClient);
  t.teardown(() => gd.restore());
  const id = (n: string) => (n === 'alpha' ? 'aaaa1111aaaa1111aaaa1111aaaa1111' : 'bbbb2222bbbb2222bbbb2222bbbb2222');
  const arn = (n: string) => `arn:aws:guardduty:${PREFIX}:detector/${id(n)}`;
  await checkTargeted(t, {
    scanner: guardDutyDetectorScanner,
    stubs: [gd],
    setup: () => {
      gd.on(ListDetectorsCommand).resolves({ DetectorIds: both.map(id) });
      gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty', CreatedAt: CREATED.toISOString() });
      gd.on(GetAdministratorAccountCommand).resolves({});
    },
    details: {
      GetDetector: { inputs: inputsOf(gd, GetDetectorCommand) },
      GetAdministratorAccount: { inputs: inputsOf(gd, GetAdministratorAccountCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), id('alpha')],
    marks: [id('alpha'), id('bravo')],
  });
});

t.test('AWS.KMS.Key', async (t) => {
  const kms = mockClient(KMSClient);
  t.teardown(() => kms.restore());
  const id = (n: string) => (n === 'alpha' ? 'aaaaaaaa-1111-2222-3333-444444444444' : 'bbbbbbbb-1111-2222-3333-444444444444');
  const arn = (n: string) => `arn:aws:kms:${PREFIX}:key/${id(n)}`;
  await checkTargeted(t, {
    scanner: kmsKeyScanner,
    stubs: [kms],
    setup: () => {
      kms.on(ListKeysCommand).resolves({ Keys: both.map((n) => ({ KeyId: id(n), KeyArn: arn(n) })) });
      kms.on(ListAliasesCommand).resolves({ Aliases: both.map((n) => ({ AliasName: `alias/${n}`, TargetKeyId: id(n) })) });
      kms.on(DescribeKeyCommand).callsFake((i: { KeyId?: string }) => ({ KeyMetadata: { KeyId: i.KeyId, Enabled: true, KeyState: 'Enabled', CreationDate: CREATED } }));
      kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
      kms.on(GetKeyPolicyCommand).resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}' });
      kms.on(ListResourceTagsCommand).resolves({ Tags: [{ TagKey: 'env', TagValue: 'prod' }] });
    },
    details: {
      DescribeKey: { inputs: inputsOf(kms, DescribeKeyCommand) },
      GetKeyRotationStatus: { inputs: inputsOf(kms, GetKeyRotationStatusCommand) },
      GetKeyPolicy: { inputs: inputsOf(kms, GetKeyPolicyCommand) },
      ListResourceTags: { inputs: inputsOf(kms, ListResourceTagsCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    // By ARN, by alias (the snapshot's Name), by key id (the ARN's last segment).
    keys: [arn('alpha'), 'alias/alpha', id('alpha')],
    marks: [id('alpha'), id('bravo')],
  });
});

t.test('AWS.Lambda.Function', async (t) => {
  const lambda = mockClient(LambdaClient);
  t.teardown(() => lambda.restore());
  const arn = (n: string) => `arn:aws:lambda:${PREFIX}:function:${n}-fn`;
  await checkTargeted(t, {
    scanner: lambdaFunctionScanner,
    stubs: [lambda],
    setup: () => {
      lambda.on(ListFunctionsCommand).resolves({ Functions: both.map((n) => ({ FunctionName: `${n}-fn`, FunctionArn: arn(n), Runtime: 'nodejs20.x' as const })) });
      lambda.on(ListFunctionTagsCommand).resolves({ Tags: { env: 'prod' } });
      lambda.on(GetFunctionPolicyCommand).resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}', RevisionId: 'rev-1' });
    },
    details: {
      ListTags: { inputs: inputsOf(lambda, ListFunctionTagsCommand) },
      GetPolicy: { inputs: inputsOf(lambda, GetFunctionPolicyCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-fn'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.RDS.Instance', async (t) => {
  const rds = mockClient(RDSClient);
  t.teardown(() => rds.restore());
  const arn = (n: string) => `arn:aws:rds:${PREFIX}:db:${n}-db`;
  await checkTargeted(t, {
    scanner: rdsInstanceScanner,
    stubs: [rds],
    setup: () => {
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: both.map((n) => ({ DBInstanceIdentifier: `${n}-db`, DBInstanceArn: arn(n), Engine: 'postgres', InstanceCreateTime: CREATED })) });
      rds.on(DescribeDBSnapshotsCommand).callsFake((i: { DBInstanceIdentifier?: string }) => ({
        DBSnapshots: [{ DBSnapshotIdentifier: `${i.DBInstanceIdentifier}-manual`, DBInstanceIdentifier: i.DBInstanceIdentifier, SnapshotType: 'manual' }],
      }));
      rds.on(DescribeDBSnapshotAttributesCommand).callsFake((i: { DBSnapshotIdentifier?: string }) => ({
        DBSnapshotAttributesResult: { DBSnapshotIdentifier: i.DBSnapshotIdentifier, DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [] }] },
      }));
    },
    details: {
      DescribeDBSnapshots: { inputs: inputsOf(rds, DescribeDBSnapshotsCommand) },
      DescribeDBSnapshotAttributes: { inputs: inputsOf(rds, DescribeDBSnapshotAttributesCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-db'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.RDS.Snapshot', async (t) => {
  const rds = mockClient(RDSClient);
  t.teardown(() => rds.restore());
  const arn = (n: string) => `arn:aws:rds:${PREFIX}:snapshot:${n}-snap`;
  await checkTargeted(t, {
    scanner: rdsSnapshotScanner,
    stubs: [rds],
    setup: () => {
      rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: both.map((n) => ({ DBSnapshotIdentifier: `${n}-snap`, DBSnapshotArn: arn(n), SnapshotCreateTime: CREATED })) });
      rds.on(DescribeDBSnapshotAttributesCommand).callsFake((i: { DBSnapshotIdentifier?: string }) => ({
        DBSnapshotAttributesResult: { DBSnapshotIdentifier: i.DBSnapshotIdentifier, DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }] },
      }));
    },
    details: { DescribeDBSnapshotAttributes: { inputs: inputsOf(rds, DescribeDBSnapshotAttributesCommand) } },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-snap'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.Redshift.Cluster', async (t) => {
  const rs = mockClient(RedshiftClient);
  t.teardown(() => rs.restore());
  const arn = (n: string) => `arn:aws:redshift:${PREFIX}:cluster:${n}-warehouse`;
  await checkTargeted(t, {
    scanner: redshiftClusterScanner,
    stubs: [rs],
    setup: () => {
      rs.on(DescribeRedshiftClustersCommand).resolves({ Clusters: both.map((n) => ({ ClusterIdentifier: `${n}-warehouse`, ClusterCreateTime: CREATED, Encrypted: true, Tags: [] })) });
      rs.on(DescribeLoggingStatusCommand).resolves({ LoggingEnabled: true, BucketName: 'audit-logs' });
    },
    details: { DescribeLoggingStatus: { inputs: inputsOf(rs, DescribeLoggingStatusCommand) } },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-warehouse'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.SecretsManager.Secret', async (t) => {
  const sm = mockClient(SecretsManagerClient);
  t.teardown(() => sm.restore());
  const arn = (n: string) => `arn:aws:secretsmanager:${PREFIX}:secret:${n}-secret-AbCdEf`;
  await checkTargeted(t, {
    scanner: secretsManagerSecretScanner,
    stubs: [sm],
    setup: () => {
      sm.on(ListSecretsCommand).resolves({ SecretList: both.map((n) => ({ ARN: arn(n), Name: `${n}-secret`, CreatedDate: CREATED, RotationEnabled: true })) });
      sm.on(GetResourcePolicyCommand).resolves({ ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' });
    },
    details: { GetResourcePolicy: { inputs: inputsOf(sm, GetResourcePolicyCommand) } },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-secret'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.SNS.Topic', async (t) => {
  const sns = mockClient(SNSClient);
  t.teardown(() => sns.restore());
  const arn = (n: string) => `arn:aws:sns:${PREFIX}:${n}-topic`;
  await checkTargeted(t, {
    scanner: snsTopicScanner,
    stubs: [sns],
    setup: () => {
      sns.on(ListTopicsCommand).resolves({ Topics: both.map((n) => ({ TopicArn: arn(n) })) });
      sns.on(GetTopicAttributesCommand).callsFake((i: { TopicArn?: string }) => ({ Attributes: { TopicArn: i.TopicArn ?? '', DisplayName: 'alerts', KmsMasterKeyId: 'alias/aws/sns' } }));
      sns.on(ListTopicTagsCommand).resolves({ Tags: [{ Key: 'env', Value: 'prod' }] });
    },
    details: {
      GetTopicAttributes: { inputs: inputsOf(sns, GetTopicAttributesCommand) },
      ListTagsForResource: { inputs: inputsOf(sns, ListTopicTagsCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-topic'],
    marks: ['alpha', 'bravo'],
  });
});

t.test('AWS.SQS.Queue', async (t) => {
  const sqs = mockClient(SQSClient);
  t.teardown(() => sqs.restore());
  const arn = (n: string) => `arn:aws:sqs:${PREFIX}:${n}-queue`;
  const url = (n: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${n}-queue`;
  await checkTargeted(t, {
    scanner: sqsQueueScanner,
    stubs: [sqs],
    setup: () => {
      sqs.on(ListQueuesCommand).resolves({ QueueUrls: both.map(url) });
      sqs.on(GetQueueAttributesCommand).callsFake((i: { QueueUrl?: string }) => ({
        Attributes: { QueueArn: `arn:aws:sqs:${PREFIX}:${(i.QueueUrl ?? '').split('/').pop()}`, CreatedTimestamp: '1714979289', SqsManagedSseEnabled: 'true' },
      }));
      sqs.on(ListQueueTagsCommand).resolves({ Tags: { env: 'prod' } });
    },
    details: {
      GetQueueAttributes: { inputs: inputsOf(sqs, GetQueueAttributesCommand) },
      ListQueueTags: { inputs: inputsOf(sqs, ListQueueTagsCommand) },
    },
    ids: [arn('alpha'), arn('bravo')],
    keys: [arn('alpha'), 'alpha-queue'],
    marks: ['alpha', 'bravo'],
  });
});
