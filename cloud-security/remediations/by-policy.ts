// Which remediation fixes a failing policy of the built-in pack (the CLI's `remediate --policy`,
// and the console's "remediate" button). A policy spec's AutoRemediationID, when set, wins.
import type { PolicyItem } from '../../detections/analysis/spec.js';
import { remediations } from './index.js';
import type { Remediation } from './types.js';

export const REMEDIATION_FOR_POLICY: Readonly<Record<string, string>> = {
  'AWS.S3.Bucket.BlockPublicAccess': 'AWS.S3.BlockBucketPublicAccess',
  'AWS.S3.Bucket.NoPublicACL': 'AWS.S3.BlockBucketPublicACL',
  'AWS.S3.Bucket.DefaultEncryption': 'AWS.S3.EnableBucketEncryption',
  'AWS.S3.Bucket.Versioning': 'AWS.S3.EnableBucketVersioning',
  'AWS.S3.Bucket.AccessLogging': 'AWS.S3.EnableBucketLogging',
  'AWS.CloudTrail.Meta.MultiRegionTrailEnabled': 'AWS.CloudTrail.CreateTrail',
  'AWS.CloudTrail.LogFileValidationEnabled': 'AWS.CloudTrail.EnableLogFileValidation',
  'AWS.EC2.VPC.FlowLogsEnabled': 'AWS.EC2.EnableVPCFlowLogs',
  'AWS.EC2.AMI.NotPublic': 'AWS.EC2.MakeAMIPrivate',
  'AWS.EC2.SecurityGroup.NoWorldAdminPorts': 'AWS.EC2.RevokeWorldOpenAdminIngress',
  'AWS.EC2.SecurityGroup.NoWorldSSH': 'AWS.EC2.RevokeWorldOpenAdminIngress',
  'AWS.EC2.SecurityGroup.NoWorldRDP': 'AWS.EC2.RevokeWorldOpenAdminIngress',
  'AWS.PasswordPolicy.Complexity': 'AWS.IAM.SetPasswordPolicy',
  'AWS.PasswordPolicy.Expiration': 'AWS.IAM.SetPasswordPolicy',
  'AWS.PasswordPolicy.MinimumLength': 'AWS.IAM.SetPasswordPolicy',
  'AWS.PasswordPolicy.ReusePrevention': 'AWS.IAM.SetPasswordPolicy',
  'AWS.IAM.User.UnusedCredentials': 'AWS.IAM.DeactivateUnusedAccessKeys',
  'AWS.KMS.Key.RotationEnabled': 'AWS.KMS.EnableKeyRotation',
  'AWS.RDS.Instance.NotPubliclyAccessible': 'AWS.RDS.DisableInstancePublicAccess',
  'AWS.RDS.Instance.AutoMinorVersionUpgrade': 'AWS.RDS.EnableAutoMinorVersionUpgrade',
  'AWS.RDS.Snapshot.NotPublic': 'AWS.RDS.MakeSnapshotPrivate',
  'AWS.DynamoDB.Table.KMSEncryption': 'AWS.DynamoDB.EnableKMSEncryption',
  'AWS.GuardDuty.Detector.Enabled': 'AWS.GuardDuty.Enable',
  'AWS.GuardDuty.Detector.Meta.EnabledInRegion': 'AWS.GuardDuty.Enable',
};

/** The remediation of a policy: the spec's AutoRemediationID, else the built-in mapping. */
export function remediationForPolicy(policyId: string, policy?: PolicyItem): Remediation | undefined {
  const id = policy?.spec.AutoRemediationID ?? REMEDIATION_FOR_POLICY[policyId];
  return id === undefined ? undefined : remediations.get(id);
}
