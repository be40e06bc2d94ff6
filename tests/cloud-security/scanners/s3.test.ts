import t from 'tap';
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
import { mockClient } from 'aws-sdk-client-mock';
import { s3BucketScanner } from '../../../cloud-security/scanners/s3.js';
import { awsError, denied, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const s3 = mockClient(S3Client);
const OWNER = { DisplayName: 'acme', ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' };
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::acme-logs/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });

/** Every bucket fully configured, except what a test overrides. */
function configured(): void {
  s3.on(GetBucketAclCommand).resolves({
    Owner: OWNER,
    Grants: [{ Grantee: { Type: 'CanonicalUser', ID: OWNER.ID, DisplayName: 'acme' }, Permission: 'FULL_CONTROL' }],
  });
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
  s3.on(GetBucketLoggingCommand).resolves({ LoggingEnabled: { TargetBucket: 'acme-access-logs', TargetPrefix: 'acme-logs/' } });
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, BucketKeyEnabled: true }] },
  });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: POLICY });
  s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
  s3.on(GetBucketLifecycleConfigurationCommand).resolves({
    Rules: [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }],
  });
  s3.on(GetObjectLockConfigurationCommand).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } } });
  s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'sec' }] });
}

t.beforeEach(() => s3.reset());

t.test('full snapshot of one bucket, field by field', async (t) => {
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'acme-logs', CreationDate: new Date('2023-01-02T03:04:05Z'), BucketRegion: 'us-east-1' }], Owner: OWNER });
  configured();
  const { ctx, problems } = makeCtx();
  const [b, ...rest] = await drain(s3BucketScanner, ctx);
  t.equal(rest.length, 0);
  t.same(problems, []);
  t.ok(b);
  if (!b) return;
  t.equal(b.ResourceId, 'arn:aws:s3:::acme-logs');
  t.equal(b.ResourceType, 'AWS.S3.Bucket');
  t.equal(b.AccountId, '123456789012');
  t.equal(b.Region, 'us-east-1');
  t.equal(b.Name, 'acme-logs');
  t.equal(b.ARN, 'arn:aws:s3:::acme-logs');
  t.same(b.Tags, { env: 'prod', team: 'sec' });
  t.equal(b.TimeCreated, '2023-01-02T03:04:05.000Z');
  t.same(b.Owner, OWNER);
  t.same(b.Grants, [{ Grantee: { Type: 'CanonicalUser', ID: OWNER.ID, DisplayName: 'acme' }, Permission: 'FULL_CONTROL' }]);
  t.equal(b.Versioning, 'Enabled');
  t.equal(b.MFADelete, 'Disabled');
  t.same(b.LoggingPolicy, { TargetBucket: 'acme-access-logs', TargetPrefix: 'acme-logs/' });
  t.same(b.EncryptionRules, [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, BucketKeyEnabled: true }]);
  t.equal(b.Policy, POLICY);
  t.same(b.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  t.same(b.LifecycleRules, [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }]);
  t.same(b.ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } });
  // The listing asked only for this region's buckets.
  t.equal(s3.commandCalls(ListBucketsCommand)[0]?.args[0].input.BucketRegion, 'us-east-1');
  t.equal(s3.commandCalls(GetBucketPolicyCommand)[0]?.args[0].input.Bucket, 'acme-logs');
});

t.test('two pages of buckets: both yielded, the ContinuationToken passed', async (t) => {
  const pages = paged(
    [
      { Buckets: [{ Name: 'a', CreationDate: new Date('2023-01-01T00:00:00Z') }], ContinuationToken: 'tok-2' },
      { Buckets: [{ Name: 'b', CreationDate: new Date('2023-01-01T00:00:00Z') }] },
    ],
    'ContinuationToken',
  );
  s3.on(ListBucketsCommand).callsFake(pages.fake);
  configured();
  const { ctx } = makeCtx();
  const out = await drain(s3BucketScanner, ctx);
  t.same(out.map((b) => b.Name), ['a', 'b']);
  t.same(pages.seen, [undefined, 'tok-2']);
});

t.test('settings that are not configured are null without a problem', async (t) => {
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'bare', CreationDate: new Date('2023-01-01T00:00:00Z') }] });
  configured();
  s3.on(GetBucketVersioningCommand).resolves({});
  s3.on(GetBucketLoggingCommand).resolves({});
  s3.on(GetBucketEncryptionCommand).rejects(awsError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404));
  s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
  s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
  s3.on(GetBucketLifecycleConfigurationCommand).rejects(awsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404));
  s3.on(GetObjectLockConfigurationCommand).rejects(awsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404));
  s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet', 'The TagSet does not exist', 404));
  const { ctx, problems } = makeCtx();
  const [b] = await drain(s3BucketScanner, ctx);
  t.same(problems, []);
  t.equal(b?.Versioning, null);
  t.equal(b?.MFADelete, null);
  t.equal(b?.LoggingPolicy, null);
  t.equal(b?.EncryptionRules, null);
  t.equal(b?.Policy, null);
  t.equal(b?.PublicAccessBlockConfiguration, null);
  t.equal(b?.LifecycleRules, null);
  t.equal(b?.ObjectLockConfiguration, null);
  t.same(b?.Tags, {});
  t.ok(Array.isArray(b?.Grants));
});

t.test('access denied on a detail call: bucket yielded, field null, problem recorded', async (t) => {
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'locked', CreationDate: new Date('2023-01-01T00:00:00Z') }] });
  configured();
  s3.on(GetBucketPolicyCommand).rejects(denied());
  const { ctx, problems } = makeCtx();
  const out = await drain(s3BucketScanner, ctx);
  t.equal(out.length, 1);
  t.equal(out[0]?.Policy, null);
  t.equal(out[0]?.Versioning, 'Enabled');
  t.equal(problems.length, 1);
  t.match(problems[0], { resourceType: 'AWS.S3.Bucket', region: 'us-east-1', resourceId: 'arn:aws:s3:::locked', kind: 'access-denied' });
  t.match(problems[0]?.message, /^AccessDenied: /);
});

t.test('access denied on the list call: problem recorded, nothing yielded', async (t) => {
  s3.on(ListBucketsCommand).rejects(denied());
  const { ctx, problems } = makeCtx();
  t.same(await drain(s3BucketScanner, ctx), []);
  t.equal(problems.length, 1);
  t.match(problems[0], { resourceType: 'AWS.S3.Bucket', kind: 'access-denied' });
  t.equal(problems[0]?.resourceId, undefined);
  t.equal(s3.commandCalls(GetBucketAclCommand).length, 0);
});

t.test('throttling on a detail call: the mock bypasses the SDK retry, so our handling records it', async (t) => {
  // aws-sdk-client-mock replaces Client#send, so the retry middleware never runs (one call,
  // even with maxAttempts 3): what is tested is that a throttled call that got through the SDK
  // becomes a "throttled" problem while the bucket is still yielded.
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'busy', CreationDate: new Date('2023-01-01T00:00:00Z') }] });
  configured();
  s3.on(GetBucketVersioningCommand).rejectsOnce(throttled('SlowDown')).resolves({ Status: 'Enabled' });
  const { ctx, problems } = makeCtx();
  const out = await drain(s3BucketScanner, ctx);
  t.equal(s3.commandCalls(GetBucketVersioningCommand).length, 1);
  t.equal(out.length, 1);
  t.equal(out[0]?.Versioning, null);
  t.match(problems, [{ kind: 'throttled', resourceId: 'arn:aws:s3:::busy' }]);
});
