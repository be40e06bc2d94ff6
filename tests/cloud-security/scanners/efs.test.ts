import t from 'tap';
import {
  DescribeBackupPolicyCommand,
  DescribeFileSystemPolicyCommand,
  DescribeFileSystemsCommand,
  DescribeLifecycleConfigurationCommand,
  EFSClient,
} from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import { efsFileSystemScanner } from '../../../cloud-security/scanners/efs.js';
import { awsError, denied, run } from './fixtures/groupB.js';

const efs = mockClient(EFSClient);
t.beforeEach(() => efs.reset());
t.teardown(() => efs.restore());

const arn = (id: string) => `arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/${id}`;
const fs = (id: string, name: string) => ({
  OwnerId: '123456789012',
  CreationToken: `console-${id}`,
  FileSystemId: id,
  FileSystemArn: arn(id),
  CreationTime: new Date('2024-09-09T09:09:09Z'),
  LifeCycleState: 'available' as const,
  Name: name,
  NumberOfMountTargets: 2,
  SizeInBytes: { Value: 6144, Timestamp: new Date('2024-09-10T00:00:00Z'), ValueInIA: 0, ValueInStandard: 6144 },
  PerformanceMode: 'generalPurpose' as const,
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  ThroughputMode: 'bursting' as const,
  Tags: [{ Key: 'Name', Value: name }],
});
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
const notFound = () => awsError('PolicyNotFound', 'None of the policies were found.', 404);

t.test('file systems of both pages, with policy, backup policy and lifecycle', async (t) => {
  efs.on(DescribeFileSystemsCommand).resolvesOnce({ FileSystems: [fs('fs-01234567', 'shared')], NextMarker: 'm2' }).resolvesOnce({ FileSystems: [fs('fs-89abcdef', 'scratch')] });
  efs.on(DescribeFileSystemPolicyCommand, { FileSystemId: 'fs-01234567' }).resolves({ FileSystemId: 'fs-01234567', Policy: POLICY });
  efs.on(DescribeFileSystemPolicyCommand, { FileSystemId: 'fs-89abcdef' }).rejects(notFound());
  efs.on(DescribeBackupPolicyCommand, { FileSystemId: 'fs-01234567' }).resolves({ BackupPolicy: { Status: 'ENABLED' } });
  efs.on(DescribeBackupPolicyCommand, { FileSystemId: 'fs-89abcdef' }).rejects(notFound());
  efs.on(DescribeLifecycleConfigurationCommand).resolves({ LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }] });
  const { items, problems } = await run(efsFileSystemScanner);
  t.same(problems, [], 'PolicyNotFound is "not configured", not a problem');
  t.equal(efs.commandCalls(DescribeFileSystemsCommand)[1]?.args[0].input.Marker, 'm2');
  t.strictSame(items[0], {
    ResourceId: arn('fs-01234567'),
    ResourceType: 'AWS.EFS.FileSystem',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'shared',
    ARN: arn('fs-01234567'),
    Tags: { Name: 'shared' },
    TimeCreated: '2024-09-09T09:09:09.000Z',
    OwnerId: '123456789012',
    CreationToken: 'console-fs-01234567',
    FileSystemId: 'fs-01234567',
    LifeCycleState: 'available',
    NumberOfMountTargets: 2,
    SizeInBytes: { Value: 6144, Timestamp: '2024-09-10T00:00:00.000Z', ValueInIA: 0, ValueInStandard: 6144 },
    PerformanceMode: 'generalPurpose',
    Encrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ThroughputMode: 'bursting',
    Policy: POLICY,
    BackupPolicy: { Status: 'ENABLED' },
    LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }],
  });
  t.same({ p: items[1]?.Policy, b: items[1]?.BackupPolicy }, { p: null, b: null });
});

t.test('a denied policy read: yielded with Policy null and a problem; a denied list yields nothing', async (t) => {
  efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs('fs-01234567', 'shared')] });
  efs.on(DescribeFileSystemPolicyCommand).rejects(denied('AccessDeniedException'));
  efs.on(DescribeBackupPolicyCommand).resolves({ BackupPolicy: { Status: 'DISABLED' } });
  efs.on(DescribeLifecycleConfigurationCommand).resolves({ LifecyclePolicies: [] });
  let r = await run(efsFileSystemScanner);
  t.equal(r.items.length, 1);
  t.same({ p: r.items[0]?.Policy, b: r.items[0]?.BackupPolicy, l: r.items[0]?.LifecyclePolicies }, { p: null, b: { Status: 'DISABLED' }, l: [] });
  t.match(r.problems, [{ kind: 'access-denied', resourceId: arn('fs-01234567') }]);
  t.equal(r.problems.length, 1);

  efs.reset();
  efs.on(DescribeFileSystemsCommand).rejects(denied('AccessDeniedException'));
  r = await run(efsFileSystemScanner);
  t.same(r.items, []);
  t.match(r.problems, [{ resourceType: 'AWS.EFS.FileSystem', kind: 'access-denied' }]);
});
