import t from 'tap';
import {
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListClustersCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { eksClusterScanner } from '../../../cloud-security/scanners/eks.js';
import { denied, run } from './fixtures/groupB.js';

const eks = mockClient(EKSClient);
t.beforeEach(() => eks.reset());
t.teardown(() => eks.restore());

const arn = (name: string) => `arn:aws:eks:us-east-1:123456789012:cluster/${name}`;
const cluster = (name: string) => ({
  name,
  arn: arn(name),
  createdAt: new Date('2024-08-08T08:08:08Z'),
  version: '1.30',
  endpoint: 'https://A1B2C3D4.gr7.us-east-1.eks.amazonaws.com',
  roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
  resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: [], clusterSecurityGroupId: 'sg-0c1d2e3f', vpcId: 'vpc-0a1b2c3d', endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
  logging: { clusterLogging: [{ types: ['api' as const, 'audit' as const], enabled: true }] },
  status: 'ACTIVE' as const,
  platformVersion: 'eks.5',
  encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' } }],
  tags: { env: 'prod' },
});

t.test('clusters of both pages, each described with node groups and Fargate profiles', async (t) => {
  eks.on(ListClustersCommand).resolvesOnce({ clusters: ['prod'], nextToken: 'n2' }).resolvesOnce({ clusters: ['dev'] });
  eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster: cluster('prod') });
  eks.on(DescribeClusterCommand, { name: 'dev' }).resolves({ cluster: cluster('dev') });
  eks.on(ListNodegroupsCommand, { clusterName: 'prod' }).resolves({ nodegroups: ['workers'] });
  eks.on(ListNodegroupsCommand, { clusterName: 'dev' }).resolves({ nodegroups: [] });
  eks.on(DescribeNodegroupCommand).resolves({
    nodegroup: {
      nodegroupName: 'workers',
      nodegroupArn: 'arn:aws:eks:us-east-1:123456789012:nodegroup/prod/workers/1ab2c3d4',
      clusterName: 'prod',
      createdAt: new Date('2024-08-09T00:00:00Z'),
      amiType: 'AL2023_x86_64_STANDARD',
      instanceTypes: ['m5.large'],
      scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
      labels: { 'kubernetes.io/role': 'worker' },
      tags: { team: 'platform' },
    },
  });
  eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
  const { items, problems } = await run(eksClusterScanner);
  t.same(problems, []);
  t.same(items.map((i) => i.Name), ['prod', 'dev']);
  t.equal(eks.commandCalls(ListClustersCommand)[1]?.args[0].input.nextToken, 'n2');
  t.strictSame(items[0], {
    ResourceId: arn('prod'),
    ResourceType: 'AWS.EKS.Cluster',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'prod',
    ARN: arn('prod'),
    Tags: { env: 'prod' },
    TimeCreated: '2024-08-08T08:08:08.000Z',
    Version: '1.30',
    Endpoint: 'https://A1B2C3D4.gr7.us-east-1.eks.amazonaws.com',
    RoleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
    ResourcesVpcConfig: { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: [], ClusterSecurityGroupId: 'sg-0c1d2e3f', VpcId: 'vpc-0a1b2c3d', EndpointPublicAccess: true, EndpointPrivateAccess: false, PublicAccessCidrs: ['0.0.0.0/0'] },
    Logging: { ClusterLogging: [{ Types: ['api', 'audit'], Enabled: true }] },
    Status: 'ACTIVE',
    PlatformVersion: 'eks.5',
    EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' } }],
    NodeGroup: [
      {
        ARN: 'arn:aws:eks:us-east-1:123456789012:nodegroup/prod/workers/1ab2c3d4',
        Name: 'workers',
        Tags: { team: 'platform' },
        TimeCreated: '2024-08-09T00:00:00.000Z',
        NodegroupName: 'workers',
        NodegroupArn: 'arn:aws:eks:us-east-1:123456789012:nodegroup/prod/workers/1ab2c3d4',
        ClusterName: 'prod',
        AmiType: 'AL2023_x86_64_STANDARD',
        InstanceTypes: ['m5.large'],
        ScalingConfig: { MinSize: 1, MaxSize: 3, DesiredSize: 2 },
        // A free-form map keeps its keys.
        Labels: { 'kubernetes.io/role': 'worker' },
      },
    ],
    FargateProfile: [],
  });
});

t.test('a denied DescribeCluster: the cluster still yielded by name and ARN; a denied list yields nothing', async (t) => {
  eks.on(ListClustersCommand).resolves({ clusters: ['prod'] });
  eks.on(DescribeClusterCommand).rejects(denied());
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
  eks.on(ListFargateProfilesCommand).rejects(denied());
  let r = await run(eksClusterScanner);
  t.equal(r.items.length, 1);
  t.match(r.items[0], { ResourceId: arn('prod'), Name: 'prod', NodeGroup: [], FargateProfile: null, TimeCreated: null });
  t.equal(r.problems.length, 2);
  t.ok(r.problems.every((p) => p.kind === 'access-denied' && p.resourceId === arn('prod')));
  t.equal(eks.commandCalls(DescribeFargateProfileCommand).length, 0);

  eks.reset();
  eks.on(ListClustersCommand).rejects(denied());
  r = await run(eksClusterScanner);
  t.same(r.items, []);
  t.match(r.problems, [{ resourceType: 'AWS.EKS.Cluster', kind: 'access-denied' }]);
});
