// CloudTrail remediations: a multi-region trail where the region has none (AWS.CloudTrail.Meta),
// and log file validation on a trail (AWS.CloudTrail).
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { z } from 'zod';
import { call, defineRemediation, str, type ServiceApi } from './common.js';

export const cloudTrailApi: ServiceApi = {
  service: 'cloudtrail',
  makeClient: (config) => new CloudTrailClient(config),
  commands: { CreateTrail: CreateTrailCommand, StartLogging: StartLoggingCommand, UpdateTrail: UpdateTrailCommand },
};

export const cloudTrailCreateTrail = defineRemediation({
  id: 'AWS.CloudTrail.CreateTrail',
  resourceTypes: ['AWS.CloudTrail.Meta'],
  description: 'Creates a multi-region trail with log file validation and starts its logging, where no multi-region trail covers the region.',
  parameters: z.object({
    trailName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/).default('panther-remediation-trail'),
    s3BucketName: z.string().min(3),
    s3KeyPrefix: z.string().optional(),
    kmsKeyId: z.string().min(1).optional(),
  }),
  api: cloudTrailApi,
  planWith(r, p) {
    const multi = Array.isArray(r.MultiRegionTrails) ? r.MultiRegionTrails : [];
    if (multi.length > 0) return [];
    const input: Record<string, unknown> = {
      Name: p.trailName,
      S3BucketName: p.s3BucketName,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
    };
    if (p.s3KeyPrefix) input.S3KeyPrefix = p.s3KeyPrefix;
    if (p.kmsKeyId) input.KmsKeyId = p.kmsKeyId;
    // A new trail does not log until StartLogging.
    return [call('cloudtrail', 'CreateTrail', input), call('cloudtrail', 'StartLogging', { Name: p.trailName })];
  },
});

export const cloudTrailEnableLogFileValidation = defineRemediation({
  id: 'AWS.CloudTrail.EnableLogFileValidation',
  resourceTypes: ['AWS.CloudTrail'],
  description: 'Enables log file integrity validation on the trail.',
  parameters: z.object({}),
  api: cloudTrailApi,
  planWith(r) {
    if (r.LogFileValidationEnabled === true) return [];
    // The ARN names the trail unambiguously; the scanner snapshots each trail in its home region.
    return [call('cloudtrail', 'UpdateTrail', { Name: str(r.ARN) ?? r.ResourceId, EnableLogFileValidation: true })];
  },
});

export const cloudTrailRemediations = [cloudTrailCreateTrail, cloudTrailEnableLogFileValidation];
