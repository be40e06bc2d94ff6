// The one registry of resource scanners: every resource type of the cloud-security issue, once.
import type { ResourceScanner } from '../types.js';
import { acmCertificateScanner } from './acm.js';
import { cloudFormationStackScanner } from './cloudformation.js';
import { cloudTrailMetaScanner, cloudTrailScanner } from './cloudtrail.js';
import { logGroupScanner } from './cloudwatch-logs.js';
import { configRecorderMetaScanner, configRecorderScanner } from './config.js';
import { dynamoDbTableScanner } from './dynamodb.js';
import {
  ec2AmiScanner,
  ec2InstanceScanner,
  ec2NetworkAclScanner,
  ec2SecurityGroupScanner,
  ec2SnapshotScanner,
  ec2VolumeScanner,
  ec2VpcScanner,
} from './ec2.js';
import { ecsClusterScanner } from './ecs.js';
import { efsFileSystemScanner } from './efs.js';
import { eksClusterScanner } from './eks.js';
import { elbv2ApplicationLoadBalancerScanner } from './elbv2.js';
import { guardDutyDetectorMetaScanner, guardDutyDetectorScanner } from './guardduty.js';
import { iamGroupScanner, iamPolicyScanner, iamRoleScanner, iamRootUserScanner, iamUserScanner, passwordPolicyScanner } from './iam.js';
import { kmsKeyScanner } from './kms.js';
import { lambdaFunctionScanner } from './lambda.js';
import { rdsInstanceScanner, rdsSnapshotScanner } from './rds.js';
import { redshiftClusterScanner } from './redshift.js';
import { s3BucketScanner } from './s3.js';
import { secretsManagerSecretScanner } from './secretsmanager.js';
import { snsTopicScanner } from './sns.js';
import { sqsQueueScanner } from './sqs.js';
import { wafRegionalWebAclScanner, wafWebAclScanner } from './waf.js';

export const allScanners: readonly ResourceScanner[] = Object.freeze([
  // Global: scanned once per account.
  iamUserScanner,
  iamRootUserScanner,
  iamRoleScanner,
  iamGroupScanner,
  iamPolicyScanner,
  passwordPolicyScanner,
  wafWebAclScanner,
  // Regional.
  acmCertificateScanner,
  cloudFormationStackScanner,
  cloudTrailScanner,
  cloudTrailMetaScanner,
  logGroupScanner,
  configRecorderScanner,
  configRecorderMetaScanner,
  dynamoDbTableScanner,
  ec2AmiScanner,
  ec2InstanceScanner,
  ec2NetworkAclScanner,
  ec2SecurityGroupScanner,
  ec2VolumeScanner,
  ec2VpcScanner,
  ec2SnapshotScanner,
  ecsClusterScanner,
  eksClusterScanner,
  efsFileSystemScanner,
  elbv2ApplicationLoadBalancerScanner,
  guardDutyDetectorScanner,
  guardDutyDetectorMetaScanner,
  kmsKeyScanner,
  lambdaFunctionScanner,
  rdsInstanceScanner,
  rdsSnapshotScanner,
  redshiftClusterScanner,
  s3BucketScanner,
  secretsManagerSecretScanner,
  snsTopicScanner,
  sqsQueueScanner,
  wafRegionalWebAclScanner,
]);

const byType = new Map(allScanners.map((s) => [s.resourceType, s]));

/** The scanner of a resource type, undefined for a type no scanner handles. */
export function scannerFor(resourceType: string): ResourceScanner | undefined {
  return byType.get(resourceType);
}
