// S3 bucket remediations, on AWS.S3.Bucket snapshots (fields of scanners/s3.ts).
import {
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import { call, defineRemediation, nameOf, obj, objs, str, type ServiceApi } from './common.js';

const BUCKET = 'AWS.S3.Bucket';

export const s3Api: ServiceApi = {
  service: 's3',
  makeClient: (config) => new S3Client(config),
  commands: {
    PutPublicAccessBlock: PutPublicAccessBlockCommand,
    PutBucketAcl: PutBucketAclCommand,
    PutBucketEncryption: PutBucketEncryptionCommand,
    PutBucketVersioning: PutBucketVersioningCommand,
    PutBucketLogging: PutBucketLoggingCommand,
  },
};

const PAB_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export const s3BlockBucketPublicAccess = defineRemediation({
  id: 'AWS.S3.BlockBucketPublicAccess',
  resourceTypes: [BUCKET],
  description: "Turns on all four settings of the bucket's S3 Block Public Access.",
  parameters: z.object({}),
  api: s3Api,
  planWith(r) {
    const pab = obj(r.PublicAccessBlockConfiguration);
    if (pab && PAB_FLAGS.every((f) => pab[f] === true)) return [];
    return [
      call('s3', 'PutPublicAccessBlock', {
        Bucket: nameOf(r),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    ];
  },
});

const PUBLIC_GROUPS = new Set(['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers']);

export const s3BlockBucketPublicAcl = defineRemediation({
  id: 'AWS.S3.BlockBucketPublicACL',
  resourceTypes: [BUCKET],
  description: 'Removes the grants of the bucket ACL to AllUsers or AuthenticatedUsers, keeping its other grants.',
  parameters: z.object({}),
  api: s3Api,
  planWith(r) {
    const grants = objs(r.Grants);
    const isPublic = (g: Record<string, unknown>) => PUBLIC_GROUPS.has(str(obj(g.Grantee)?.URI) ?? '');
    if (!grants.some(isPublic)) return [];
    const owner = obj(r.Owner);
    // The whole ACL is replaced: with the owner known the other grants (log delivery, other
    // accounts) are written back; without it only the private canned ACL is safe to send.
    if (!owner) return [call('s3', 'PutBucketAcl', { Bucket: nameOf(r), ACL: 'private' })];
    return [call('s3', 'PutBucketAcl', { Bucket: nameOf(r), AccessControlPolicy: { Owner: owner, Grants: grants.filter((g) => !isPublic(g)) } })];
  },
});

export const s3EnableBucketEncryption = defineRemediation({
  id: 'AWS.S3.EnableBucketEncryption',
  resourceTypes: [BUCKET],
  description: 'Sets default encryption on the bucket (SSE-S3, or SSE-KMS with an optional key).',
  parameters: z.object({
    sseAlgorithm: z.enum(['AES256', 'aws:kms']).default('AES256'),
    kmsMasterKeyId: z.string().min(1).optional(),
  }),
  api: s3Api,
  planWith(r, p) {
    const algorithms = objs(r.EncryptionRules).map((rule) => str(obj(rule.ApplyServerSideEncryptionByDefault)?.SSEAlgorithm));
    // Any KMS-based default satisfies a request for AES256; a KMS request needs a KMS default.
    const ok = p.sseAlgorithm === 'AES256' ? algorithms.some((a) => a !== null) : algorithms.some((a) => a?.startsWith('aws:kms'));
    if (ok) return [];
    const byDefault: Record<string, unknown> = { SSEAlgorithm: p.sseAlgorithm };
    if (p.sseAlgorithm === 'aws:kms' && p.kmsMasterKeyId) byDefault.KMSMasterKeyID = p.kmsMasterKeyId;
    const rule: Record<string, unknown> = { ApplyServerSideEncryptionByDefault: byDefault };
    // S3 Bucket Keys cut the KMS request cost; they mean nothing for SSE-S3.
    if (p.sseAlgorithm === 'aws:kms') rule.BucketKeyEnabled = true;
    return [call('s3', 'PutBucketEncryption', { Bucket: nameOf(r), ServerSideEncryptionConfiguration: { Rules: [rule] } })];
  },
});

export const s3EnableBucketVersioning = defineRemediation({
  id: 'AWS.S3.EnableBucketVersioning',
  resourceTypes: [BUCKET],
  description: 'Enables versioning on the bucket.',
  parameters: z.object({}),
  api: s3Api,
  planWith(r) {
    if (r.Versioning === 'Enabled') return [];
    return [call('s3', 'PutBucketVersioning', { Bucket: nameOf(r), VersioningConfiguration: { Status: 'Enabled' } })];
  },
});

export const s3EnableBucketLogging = defineRemediation({
  id: 'AWS.S3.EnableBucketLogging',
  resourceTypes: [BUCKET],
  description: 'Enables server access logging of the bucket into a target bucket.',
  parameters: z.object({
    targetBucket: z.string().min(3),
    /** `{bucket}` is replaced by the bucket's name. */
    targetPrefix: z.string().default('{bucket}/'),
  }),
  api: s3Api,
  planWith(r, p) {
    if (obj(r.LoggingPolicy)) return [];
    const bucket = nameOf(r);
    return [
      call('s3', 'PutBucketLogging', {
        Bucket: bucket,
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: p.targetBucket, TargetPrefix: p.targetPrefix.replaceAll('{bucket}', bucket) } },
      }),
    ];
  },
});

export const s3Remediations = [s3BlockBucketPublicAccess, s3BlockBucketPublicAcl, s3EnableBucketEncryption, s3EnableBucketVersioning, s3EnableBucketLogging];
