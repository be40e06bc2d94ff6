/**
 * The one place where an IAM statement may use `*` in Action or Resource.
 *
 * The synthesized-deployment checks (tests/helpers/synth-checks.ts) flag every statement of every
 * policy document whose Action contains `*` or whose Resource is or contains `*`, unless the
 * statement's Sid is listed here. Each entry says why the wildcard is needed, so a reviewer sees
 * every exception in one file. Entries are added by whoever writes the statement, with its reason.
 */
export interface WildcardAllowance {
  /** Statement Sid the allowance applies to. */
  readonly sid: string;
  /** Why the wildcard cannot be narrowed. */
  readonly reason: string;
}

/** The deployment's own resources. */
const ROOT_STACK: readonly WildcardAllowance[] = [
  { sid: 'DenyInsecureTransport', reason: 'a Deny of every action (s3:*, sqs:*, sns:*) on requests without TLS: a deny grants nothing and must cover all actions' },
  { sid: 'KeyPolicyAccountRootAdministration', reason: 'a key policy\'s Resource "*" means this key; kms:* for the account root hands the key to the account\'s IAM policies, as AWS requires to keep a key manageable' },
  { sid: 'KeyPolicyServicesUse', reason: 'a key policy\'s Resource must be "*" (this key); the actions are named and aws:SourceAccount holds the services to this account' },
  { sid: 'KeyPolicyCloudWatchLogsUse', reason: 'a key policy\'s Resource must be "*" (this key); the kms:EncryptionContext:aws:logs:arn condition holds it to this account\'s log groups' },
  { sid: 'XRayWriteTraces', reason: 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions (Resource must be *); only in roles of functions with tracing on' },
];

/**
 * The audit role reads resources the scanner discovers: any resource of a type, in the monitored
 * account only (the ARNs pin the account id).
 */
const AUDIT_ROLE: readonly WildcardAllowance[] = ['WafClassicAcls', 'WafRegionalAcls', 'ResourceTags', 'StackDrift', 'LambdaForDrift'].map((sid) => ({
  sid,
  reason: 'read-only scan of every resource of the type in the monitored account: the ARN pins the account, the name is what the scan discovers',
}));

/**
 * The remediation role acts on whichever resource a failing policy names: any resource of the
 * type, in the monitored account only.
 */
const REMEDIATION_ROLE_ACCOUNT_SCOPED: readonly WildcardAllowance[] = [
  'S3BlockPublicAccess', 'S3BlockPublicAcls', 'S3DefaultEncryption', 'S3Versioning', 'S3AccessLogging', 'CloudTrailCreateTrail', 'CloudTrailLogFileValidation',
  'Ec2VpcFlowLogs', 'Ec2AmiPrivate', 'Ec2StopInstance', 'Ec2TerminateInstance', 'Ec2RevokeWorldIngress', 'IamDeactivateAccessKeys', 'KmsKeyRotation',
  'RdsInstanceSettings', 'RdsSnapshotPrivate', 'DynamoDbEncryption',
].map((sid) => ({ sid, reason: 'remediates the resource a failing policy names, any of its type in the monitored account: the ARN (or s3:ResourceAccount) pins the account' }));

/** Actions with no resource-level permission in the IAM service authorization reference. */
export const REMEDIATION_RESOURCE_WILDCARDS: readonly WildcardAllowance[] = [
  { sid: 'Ec2VpcFlowLogsDelivery', reason: 'logs:CreateLogDelivery has no resource type' },
  { sid: 'IamPasswordPolicy', reason: 'iam:UpdateAccountPasswordPolicy is account-wide, no resource type' },
  { sid: 'GuardDutyEnable', reason: 'guardduty:CreateDetector has no resource type (the detector does not exist yet)' },
];

/** Statements with `Resource: "*"`: their actions have no resource type in the IAM service authorization reference. */
export const DEPLOYMENT_RESOURCE_WILDCARDS: readonly WildcardAllowance[] = [
  { sid: 'KmsCreate', reason: 'kms:CreateKey and kms:ListAliases have no resource type (the key does not exist yet); keys are then managed only through a prefixed alias' },
  { sid: 'LambdaCreateEventSourceMapping', reason: 'lambda:CreateEventSourceMapping has no resource type; the lambda:FunctionArn condition limits it to prefixed functions' },
  { sid: 'LogsDescribe', reason: 'logs:DescribeLogGroups has no resource type' },
  { sid: 'CallerIdentity', reason: 'sts:GetCallerIdentity has no resource type; the AWS provider calls it on every run' },
];

/** Statements with a resource that cannot carry the prefix, and why (each also has prefixed resources or a prefix condition). */
export const DEPLOYMENT_UNPREFIXED_RESOURCES: readonly WildcardAllowance[] = [
  { sid: 'KmsManagePrefixedKeys', reason: 'key ARNs are random ids; the kms:ResourceAliases condition requires a prefixed alias' },
  { sid: 'KmsAliases', reason: 'kms:CreateAlias/UpdateAlias also authorize on the target key, whose ARN is a random id' },
  { sid: 'LambdaEventSourceMappings', reason: 'mapping ARNs are random ids; the lambda:FunctionArn condition requires a prefixed function' },
  { sid: 'GlueCatalog', reason: 'Glue authorizes database and table calls on the account\'s catalog ARN as well' },
];

/** Organization mode of cloud security: accounts are discovered, so their ids cannot be listed at deploy time. */
export const CLOUD_SECURITY_ORGANIZATION: readonly WildcardAllowance[] = [
  { sid: 'AssumeOrganizationAuditRoles', reason: 'the audit role name in any account (*): the aws:ResourceOrgID condition holds it to the configured organization' },
  { sid: 'DiscoverOrganizationAccounts', reason: 'organizations:ListAccounts has no resource type' },
  { sid: 'AssumeOrganizationRemediationRoles', reason: 'the remediation role name in any account (*), only with autoRemediation.apply: aws:ResourceOrgID holds it to the configured organization' },
];

export const wildcardAllowances: readonly WildcardAllowance[] = [
  ...ROOT_STACK,
  ...AUDIT_ROLE,
  ...REMEDIATION_ROLE_ACCOUNT_SCOPED,
  ...REMEDIATION_RESOURCE_WILDCARDS,
  ...DEPLOYMENT_RESOURCE_WILDCARDS,
  ...DEPLOYMENT_UNPREFIXED_RESOURCES,
  ...CLOUD_SECURITY_ORGANIZATION,
];
