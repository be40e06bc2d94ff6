// AWS.S3.Bucket: the buckets of the scanned region (ListBuckets filtered by BucketRegion), with
// their ACL, versioning, logging, default encryption, policy, public access block, lifecycle,
// object lock and tags, in the fields of Panther's AWS.S3.Bucket snapshot.
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
  S3Client,
  paginateListBuckets,
  type Bucket,
} from '@aws-sdk/client-s3';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, tagMap } from './common.js';

export const S3_BUCKET = 'AWS.S3.Bucket';

const bucketArn = (ctx: ScanContext, name: string): string => `arn:${ctx.partition}:s3:::${name}`;

async function bucketSnapshot(ctx: ScanContext, s3: S3Client, bucket: Bucket): Promise<ResourceSnapshot> {
  const name = bucket.Name ?? '';
  const arn = bucketArn(ctx, name);
  const d = <T>(call: () => Promise<T>, notConfigured: readonly string[] = []) => detail(ctx, S3_BUCKET, arn, call, notConfigured);
  const [acl, versioning, logging, encryption, policy, pab, lifecycle, lock, tagging] = await Promise.all([
    d(() => s3.send(new GetBucketAclCommand({ Bucket: name }))),
    d(() => s3.send(new GetBucketVersioningCommand({ Bucket: name }))),
    d(() => s3.send(new GetBucketLoggingCommand({ Bucket: name }))),
    d(() => s3.send(new GetBucketEncryptionCommand({ Bucket: name })), ['ServerSideEncryptionConfigurationNotFoundError']),
    d(() => s3.send(new GetBucketPolicyCommand({ Bucket: name })), ['NoSuchBucketPolicy']),
    d(() => s3.send(new GetPublicAccessBlockCommand({ Bucket: name })), ['NoSuchPublicAccessBlockConfiguration']),
    d(() => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name })), ['NoSuchLifecycleConfiguration']),
    d(() => s3.send(new GetObjectLockConfigurationCommand({ Bucket: name })), ['ObjectLockConfigurationNotFoundError']),
    d(() => s3.send(new GetBucketTaggingCommand({ Bucket: name })), ['NoSuchTagSet']),
  ]);
  return {
    ...baseSnapshot(ctx, S3_BUCKET, { id: arn, arn, name, tags: tagMap(tagging?.TagSet), created: bucket.CreationDate ?? null }),
    Grants: acl ? plain(acl.Grants ?? []) : null,
    Owner: acl?.Owner ? plain(acl.Owner) : null,
    // Status is absent until versioning was first enabled: null means "never enabled".
    Versioning: versioning?.Status ?? null,
    MFADelete: versioning?.MFADelete ?? null,
    LoggingPolicy: logging?.LoggingEnabled ? plain(logging.LoggingEnabled) : null,
    EncryptionRules: encryption?.ServerSideEncryptionConfiguration?.Rules ? plain(encryption.ServerSideEncryptionConfiguration.Rules) : null,
    Policy: policy?.Policy ?? null,
    PublicAccessBlockConfiguration: pab?.PublicAccessBlockConfiguration ? plain(pab.PublicAccessBlockConfiguration) : null,
    LifecycleRules: lifecycle?.Rules ? plain(lifecycle.Rules) : null,
    ObjectLockConfiguration: lock?.ObjectLockConfiguration ? plain(lock.ObjectLockConfiguration) : null,
  };
}

export const s3BucketScanner: ResourceScanner = {
  resourceType: S3_BUCKET,
  async *scan(ctx) {
    const s3 = new S3Client(ctx.clientConfig);
    // BucketRegion keeps each regional scan to its own buckets, so every detail call goes to the
    // bucket's own regional endpoint and no bucket is scanned twice.
    const buckets = await listAll(
      ctx,
      S3_BUCKET,
      () => paginateListBuckets({ client: s3 }, { BucketRegion: ctx.region, MaxBuckets: 1000 }),
      (p) => p.Buckets,
    );
    if (!buckets) return;
    const asked = onlyWanted(ctx, buckets, (b) => ({ id: bucketArn(ctx, b.Name ?? ''), arn: bucketArn(ctx, b.Name ?? ''), name: b.Name ?? '' }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (b) => bucketSnapshot(ctx, s3, b));
  },
};
