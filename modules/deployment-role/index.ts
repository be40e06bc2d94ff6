// deployment-role: a least-privilege role for `terraform apply` of the root stack, scoped by name prefix.
import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { ModuleStack } from '../lib/module-stack.js';
import { DEPLOYMENT_RESOURCE_WILDCARDS, DEPLOYMENT_UNPREFIXED_RESOURCES } from '../../stacks/iam-allow-list.js';
import { policyDocument, trustPolicy, trustPolicyWithoutExternalId, type Statement } from '../lib/iam.js';

interface Scope {
  readonly partition: string;
  readonly account: string;
  readonly prefix: string;
}

export interface ServiceGrant {
  readonly sid: string;
  readonly service: string;
  readonly actions: readonly string[];
  /** `*` only for statements listed in DEPLOYMENT_RESOURCE_WILDCARDS. */
  readonly resources: (s: Scope) => string[];
  readonly conditions?: (s: Scope) => { test: string; variable: string; values: string[] }[];
}

/** Actions per service the root stack uses; every resource ARN carries the prefix where the service allows. */
export const DEPLOYMENT_GRANTS: readonly ServiceGrant[] = [
  {
    sid: 'S3Buckets',
    service: 'S3',
    actions: [
      's3:CreateBucket', 's3:DeleteBucket', 's3:ListBucket', 's3:ListBucketVersions',
      's3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:GetBucketAcl', 's3:PutBucketAcl',
      's3:GetBucketCORS', 's3:GetBucketWebsite', 's3:GetBucketVersioning', 's3:PutBucketVersioning',
      's3:GetAccelerateConfiguration', 's3:GetBucketRequestPayment', 's3:GetBucketLogging', 's3:PutBucketLogging',
      's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:GetReplicationConfiguration',
      's3:GetEncryptionConfiguration', 's3:PutEncryptionConfiguration', 's3:GetBucketObjectLockConfiguration',
      's3:GetBucketTagging', 's3:PutBucketTagging', 's3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock',
      's3:GetBucketOwnershipControls', 's3:PutBucketOwnershipControls', 's3:GetBucketNotification', 's3:PutBucketNotification',
    ],
    resources: (s) => [`arn:${s.partition}:s3:::${s.prefix}-*`],
  },
  {
    sid: 'KmsCreate',
    service: 'KMS',
    actions: ['kms:CreateKey', 'kms:ListAliases'],
    resources: () => ['*'],
  },
  {
    sid: 'KmsManagePrefixedKeys',
    service: 'KMS',
    actions: [
      'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:EnableKeyRotation',
      'kms:ListResourceTags', 'kms:TagResource', 'kms:UntagResource', 'kms:UpdateKeyDescription', 'kms:ScheduleKeyDeletion',
    ],
    resources: (s) => [`arn:${s.partition}:kms:*:${s.account}:key/*`],
    // Keys have no name: the key must carry a prefixed alias.
    conditions: (s) => [{ test: 'ForAnyValue:StringLike', variable: 'kms:ResourceAliases', values: [`alias/${s.prefix}-*`] }],
  },
  {
    sid: 'KmsAliases',
    service: 'KMS',
    actions: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
    resources: (s) => [`arn:${s.partition}:kms:*:${s.account}:alias/${s.prefix}-*`, `arn:${s.partition}:kms:*:${s.account}:key/*`],
  },
  {
    sid: 'SqsQueues',
    service: 'SQS',
    actions: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags', 'sqs:TagQueue', 'sqs:UntagQueue'],
    resources: (s) => [`arn:${s.partition}:sqs:*:${s.account}:${s.prefix}-*`],
  },
  {
    sid: 'SnsTopics',
    service: 'SNS',
    actions: [
      'sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:ListTagsForResource',
      'sns:TagResource', 'sns:UntagResource', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes',
    ],
    resources: (s) => [`arn:${s.partition}:sns:*:${s.account}:${s.prefix}-*`],
  },
  {
    sid: 'LambdaFunctions',
    service: 'Lambda',
    actions: [
      'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration',
      'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:ListVersionsByFunction', 'lambda:GetFunctionCodeSigningConfig',
      'lambda:GetPolicy', 'lambda:AddPermission', 'lambda:RemovePermission', 'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency',
      'lambda:PutFunctionEventInvokeConfig', 'lambda:GetFunctionEventInvokeConfig', 'lambda:UpdateFunctionEventInvokeConfig', 'lambda:DeleteFunctionEventInvokeConfig',
      'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags',
    ],
    resources: (s) => [`arn:${s.partition}:lambda:*:${s.account}:function:${s.prefix}-*`],
  },
  {
    sid: 'LambdaCreateEventSourceMapping',
    service: 'Lambda',
    actions: ['lambda:CreateEventSourceMapping'],
    resources: () => ['*'],
    conditions: (s) => [{ test: 'ArnLike', variable: 'lambda:FunctionArn', values: [`arn:${s.partition}:lambda:*:${s.account}:function:${s.prefix}-*`] }],
  },
  {
    sid: 'LambdaEventSourceMappings',
    service: 'Lambda',
    actions: ['lambda:GetEventSourceMapping', 'lambda:UpdateEventSourceMapping', 'lambda:DeleteEventSourceMapping'],
    resources: (s) => [`arn:${s.partition}:lambda:*:${s.account}:event-source-mapping:*`],
    conditions: (s) => [{ test: 'ArnLike', variable: 'lambda:FunctionArn', values: [`arn:${s.partition}:lambda:*:${s.account}:function:${s.prefix}-*`] }],
  },
  {
    sid: 'IamRolesAndPolicies',
    service: 'IAM',
    actions: [
      'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole',
      'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies',
      'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:ListInstanceProfilesForRole',
      'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion',
      'iam:TagPolicy', 'iam:UntagPolicy',
    ],
    resources: (s) => [`arn:${s.partition}:iam::${s.account}:role/${s.prefix}-*`, `arn:${s.partition}:iam::${s.account}:policy/${s.prefix}-*`],
  },
  {
    sid: 'IamPassPrefixedRoles',
    service: 'IAM',
    actions: ['iam:PassRole'],
    resources: (s) => [`arn:${s.partition}:iam::${s.account}:role/${s.prefix}-*`],
    conditions: () => [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['lambda.amazonaws.com', 'scheduler.amazonaws.com', 'events.amazonaws.com'] }],
  },
  {
    sid: 'LogsDescribe',
    service: 'CloudWatch Logs',
    actions: ['logs:DescribeLogGroups'],
    resources: () => ['*'],
  },
  {
    sid: 'LogGroups',
    service: 'CloudWatch Logs',
    actions: [
      'logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy',
      'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource',
    ],
    resources: (s) => [`arn:${s.partition}:logs:*:${s.account}:log-group:/aws/lambda/${s.prefix}-*`, `arn:${s.partition}:logs:*:${s.account}:log-group:${s.prefix}-*`],
  },
  {
    sid: 'GlueCatalog',
    service: 'Glue',
    actions: [
      'glue:CreateDatabase', 'glue:DeleteDatabase', 'glue:GetDatabase', 'glue:UpdateDatabase',
      'glue:CreateTable', 'glue:DeleteTable', 'glue:GetTable', 'glue:UpdateTable', 'glue:GetTags', 'glue:TagResource', 'glue:UntagResource',
    ],
    // Glue names use `_` (the data catalog's database is `<prefix>_logs`); the catalog itself must be named too.
    resources: (s) => [
      `arn:${s.partition}:glue:*:${s.account}:catalog`,
      `arn:${s.partition}:glue:*:${s.account}:database/${s.prefix}_*`,
      `arn:${s.partition}:glue:*:${s.account}:table/${s.prefix}_*/*`,
    ],
  },
  {
    sid: 'AthenaWorkgroups',
    service: 'Athena',
    actions: ['athena:CreateWorkGroup', 'athena:DeleteWorkGroup', 'athena:GetWorkGroup', 'athena:UpdateWorkGroup', 'athena:TagResource', 'athena:UntagResource', 'athena:ListTagsForResource'],
    resources: (s) => [`arn:${s.partition}:athena:*:${s.account}:workgroup/${s.prefix}-*`],
  },
  {
    sid: 'CloudWatchAlarmsAndDashboards',
    service: 'CloudWatch',
    actions: [
      'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource',
      'cloudwatch:ListTagsForResource', 'cloudwatch:PutDashboard', 'cloudwatch:GetDashboard', 'cloudwatch:DeleteDashboards',
    ],
    resources: (s) => [`arn:${s.partition}:cloudwatch:*:${s.account}:alarm:${s.prefix}-*`, `arn:${s.partition}:cloudwatch::${s.account}:dashboard/${s.prefix}-*`],
  },
  {
    sid: 'DynamoDbTables',
    service: 'DynamoDB',
    actions: [
      'dynamodb:CreateTable', 'dynamodb:DeleteTable', 'dynamodb:DescribeTable', 'dynamodb:UpdateTable', 'dynamodb:DescribeContinuousBackups',
      'dynamodb:UpdateContinuousBackups', 'dynamodb:DescribeTimeToLive', 'dynamodb:UpdateTimeToLive', 'dynamodb:TagResource',
      'dynamodb:UntagResource', 'dynamodb:ListTagsOfResource',
    ],
    resources: (s) => [`arn:${s.partition}:dynamodb:*:${s.account}:table/${s.prefix}-*`],
  },
  {
    sid: 'SchedulerSchedules',
    service: 'EventBridge Scheduler',
    actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule'],
    resources: (s) => [`arn:${s.partition}:scheduler:*:${s.account}:schedule/default/${s.prefix}-*`, `arn:${s.partition}:scheduler:*:${s.account}:schedule/${s.prefix}-*/*`],
  },
  {
    sid: 'SchedulerGroups',
    service: 'EventBridge Scheduler',
    actions: ['scheduler:CreateScheduleGroup', 'scheduler:DeleteScheduleGroup', 'scheduler:GetScheduleGroup', 'scheduler:TagResource', 'scheduler:UntagResource', 'scheduler:ListTagsForResource'],
    resources: (s) => [`arn:${s.partition}:scheduler:*:${s.account}:schedule-group/${s.prefix}-*`],
  },
  {
    sid: 'CallerIdentity',
    service: 'STS',
    actions: ['sts:GetCallerIdentity'],
    resources: () => ['*'],
  },
];



export { DEPLOYMENT_RESOURCE_WILDCARDS, DEPLOYMENT_UNPREFIXED_RESOURCES };

export class DeploymentRoleModule extends ModuleStack {
  readonly moduleName = 'deployment-role';
  readonly summary =
    'Least-privilege role for applying the root stack from CI: the actions of each service the root stack uses, limited to resources named with the deployment prefix wherever the service supports resource-level permissions. Trusted by one principal (your CI\'s role), with an optional external id.';
  readonly exampleInputs: Readonly<Record<string, string | boolean>> = { principal_arn: 'arn:aws:iam::111111111111:role/ci-deployer', prefix: 'panther' };
  readonly resourceWildcards = DEPLOYMENT_RESOURCE_WILDCARDS;

  constructor(scope: Construct, id = 'deployment-role') {
    super(scope, id);
    const prefix = this.variable('prefix', { type: 'string', default: 'panther', description: 'Name prefix of the deployment: every resource it may touch is named `<prefix>-...` (`<prefix>_...` in Glue).' });
    const principal = this.variable('principal_arn', { type: 'string', description: 'ARN of the principal (your CI\'s role) allowed to assume the role.' });
    const externalId = this.variable('external_id', { type: 'string', default: '', sensitive: true, description: 'External id the principal must present; "" for none.' });

    // Both documents exist and the role picks one: a Terraform conditional between two object
    // shapes (with and without Condition) would not typecheck, between two JSON strings it does.
    trustPolicy(this, 'trust', principal.stringValue, externalId.stringValue);
    trustPolicyWithoutExternalId(this, 'trust_without_external_id', principal.stringValue);
    const role = new IamRole(this, 'role', {
      name: `${prefix.stringValue}-deployment`,
      description: 'Apply the Panther root stack',
      assumeRolePolicy: Token.asString('${var.external_id == "" ? data.aws_iam_policy_document.trust_without_external_id.json : data.aws_iam_policy_document.trust.json}'),
      maxSessionDuration: 3600,
    });
    const scope_: Scope = { partition: this.partition, account: this.accountId, prefix: prefix.stringValue };
    const statements: Statement[] = DEPLOYMENT_GRANTS.map((g) => ({
      sid: g.sid,
      actions: g.actions,
      resources: g.resources(scope_),
      ...(g.conditions !== undefined ? { conditions: g.conditions(scope_) } : {}),
    }));
    new IamRolePolicy(this, 'deploy', { name: 'deploy-root-stack', role: role.name, policy: policyDocument(this, 'deploy_doc', statements).json });

    this.output('role_arn', role.arn, 'ARN of the deployment role (the role your CI assumes before `terraform apply`).');
    this.output('role_name', role.name, 'Name of the deployment role.');
  }

  override notes(): string {
    return [
      '## Actions per service',
      '',
      '| Sid | Service | Actions |',
      '| --- | --- | --- |',
      ...DEPLOYMENT_GRANTS.map((g) => `| ${g.sid} | ${g.service} | ${g.actions.map((a) => `\`${a}\``).join(', ')} |`),
      '',
      '## `Resource: "*"` statements',
      '',
      ...DEPLOYMENT_RESOURCE_WILDCARDS.map((w) => `- ${w.sid}: ${w.reason}.`),
      '',
      'The policy is about 7.5 KB; IAM allows 10,240 characters of inline policy per role (a test checks it). The state',
      'backend (bucket, lock table) is not covered: grant it separately.',
    ].join('\n');
  }
}
