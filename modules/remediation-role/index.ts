// remediation-role: the write actions the remediations of issue 5 need, and nothing else.
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { ModuleStack } from '../lib/module-stack.js';
import { REMEDIATION_RESOURCE_WILDCARDS } from '../../stacks/iam-allow-list.js';
import { policyDocument, trustPolicy, type Statement } from '../lib/iam.js';

type Arns = (partition: string, account: string) => string[];

export interface Remediation {
  /** Statement Sid, also the remediation's id. */
  readonly sid: string;
  readonly remediation: string;
  readonly actions: readonly string[];
  readonly resources: Arns | '*';
  readonly conditions?: (partition: string, account: string) => { test: string; variable: string; values: string[] }[];
}

// S3 bucket ARNs carry no account: the s3:ResourceAccount condition keeps the role to this account's buckets.
const bucketArns: Arns = (p) => [`arn:${p}:s3:::*`];
const ownBuckets = (_p: string, a: string) => [{ test: 'StringEquals', variable: 's3:ResourceAccount', values: [a] }];

/** The documented list: one statement per remediation, exactly these actions. */
export const REMEDIATIONS: readonly Remediation[] = [
  { sid: 'S3BlockPublicAccess', remediation: 'S3: block public access', actions: ['s3:PutBucketPublicAccessBlock'], resources: bucketArns, conditions: ownBuckets },
  { sid: 'S3BlockPublicAcls', remediation: 'S3: block public ACLs (reset the bucket ACL to private)', actions: ['s3:PutBucketAcl'], resources: bucketArns, conditions: ownBuckets },
  { sid: 'S3DefaultEncryption', remediation: 'S3: default encryption', actions: ['s3:PutEncryptionConfiguration'], resources: bucketArns, conditions: ownBuckets },
  { sid: 'S3Versioning', remediation: 'S3: versioning', actions: ['s3:PutBucketVersioning'], resources: bucketArns, conditions: ownBuckets },
  { sid: 'S3AccessLogging', remediation: 'S3: access logging', actions: ['s3:PutBucketLogging'], resources: bucketArns, conditions: ownBuckets },
  { sid: 'CloudTrailCreateTrail', remediation: 'CloudTrail: create a trail and start it logging', actions: ['cloudtrail:CreateTrail', 'cloudtrail:StartLogging'], resources: (p, a) => [`arn:${p}:cloudtrail:*:${a}:trail/*`] },
  { sid: 'CloudTrailLogFileValidation', remediation: 'CloudTrail: enable log file validation', actions: ['cloudtrail:UpdateTrail'], resources: (p, a) => [`arn:${p}:cloudtrail:*:${a}:trail/*`] },
  { sid: 'Ec2VpcFlowLogs', remediation: 'EC2: VPC flow logs (to S3)', actions: ['ec2:CreateFlowLogs'], resources: (p, a) => [`arn:${p}:ec2:*:${a}:vpc/*`, `arn:${p}:ec2:*:${a}:vpc-flow-log/*`] },
  { sid: 'Ec2VpcFlowLogsDelivery', remediation: 'EC2: VPC flow logs (the log delivery the flow log creates)', actions: ['logs:CreateLogDelivery'], resources: '*' },
  { sid: 'Ec2AmiPrivate', remediation: 'EC2: make an AMI private', actions: ['ec2:ModifyImageAttribute'], resources: (p) => [`arn:${p}:ec2:*::image/*`] },
  { sid: 'Ec2StopInstance', remediation: 'EC2: stop instance', actions: ['ec2:StopInstances'], resources: (p, a) => [`arn:${p}:ec2:*:${a}:instance/*`] },
  { sid: 'Ec2TerminateInstance', remediation: 'EC2: terminate instance', actions: ['ec2:TerminateInstances'], resources: (p, a) => [`arn:${p}:ec2:*:${a}:instance/*`] },
  { sid: 'Ec2RevokeWorldIngress', remediation: 'EC2: revoke world-open ingress on admin ports', actions: ['ec2:RevokeSecurityGroupIngress'], resources: (p, a) => [`arn:${p}:ec2:*:${a}:security-group/*`] },
  { sid: 'IamPasswordPolicy', remediation: 'IAM: account password policy', actions: ['iam:UpdateAccountPasswordPolicy'], resources: '*' },
  { sid: 'IamDeactivateAccessKeys', remediation: 'IAM: deactivate unused access keys', actions: ['iam:UpdateAccessKey'], resources: (p, a) => [`arn:${p}:iam::${a}:user/*`] },
  { sid: 'KmsKeyRotation', remediation: 'KMS: key rotation', actions: ['kms:EnableKeyRotation'], resources: (p, a) => [`arn:${p}:kms:*:${a}:key/*`] },
  { sid: 'RdsInstanceSettings', remediation: 'RDS: disable public access; enable minor version upgrades', actions: ['rds:ModifyDBInstance'], resources: (p, a) => [`arn:${p}:rds:*:${a}:db:*`] },
  { sid: 'RdsSnapshotPrivate', remediation: 'RDS: make a snapshot private', actions: ['rds:ModifyDBSnapshotAttribute'], resources: (p, a) => [`arn:${p}:rds:*:${a}:snapshot:*`] },
  { sid: 'DynamoDbEncryption', remediation: 'DynamoDB: encryption', actions: ['dynamodb:UpdateTable'], resources: (p, a) => [`arn:${p}:dynamodb:*:${a}:table/*`] },
  { sid: 'GuardDutyEnable', remediation: 'GuardDuty: enable (create the detector)', actions: ['guardduty:CreateDetector'], resources: '*' },
  {
    sid: 'GuardDutyServiceRole',
    remediation: 'GuardDuty: enable (its service-linked role, created on first use)',
    actions: ['iam:CreateServiceLinkedRole'],
    resources: (p, a) => [`arn:${p}:iam::${a}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`],
    conditions: () => [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['guardduty.amazonaws.com'] }],
  },
];


export { REMEDIATION_RESOURCE_WILDCARDS };

export class RemediationRoleModule extends ModuleStack {
  readonly moduleName = 'remediation-role';
  readonly summary =
    'Role the deployment\'s remediation function assumes to fix policy failures: only the write actions of the built-in remediations, one-hour sessions, assumable only by the remediation role with the external id.';
  readonly exampleInputs: Readonly<Record<string, string | boolean>> = {
    remediator_role_arn: 'arn:aws:iam::111111111111:role/panther-remediation',
    external_id: 'replace-with-the-deployment-external-id',
  };
  readonly resourceWildcards = REMEDIATION_RESOURCE_WILDCARDS;

  constructor(scope: Construct, id = 'remediation-role') {
    super(scope, id);
    const roleName = this.variable('role_name', { type: 'string', default: 'PantherRemediationRole', description: 'Name of the remediation role.' });
    const remediator = this.variable('remediator_role_arn', { type: 'string', description: 'ARN of the deployment\'s remediation role, the only principal that may assume this role.' });
    const externalId = this.variable('external_id', { type: 'string', sensitive: true, description: 'External id the remediator must present (sts:ExternalId).' });

    const role = new IamRole(this, 'role', {
      name: roleName.stringValue,
      description: 'Panther remediations (write actions of the built-in remediations only)',
      assumeRolePolicy: trustPolicy(this, 'trust', remediator.stringValue, externalId.stringValue).json,
      maxSessionDuration: 3600,
    });
    const statements: Statement[] = REMEDIATIONS.map((r) => ({
      sid: r.sid,
      actions: r.actions,
      resources: r.resources === '*' ? ['*'] : r.resources(this.partition, this.accountId),
      ...(r.conditions !== undefined ? { conditions: r.conditions(this.partition, this.accountId) } : {}),
    }));
    new IamRolePolicy(this, 'remediations', { name: 'remediations', role: role.name, policy: policyDocument(this, 'remediations_doc', statements).json });

    this.output('role_arn', role.arn, 'ARN of the remediation role (give it to the deployment with the external id).');
    this.output('role_name', role.name, 'Name of the remediation role.');
  }

  override notes(): string {
    return [
      '## Remediations and their actions',
      '',
      '| Sid | Remediation | Actions |',
      '| --- | --- | --- |',
      ...REMEDIATIONS.map((r) => `| ${r.sid} | ${r.remediation} | ${r.actions.map((a) => `\`${a}\``).join(', ')} |`),
      '',
      'S3 statements are limited to buckets of this account (`s3:ResourceAccount`). The flow-log',
      'remediation writes to an existing S3 bucket whose policy already admits `delivery.logs.amazonaws.com`.',
    ].join('\n');
  }
}
