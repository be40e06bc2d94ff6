import t from 'tap';
import {
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ec2AmiScanner,
  ec2InstanceScanner,
  ec2NetworkAclScanner,
  ec2SecurityGroupScanner,
  ec2SnapshotScanner,
  ec2VolumeScanner,
  ec2VpcScanner,
} from '../../../cloud-security/scanners/ec2.js';
import { denied, run, throttled } from './fixtures/groupB.js';

const ec2 = mockClient(EC2Client);
t.beforeEach(() => ec2.reset());
t.teardown(() => ec2.restore());

const image = (id: string) => ({
  Architecture: 'x86_64' as const,
  CreationDate: '2024-03-01T10:00:00.000Z',
  ImageId: id,
  ImageLocation: '123456789012/golden-base',
  ImageType: 'machine' as const,
  Public: false,
  OwnerId: '123456789012',
  PlatformDetails: 'Linux/UNIX',
  State: 'available' as const,
  BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, SnapshotId: 'snap-0a1b2c3d4e5f60718', VolumeSize: 8, VolumeType: 'gp3' as const, Encrypted: true } }],
  EnaSupport: true,
  Hypervisor: 'xen' as const,
  Name: 'golden-base',
  RootDeviceName: '/dev/xvda',
  RootDeviceType: 'ebs' as const,
  SriovNetSupport: 'simple',
  VirtualizationType: 'hvm' as const,
  Tags: [{ Key: 'team', Value: 'platform' }],
});

t.test('AMI: both pages of the account own images, the full snapshot of one', async (t) => {
  ec2.on(DescribeImagesCommand).resolvesOnce({ Images: [image('ami-0abcdef1234567890')], NextToken: 'page-2' }).resolvesOnce({ Images: [image('ami-0fedcba0987654321')] });
  const { items, problems } = await run(ec2AmiScanner);
  t.same(problems, []);
  t.same(items.map((i) => i.ImageId), ['ami-0abcdef1234567890', 'ami-0fedcba0987654321']);
  const calls = ec2.commandCalls(DescribeImagesCommand);
  t.equal(calls.length, 2);
  t.same(calls[0]?.args[0].input.Owners, ['self'], 'only images the account owns');
  t.equal(calls[1]?.args[0].input.NextToken, 'page-2', 'the second page was asked with the token');
  t.strictSame(items[0], {
    ResourceId: 'arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890',
    ResourceType: 'AWS.EC2.AMI',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'golden-base',
    ARN: 'arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890',
    Tags: { team: 'platform' },
    TimeCreated: '2024-03-01T10:00:00.000Z',
    Architecture: 'x86_64',
    ImageId: 'ami-0abcdef1234567890',
    ImageLocation: '123456789012/golden-base',
    ImageType: 'machine',
    Public: false,
    OwnerId: '123456789012',
    PlatformDetails: 'Linux/UNIX',
    State: 'available',
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, SnapshotId: 'snap-0a1b2c3d4e5f60718', VolumeSize: 8, VolumeType: 'gp3', Encrypted: true } }],
    EnaSupport: true,
    Hypervisor: 'xen',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    VirtualizationType: 'hvm',
  });
});

t.test('Instance: instances across reservations, dates as ISO strings; a denied list yields nothing', async (t) => {
  ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        ReservationId: 'r-0123456789abcdef0',
        OwnerId: '123456789012',
        Instances: [
          {
            InstanceId: 'i-0123456789abcdef0',
            ImageId: 'ami-0abcdef1234567890',
            InstanceType: 't3.micro',
            LaunchTime: new Date('2024-05-02T08:30:00Z'),
            State: { Code: 16, Name: 'running' },
            PublicIpAddress: '203.0.113.10',
            MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', State: 'applied' },
            NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0a1b2c3d', Attachment: { AttachTime: new Date('2024-05-02T08:30:01Z'), DeviceIndex: 0, Status: 'attached' } }],
            SecurityGroups: [{ GroupId: 'sg-0a1b2c3d4e5f60718', GroupName: 'web' }],
            Tags: [{ Key: 'Name', Value: 'web-1' }, { Key: 'env', Value: 'prod' }],
          },
        ],
      },
      { ReservationId: 'r-0fedcba987654321f', Instances: [{ InstanceId: 'i-0fedcba987654321f', State: { Code: 80, Name: 'stopped' } }] },
    ],
  });
  const { items, problems } = await run(ec2InstanceScanner);
  t.same(problems, []);
  t.equal(items.length, 2);
  t.strictSame(items[0], {
    ResourceId: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
    ResourceType: 'AWS.EC2.Instance',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'web-1',
    ARN: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
    Tags: { Name: 'web-1', env: 'prod' },
    TimeCreated: '2024-05-02T08:30:00.000Z',
    InstanceId: 'i-0123456789abcdef0',
    ImageId: 'ami-0abcdef1234567890',
    InstanceType: 't3.micro',
    LaunchTime: '2024-05-02T08:30:00.000Z',
    State: { Code: 16, Name: 'running' },
    PublicIpAddress: '203.0.113.10',
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', State: 'applied' },
    NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0a1b2c3d', Attachment: { AttachTime: '2024-05-02T08:30:01.000Z', DeviceIndex: 0, Status: 'attached' } }],
    SecurityGroups: [{ GroupId: 'sg-0a1b2c3d4e5f60718', GroupName: 'web' }],
  });
  t.equal(items[1]?.Name, 'i-0fedcba987654321f', 'no Name tag: the id is the name');

  ec2.reset();
  ec2.on(DescribeInstancesCommand).rejects(denied('UnauthorizedOperation'));
  const off = await run(ec2InstanceScanner);
  t.same(off.items, []);
  t.equal(off.problems.length, 1);
  t.match(off.problems[0], { resourceType: 'AWS.EC2.Instance', region: 'us-east-1', kind: 'access-denied', message: /^UnauthorizedOperation: / });
  t.equal(off.problems[0]?.resourceId, undefined);
});

t.test('Instance: a list that fails on its second page yields nothing (no partial list)', async (t) => {
  ec2.on(DescribeInstancesCommand).resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-1' }] }], NextToken: 'p2' }).rejectsOnce(throttled('RequestLimitExceeded'));
  const { items, problems } = await run(ec2InstanceScanner);
  t.same(items, []);
  t.match(problems, [{ kind: 'throttled', message: /^RequestLimitExceeded: / }]);
});

t.test('NetworkACL: entries and associations as the API gives them', async (t) => {
  ec2.on(DescribeNetworkAclsCommand).resolves({
    NetworkAcls: [
      {
        NetworkAclId: 'acl-0a1b2c3d4e5f60718',
        VpcId: 'vpc-0a1b2c3d',
        IsDefault: true,
        OwnerId: '123456789012',
        Associations: [{ NetworkAclAssociationId: 'aclassoc-11223344', NetworkAclId: 'acl-0a1b2c3d4e5f60718', SubnetId: 'subnet-0a1b2c3d' }],
        Entries: [
          { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
          { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: { From: 22, To: 22 }, RuleAction: 'deny', RuleNumber: 90 },
        ],
        Tags: [],
      },
    ],
  });
  const { items } = await run(ec2NetworkAclScanner);
  t.strictSame(items, [
    {
      ResourceId: 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-0a1b2c3d4e5f60718',
      ResourceType: 'AWS.EC2.NetworkACL',
      AccountId: '123456789012',
      Region: 'us-east-1',
      Name: 'acl-0a1b2c3d4e5f60718',
      ARN: 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-0a1b2c3d4e5f60718',
      Tags: {},
      TimeCreated: null,
      NetworkAclId: 'acl-0a1b2c3d4e5f60718',
      VpcId: 'vpc-0a1b2c3d',
      IsDefault: true,
      OwnerId: '123456789012',
      Associations: [{ NetworkAclAssociationId: 'aclassoc-11223344', NetworkAclId: 'acl-0a1b2c3d4e5f60718', SubnetId: 'subnet-0a1b2c3d' }],
      Entries: [
        { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
        { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '6', PortRange: { From: 22, To: 22 }, RuleAction: 'deny', RuleNumber: 90 },
      ],
    },
  ]);
});

t.test('SecurityGroup: two pages, the ARN the API gives, ingress rules kept', async (t) => {
  const sg = (id: string, name: string) => ({
    GroupId: id,
    GroupName: name,
    Description: 'web tier',
    OwnerId: '123456789012',
    VpcId: 'vpc-0a1b2c3d',
    SecurityGroupArn: `arn:aws:ec2:us-east-1:123456789012:security-group/${id}`,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    Tags: [{ Key: 'env', Value: 'prod' }],
  });
  ec2.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [sg('sg-01', 'web')], NextToken: 'tok' }).resolvesOnce({ SecurityGroups: [sg('sg-02', 'db')] });
  const { items, problems } = await run(ec2SecurityGroupScanner);
  t.same(problems, []);
  t.same(items.map((i) => i.Name), ['web', 'db']);
  t.equal(ec2.commandCalls(DescribeSecurityGroupsCommand)[1]?.args[0].input.NextToken, 'tok');
  t.strictSame(items[0], {
    ResourceId: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-01',
    ResourceType: 'AWS.EC2.SecurityGroup',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'web',
    ARN: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-01',
    Tags: { env: 'prod' },
    TimeCreated: null,
    GroupId: 'sg-01',
    GroupName: 'web',
    Description: 'web tier',
    OwnerId: '123456789012',
    VpcId: 'vpc-0a1b2c3d',
    SecurityGroupArn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-01',
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  });
});

t.test('Volume: encryption and attachments, CreateTime as TimeCreated', async (t) => {
  ec2.on(DescribeVolumesCommand).resolves({
    Volumes: [
      {
        VolumeId: 'vol-049df61146c4d7901',
        AvailabilityZone: 'us-east-1a',
        CreateTime: new Date('2024-01-10T12:00:00Z'),
        Encrypted: false,
        Size: 8,
        SnapshotId: 'snap-1234567890abcdef0',
        State: 'in-use',
        VolumeType: 'gp3',
        Iops: 3000,
        Attachments: [{ AttachTime: new Date('2024-01-10T12:01:00Z'), Device: '/dev/xvda', InstanceId: 'i-0123456789abcdef0', State: 'attached', VolumeId: 'vol-049df61146c4d7901', DeleteOnTermination: true }],
      },
    ],
  });
  const { items } = await run(ec2VolumeScanner);
  t.strictSame(items[0], {
    ResourceId: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-049df61146c4d7901',
    ResourceType: 'AWS.EC2.Volume',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'vol-049df61146c4d7901',
    ARN: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-049df61146c4d7901',
    Tags: {},
    TimeCreated: '2024-01-10T12:00:00.000Z',
    VolumeId: 'vol-049df61146c4d7901',
    AvailabilityZone: 'us-east-1a',
    Encrypted: false,
    Size: 8,
    SnapshotId: 'snap-1234567890abcdef0',
    State: 'in-use',
    VolumeType: 'gp3',
    Iops: 3000,
    Attachments: [{ AttachTime: '2024-01-10T12:01:00.000Z', Device: '/dev/xvda', InstanceId: 'i-0123456789abcdef0', State: 'attached', VolumeId: 'vol-049df61146c4d7901', DeleteOnTermination: true }],
  });
});

const vpcs = {
  Vpcs: [
    { VpcId: 'vpc-0a1b2c3d', CidrBlock: '10.0.0.0/16', DhcpOptionsId: 'dopt-19edf471', InstanceTenancy: 'default' as const, IsDefault: false, OwnerId: '123456789012', State: 'available' as const, Tags: [{ Key: 'Name', Value: 'main' }] },
    { VpcId: 'vpc-0e9f8a7b', CidrBlock: '172.31.0.0/16', IsDefault: true, OwnerId: '123456789012', State: 'available' as const },
  ],
};

t.test('VPC: flow logs matched to their VPC; a VPC without any has []', async (t) => {
  ec2.on(DescribeVpcsCommand).resolves(vpcs);
  ec2.on(DescribeFlowLogsCommand).resolvesOnce({
    FlowLogs: [{ FlowLogId: 'fl-1a2b3c4d', ResourceId: 'vpc-0a1b2c3d', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::flow-logs', CreationTime: new Date('2024-02-01T00:00:00Z') }],
    NextToken: 'fl-2',
  }).resolvesOnce({ FlowLogs: [{ FlowLogId: 'fl-5e6f7a8b', ResourceId: 'subnet-0a1b2c3d', FlowLogStatus: 'ACTIVE', TrafficType: 'REJECT' }] });
  const { items, problems } = await run(ec2VpcScanner);
  t.same(problems, []);
  t.equal(ec2.commandCalls(DescribeFlowLogsCommand)[1]?.args[0].input.NextToken, 'fl-2');
  t.strictSame(items[0], {
    ResourceId: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d',
    ResourceType: 'AWS.EC2.VPC',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'main',
    ARN: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d',
    Tags: { Name: 'main' },
    TimeCreated: null,
    VpcId: 'vpc-0a1b2c3d',
    CidrBlock: '10.0.0.0/16',
    DhcpOptionsId: 'dopt-19edf471',
    InstanceTenancy: 'default',
    IsDefault: false,
    OwnerId: '123456789012',
    State: 'available',
    FlowLogs: [{ FlowLogId: 'fl-1a2b3c4d', ResourceId: 'vpc-0a1b2c3d', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::flow-logs', CreationTime: '2024-02-01T00:00:00.000Z' }],
  });
  t.strictSame(items[1]?.FlowLogs, [], 'known to have none (the subnet flow log is not the VPC one)');
});

t.test('VPC: denied flow logs leave FlowLogs null (unknown), the VPCs still yielded', async (t) => {
  ec2.on(DescribeVpcsCommand).resolves(vpcs);
  ec2.on(DescribeFlowLogsCommand).rejects(denied('UnauthorizedOperation'));
  const { items, problems } = await run(ec2VpcScanner);
  t.same(items.map((i) => i.FlowLogs), [null, null]);
  t.match(problems, [{ resourceType: 'AWS.EC2.VPC', kind: 'access-denied' }]);
});

const snapshot = (id: string) => ({
  SnapshotId: id,
  VolumeId: 'vol-049df61146c4d7901',
  VolumeSize: 8,
  State: 'completed' as const,
  StartTime: new Date('2024-03-03T03:03:03Z'),
  Progress: '100%',
  OwnerId: '123456789012',
  Description: 'nightly',
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  StorageTier: 'standard' as const,
});

t.test('Snapshot: owned snapshots with who may create volumes from them', async (t) => {
  ec2.on(DescribeSnapshotsCommand).resolvesOnce({ Snapshots: [snapshot('snap-01')], NextToken: 's2' }).resolvesOnce({ Snapshots: [snapshot('snap-02')] });
  ec2.on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-01' }).resolves({ SnapshotId: 'snap-01', CreateVolumePermissions: [{ Group: 'all' }] });
  ec2.on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-02' }).resolves({ SnapshotId: 'snap-02', CreateVolumePermissions: [] });
  const { items, problems } = await run(ec2SnapshotScanner);
  t.same(problems, []);
  const calls = ec2.commandCalls(DescribeSnapshotsCommand);
  t.same(calls[0]?.args[0].input.OwnerIds, ['self']);
  t.equal(calls[1]?.args[0].input.NextToken, 's2');
  t.equal(ec2.commandCalls(DescribeSnapshotAttributeCommand)[0]?.args[0].input.Attribute, 'createVolumePermission');
  t.strictSame(items[0], {
    ResourceId: 'arn:aws:ec2:us-east-1::snapshot/snap-01',
    ResourceType: 'AWS.EC2.Snapshot',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'snap-01',
    ARN: 'arn:aws:ec2:us-east-1::snapshot/snap-01',
    Tags: {},
    TimeCreated: '2024-03-03T03:03:03.000Z',
    SnapshotId: 'snap-01',
    VolumeId: 'vol-049df61146c4d7901',
    VolumeSize: 8,
    State: 'completed',
    StartTime: '2024-03-03T03:03:03.000Z',
    Progress: '100%',
    OwnerId: '123456789012',
    Description: 'nightly',
    Encrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    StorageTier: 'standard',
    CreateVolumePermissions: [{ Group: 'all' }],
  });
  t.strictSame(items[1]?.CreateVolumePermissions, []);
});

t.test('Snapshot: a denied attribute leaves that snapshot yielded with null permissions', async (t) => {
  ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [snapshot('snap-01'), snapshot('snap-02')] });
  ec2.on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-01' }).rejects(denied('UnauthorizedOperation'));
  ec2.on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-02' }).resolves({ CreateVolumePermissions: [{ UserId: '210987654321' }] });
  const { items, problems } = await run(ec2SnapshotScanner);
  t.same(items.map((i) => i.CreateVolumePermissions), [null, [{ UserId: '210987654321' }]]);
  t.equal(problems.length, 1);
  t.match(problems[0], { resourceType: 'AWS.EC2.Snapshot', resourceId: 'arn:aws:ec2:us-east-1::snapshot/snap-01', kind: 'access-denied' });
});
