// AWS.EFS.FileSystem: file systems with their resource policy, backup policy and lifecycle rules.
import {
  DescribeBackupPolicyCommand,
  DescribeFileSystemPolicyCommand,
  DescribeLifecycleConfigurationCommand,
  EFSClient,
  paginateDescribeFileSystems,
} from '@aws-sdk/client-efs';
import type { FileSystemDescription } from '@aws-sdk/client-efs';
import type { ResourceScanner, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, plainObject, tagMap } from './common.js';

const TYPE = 'AWS.EFS.FileSystem';

const fileSystemArn = (ctx: ScanContext, fs: FileSystemDescription): string =>
  fs.FileSystemArn ?? `arn:${ctx.partition}:elasticfilesystem:${ctx.region}:${ctx.accountId}:file-system/${fs.FileSystemId ?? ''}`;

export const efsFileSystemScanner: ResourceScanner = {
  resourceType: TYPE,
  async *scan(ctx) {
    const efs = new EFSClient(ctx.clientConfig);
    const listed = await listAll(ctx, TYPE, () => paginateDescribeFileSystems({ client: efs }, {}), (p) => p.FileSystems);
    if (listed === null) return;
    const fss = onlyWanted(ctx, listed, (fs) => ({ id: fileSystemArn(ctx, fs), arn: fileSystemArn(ctx, fs), name: fs.Name ?? fs.FileSystemId ?? null }));
    const details = await mapLimit(fss, DETAIL_CONCURRENCY, async (fs) => {
      const id = fs.FileSystemId ?? '';
      const arn = fs.FileSystemArn ?? '';
      // No policy set answers PolicyNotFound: not configured.
      const policy = await detail(ctx, TYPE, arn, () => efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: id })), ['PolicyNotFound']);
      const backup = await detail(ctx, TYPE, arn, () => efs.send(new DescribeBackupPolicyCommand({ FileSystemId: id })), ['PolicyNotFound']);
      const lifecycle = await detail(ctx, TYPE, arn, () => efs.send(new DescribeLifecycleConfigurationCommand({ FileSystemId: id })));
      return {
        Policy: policy?.Policy ?? null,
        BackupPolicy: backup?.BackupPolicy ? plain(backup.BackupPolicy) : null,
        LifecyclePolicies: lifecycle === null ? null : plain(lifecycle.LifecyclePolicies ?? []),
      };
    });
    for (const [i, fs] of fss.entries()) {
      const arn = fileSystemArn(ctx, fs);
      yield {
        ...baseSnapshot(ctx, TYPE, { id: arn, arn, name: fs.Name ?? fs.FileSystemId ?? null, tags: tagMap(fs.Tags), created: fs.CreationTime ?? null }),
        ...plainObject(fs, ['Tags', 'Name', 'FileSystemArn', 'CreationTime']),
        ...(details[i] ?? { Policy: null, BackupPolicy: null, LifecyclePolicies: null }),
      };
    }
  },
};
