import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Construct } from 'constructs';
import { awsAccount, type KmsKey } from './kms-key.js';

export interface BucketPolicyStatement {
  readonly sid: string;
  readonly effect?: 'Allow' | 'Deny';
  readonly principals: { type: string; identifiers: string[] }[];
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: { test: string; variable: string; values: string[] }[];
}

export interface SecureBucketProps {
  readonly bucketName: string;
  /** The key of the default SSE-KMS encryption. Required unless `encryption` is 'SSE-S3'. */
  readonly kmsKey?: KmsKey;
  /**
   * Default encryption. 'SSE-KMS' (the default) with the bucket key. 'SSE-S3' exists for one case
   * only: the destination of S3 server access logs, because the S3 user guide documents log
   * delivery for destination buckets whose default encryption is SSE-S3 (AES256), not SSE-KMS.
   */
  readonly encryption?: 'SSE-KMS' | 'SSE-S3';
  /** Deliver this bucket's server access logs to another bucket, under this key prefix. */
  readonly accessLogs?: { readonly bucket: SecureBucket; readonly prefix: string };
  /**
   * Makes this bucket a server access log destination: lets `logging.s3.amazonaws.com` write
   * objects for the listed source buckets of this account (bucket owner enforced: no ACLs).
   */
  readonly serverAccessLogSourceBucketArns?: readonly string[];
  /** Current object versions expire after this many days; none if unset. */
  readonly expirationDays?: number;
  /** Noncurrent versions are deleted after this many days. Default 30. */
  readonly noncurrentExpirationDays?: number;
  /** Incomplete multipart uploads are aborted after this many days. Default 7. */
  readonly abortIncompleteMultipartUploadDays?: number;
  readonly extraPolicyStatements?: readonly BucketPolicyStatement[];
}

/** Sid of the TLS-only deny. It names `s3:*`: a deny must cover every action, which is safe. */
export const DENY_INSECURE_TRANSPORT_SID = 'DenyInsecureTransport';
export const ALLOW_ACCESS_LOG_DELIVERY_SID = 'AllowS3ServerAccessLogDelivery';

/**
 * An S3 bucket with the settings a reviewer expects: versioning, default encryption (SSE-KMS with
 * the bucket key), all four block-public-access settings, ACLs disabled, TLS-only access, lifecycle
 * rules and server access logging.
 */
export class SecureBucket extends Construct {
  readonly name: string;
  readonly arn: string;
  /** Resource id token (the bucket name once created). */
  readonly id: string;
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const encryption = props.encryption ?? 'SSE-KMS';
    if (encryption === 'SSE-KMS' && !props.kmsKey) throw new Error(`SecureBucket ${props.bucketName}: SSE-KMS needs a kmsKey`);
    if (props.expirationDays !== undefined && props.expirationDays < 1) throw new Error(`SecureBucket ${props.bucketName}: expirationDays must be at least 1`);

    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: false });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.id = this.bucket.id;
    const bucket = this.bucket.id;

    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });

    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        encryption === 'SSE-KMS'
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKey?.arn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });

    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: DENY_INSECURE_TRANSPORT_SID,
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: [this.arn, `${this.arn}/*`],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ];
    if (props.serverAccessLogSourceBucketArns?.length) {
      const account = awsAccount(this);
      statements.push({
        sid: ALLOW_ACCESS_LOG_DELIVERY_SID,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [`${this.arn}/*`],
        condition: [
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [...props.serverAccessLogSourceBucketArns] },
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
        ],
      });
    }
    const sids = new Set(statements.map((s) => s.sid));
    for (const s of props.extraPolicyStatements ?? []) {
      if (sids.has(s.sid)) throw new Error(`SecureBucket ${props.bucketName}: duplicate policy statement Sid ${s.sid}`);
      sids.add(s.sid);
      statements.push({
        sid: s.sid,
        effect: s.effect ?? 'Allow',
        principals: s.principals,
        actions: s.actions,
        resources: s.resources,
        ...(s.conditions ? { condition: s.conditions } : {}),
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    // After the public access block, so S3 evaluates the policy against the final BPA settings.
    new S3BucketPolicy(this, 'policy', { bucket, policy: policy.json, dependsOn: [publicAccess] });

    const rules: S3BucketLifecycleConfigurationRule[] = [];
    if (props.expirationDays !== undefined) {
      rules.push({ id: 'expire-current-versions', status: 'Enabled', filter: [{}], expiration: [{ days: props.expirationDays }] });
    }
    rules.push(
      {
        id: 'expire-noncurrent-versions',
        status: 'Enabled',
        filter: [{}],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentExpirationDays ?? 30 }],
        // Removes the delete markers left once every version of a key has expired.
        expiration: [{ expiredObjectDeleteMarker: true }],
      },
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays ?? 7 }],
      },
    );
    // The provider's guidance: noncurrent-version rules need versioning in place first.
    new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket, rule: rules, dependsOn: [versioning] });

    if (props.accessLogs) {
      new S3BucketLoggingA(this, 'logging', {
        bucket,
        targetBucket: props.accessLogs.bucket.name,
        targetPrefix: props.accessLogs.prefix,
        // Date-partitioned keys keep the access logs queryable by day.
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
      });
    }
  }
}
