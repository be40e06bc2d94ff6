// CloudTrail management events -> targeted rescans. Each mutating API call of a service whose
// resources the scanners read names (account, region, resource type, resource ids) to scan again;
// read-only calls and calls that failed (errorCode) change nothing and are ignored. The event is
// attacker-influenced (request parameters are what the caller sent): ids are taken only as
// strings of bounded length, and an event naming too many becomes a rescan of the whole type.
import { tableName } from '../../parsers/core/logtype.js';
import { globalRegion } from '../scan.js';

/** Where the log pipeline writes processed AWS.CloudTrail events in the lake: the lake rescan path reads (and its stack grants) this prefix. */
export const CLOUDTRAIL_LAKE_PREFIX = `logs/${tableName('AWS.CloudTrail')}/`;

/** The CloudTrail record (EventBridge `detail`): only the fields the mapping reads. */
export interface CloudTrailRecord {
  readonly eventSource?: unknown;
  readonly eventName?: unknown;
  readonly awsRegion?: unknown;
  readonly recipientAccountId?: unknown;
  readonly errorCode?: unknown;
  readonly readOnly?: unknown;
  readonly userIdentity?: unknown;
  readonly requestParameters?: unknown;
  readonly responseElements?: unknown;
  readonly resources?: unknown;
}

export interface RescanTarget {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly partition: string;
  /** Ids, names or ARNs of the resources touched; empty: every resource of the type in the region. */
  readonly resources: readonly string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_ID_LENGTH = 2048;
/** An event naming more resources than this rescans the whole type. */
const MAX_IDS_PER_EVENT = 50;

/** The values at a dotted path; arrays along the way are walked (`instancesSet.items.instanceId`). */
function at(v: unknown, path: string): string[] {
  let cur: unknown[] = [v];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (Array.isArray(c)) for (const x of c) if (isObj(x) && key in x) next.push(x[key]);
      if (isObj(c) && key in c) next.push(c[key]);
    }
    cur = next.flatMap((x) => (Array.isArray(x) && x.every((y) => typeof y === 'string') ? x : [x]));
  }
  return cur.filter((x): x is string => typeof x === 'string' && x !== '' && x.length <= MAX_ID_LENGTH);
}

/** Ids from request parameters (`req.`) and response elements (`resp.`) paths. */
const paths =
  (...ps: string[]) =>
  (r: CloudTrailRecord): string[] =>
    ps.flatMap((p) => (p.startsWith('resp.') ? at(r.responseElements, p.slice(5)) : at(r.requestParameters, p.startsWith('req.') ? p.slice(4) : p)));

/** The ARNs of the record's `resources` list of the given CloudFormation-style type. */
const resourcesOf =
  (type: string) =>
  (r: CloudTrailRecord): string[] =>
    Array.isArray(r.resources) ? r.resources.filter((x): x is Obj => isObj(x) && x.type === type).flatMap((x) => (typeof x.ARN === 'string' && x.ARN.length <= MAX_ID_LENGTH ? [x.ARN] : [])) : [];

const both =
  (...fns: Array<(r: CloudTrailRecord) => string[]>) =>
  (r: CloudTrailRecord): string[] =>
    fns.flatMap((f) => f(r));

interface Mapping {
  readonly resourceType: string;
  readonly events: readonly string[];
  /** The ids the event names; none: the whole type. */
  readonly ids?: (r: CloudTrailRecord) => string[];
  /** Only when this holds (e.g. a tagging call on an ARN of this type). */
  readonly when?: (r: CloudTrailRecord) => boolean;
}

/** An ARN-bearing parameter names a resource of this service and kind (`:db:` vs `:snapshot:`). */
const arnHas = (path: string, fragment: string) => (r: CloudTrailRecord) => at(r.requestParameters, path).some((a) => a.includes(fragment));

const TAGS = ['TagResource', 'UntagResource'];

/** Per event source (CloudTrail's `eventSource`), the types its calls change. */
const MAPPINGS: Readonly<Record<string, readonly Mapping[]>> = {
  's3.amazonaws.com': [
    {
      resourceType: 'AWS.S3.Bucket',
      events: [
        'CreateBucket', 'DeleteBucket', 'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock',
        'PutBucketEncryption', 'DeleteBucketEncryption', 'PutBucketVersioning', 'PutBucketLogging', 'PutBucketTagging', 'DeleteBucketTagging',
        'PutBucketLifecycle', 'PutBucketLifecycleConfiguration', 'DeleteBucketLifecycle', 'PutBucketOwnershipControls', 'DeleteBucketOwnershipControls',
        'PutObjectLockConfiguration', 'PutBucketReplication', 'DeleteBucketReplication', 'PutBucketWebsite', 'DeleteBucketWebsite', 'PutBucketCors', 'DeleteBucketCors',
      ],
      ids: paths('bucketName'),
    },
  ],
  'ec2.amazonaws.com': [
    {
      resourceType: 'AWS.EC2.SecurityGroup',
      events: [
        'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup',
        'ModifySecurityGroupRules', 'UpdateSecurityGroupRuleDescriptionsIngress', 'UpdateSecurityGroupRuleDescriptionsEgress',
      ],
      ids: paths('groupId', 'resp.groupId', 'ModifySecurityGroupRulesRequest.GroupId'),
    },
    {
      resourceType: 'AWS.EC2.Instance',
      events: [
        'RunInstances', 'TerminateInstances', 'StartInstances', 'StopInstances', 'RebootInstances', 'ModifyInstanceAttribute', 'ModifyInstanceMetadataOptions',
        'AssociateIamInstanceProfile', 'DisassociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation', 'MonitorInstances', 'UnmonitorInstances',
      ],
      ids: paths('instanceId', 'instancesSet.items.instanceId', 'resp.instancesSet.items.instanceId', 'resp.instanceId'),
    },
    {
      resourceType: 'AWS.EC2.Volume',
      events: ['CreateVolume', 'DeleteVolume', 'AttachVolume', 'DetachVolume', 'ModifyVolume', 'ModifyVolumeAttribute'],
      ids: paths('volumeId', 'resp.volumeId'),
    },
    {
      resourceType: 'AWS.EC2.VPC',
      events: ['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'CreateFlowLogs', 'DeleteFlowLogs', 'CreateDefaultVpc'],
      ids: paths('vpcId', 'resp.vpc.vpcId', 'CreateFlowLogsRequest.ResourceId.content'),
    },
    {
      resourceType: 'AWS.EC2.NetworkACL',
      events: ['CreateNetworkAcl', 'DeleteNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'],
      ids: paths('networkAclId', 'resp.networkAcl.networkAclId'),
    },
    {
      resourceType: 'AWS.EC2.AMI',
      events: ['CreateImage', 'RegisterImage', 'DeregisterImage', 'ModifyImageAttribute', 'ResetImageAttribute', 'CopyImage', 'EnableImageDeprecation', 'DisableImageDeprecation'],
      ids: paths('imageId', 'resp.imageId'),
    },
    {
      resourceType: 'AWS.EC2.Snapshot',
      events: ['CreateSnapshot', 'CreateSnapshots', 'DeleteSnapshot', 'CopySnapshot', 'ModifySnapshotAttribute', 'ResetSnapshotAttribute'],
      ids: paths('snapshotId', 'resp.snapshotId', 'resp.snapshotSet.items.snapshotId'),
    },
  ],
  'iam.amazonaws.com': [
    {
      resourceType: 'AWS.IAM.User',
      events: [
        'CreateUser', 'DeleteUser', 'UpdateUser', 'TagUser', 'UntagUser', 'AttachUserPolicy', 'DetachUserPolicy', 'PutUserPolicy', 'DeleteUserPolicy',
        'AddUserToGroup', 'RemoveUserFromGroup', 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile',
        'EnableMFADevice', 'DeactivateMFADevice', 'ResyncMFADevice', 'UploadSigningCertificate', 'DeleteSigningCertificate', 'UploadSSHPublicKey', 'DeleteSSHPublicKey',
        'PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary',
      ],
      // A user acting on itself (its own access keys) names no userName: the caller is the user.
      ids: (r) => {
        const named = paths('userName', 'newUserName', 'resp.user.userName')(r);
        return named.length > 0 ? named : at(r.userIdentity, 'userName');
      },
      // The root user acting on itself is the RootUser type below.
      when: (r) => paths('userName', 'resp.user.userName')(r).length > 0 || (isObj(r.userIdentity) && r.userIdentity.type === 'IAMUser'),
    },
    {
      resourceType: 'AWS.IAM.RootUser',
      events: ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'EnableMFADevice', 'DeactivateMFADevice', 'CreateVirtualMFADevice', 'UploadSigningCertificate'],
      when: (r) => isObj(r.userIdentity) && r.userIdentity.type === 'Root' && at(r.requestParameters, 'userName').length === 0,
    },
    {
      resourceType: 'AWS.IAM.Role',
      events: [
        'CreateRole', 'DeleteRole', 'UpdateRole', 'UpdateRoleDescription', 'UpdateAssumeRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy',
        'TagRole', 'UntagRole', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary', 'AddRoleToInstanceProfile', 'RemoveRoleFromInstanceProfile',
      ],
      ids: paths('roleName', 'resp.role.roleName'),
    },
    {
      resourceType: 'AWS.IAM.Group',
      events: ['CreateGroup', 'DeleteGroup', 'UpdateGroup', 'AttachGroupPolicy', 'DetachGroupPolicy', 'PutGroupPolicy', 'DeleteGroupPolicy', 'AddUserToGroup', 'RemoveUserFromGroup'],
      ids: paths('groupName', 'newGroupName', 'resp.group.groupName'),
    },
    {
      resourceType: 'AWS.IAM.Policy',
      // Attachments change a managed policy's attachment count and entities, hence the Attach/Detach calls.
      events: [
        'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'TagPolicy', 'UntagPolicy',
        'AttachUserPolicy', 'DetachUserPolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
      ],
      ids: paths('policyArn', 'resp.policy.arn'),
    },
    { resourceType: 'AWS.PasswordPolicy', events: ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'] },
  ],
  'kms.amazonaws.com': [
    {
      resourceType: 'AWS.KMS.Key',
      events: [
        'CreateKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'EnableKey', 'DisableKey', 'EnableKeyRotation', 'DisableKeyRotation', 'RotateKeyOnDemand',
        'PutKeyPolicy', 'CreateAlias', 'UpdateAlias', 'DeleteAlias', 'UpdateKeyDescription', 'CreateGrant', 'RevokeGrant', 'RetireGrant', ...TAGS,
      ],
      ids: both(paths('keyId', 'targetKeyId', 'resp.keyMetadata.arn', 'resp.keyMetadata.keyId'), resourcesOf('AWS::KMS::Key')),
    },
  ],
  'cloudtrail.amazonaws.com': [
    {
      resourceType: 'AWS.CloudTrail',
      events: ['CreateTrail', 'DeleteTrail', 'UpdateTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors', 'PutInsightSelectors', 'AddTags', 'RemoveTags'],
      ids: paths('name', 'trailName', 'resourceId', 'resp.trailARN'),
    },
    // The account-level summary (is every region logged?) changes with any trail.
    { resourceType: 'AWS.CloudTrail.Meta', events: ['CreateTrail', 'DeleteTrail', 'UpdateTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors'] },
  ],
  'config.amazonaws.com': [
    {
      resourceType: 'AWS.Config.Recorder',
      events: ['PutConfigurationRecorder', 'DeleteConfigurationRecorder', 'StartConfigurationRecorder', 'StopConfigurationRecorder', 'PutDeliveryChannel', 'DeleteDeliveryChannel'],
      ids: paths('configurationRecorder.name', 'configurationRecorderName'),
    },
    { resourceType: 'AWS.Config.Recorder.Meta', events: ['PutConfigurationRecorder', 'DeleteConfigurationRecorder', 'StartConfigurationRecorder', 'StopConfigurationRecorder'] },
  ],
  'guardduty.amazonaws.com': [
    { resourceType: 'AWS.GuardDuty.Detector', events: ['CreateDetector', 'DeleteDetector', 'UpdateDetector', ...TAGS], ids: paths('detectorId', 'resp.detectorId') },
    { resourceType: 'AWS.GuardDuty.Detector.Meta', events: ['CreateDetector', 'DeleteDetector', 'UpdateDetector'] },
  ],
  'logs.amazonaws.com': [
    {
      resourceType: 'AWS.CloudWatch.LogGroup',
      events: [
        'CreateLogGroup', 'DeleteLogGroup', 'PutRetentionPolicy', 'DeleteRetentionPolicy', 'AssociateKmsKey', 'DisassociateKmsKey', 'TagLogGroup', 'UntagLogGroup',
        'PutMetricFilter', 'DeleteMetricFilter', 'PutDataProtectionPolicy', 'DeleteDataProtectionPolicy', ...TAGS,
      ],
      ids: paths('logGroupName', 'resourceArn'),
    },
  ],
  'acm.amazonaws.com': [
    {
      resourceType: 'AWS.ACM.Certificate',
      events: ['RequestCertificate', 'ImportCertificate', 'DeleteCertificate', 'RenewCertificate', 'UpdateCertificateOptions', 'AddTagsToCertificate', 'RemoveTagsFromCertificate'],
      ids: paths('certificateArn', 'resp.certificateArn'),
    },
  ],
  'cloudformation.amazonaws.com': [
    {
      resourceType: 'AWS.CloudFormation.Stack',
      events: ['CreateStack', 'UpdateStack', 'DeleteStack', 'UpdateTerminationProtection', 'SetStackPolicy', 'ExecuteChangeSet', 'ContinueUpdateRollback', 'DetectStackDrift'],
      ids: paths('stackName', 'resp.stackId'),
    },
  ],
  'dynamodb.amazonaws.com': [
    {
      resourceType: 'AWS.DynamoDB.Table',
      events: ['CreateTable', 'DeleteTable', 'UpdateTable', 'UpdateContinuousBackups', 'UpdateTimeToLive', 'PutResourcePolicy', 'DeleteResourcePolicy', ...TAGS],
      ids: paths('tableName', 'resourceArn', 'resp.tableDescription.tableArn'),
    },
  ],
  'ecs.amazonaws.com': [
    {
      resourceType: 'AWS.ECS.Cluster',
      events: ['CreateCluster', 'DeleteCluster', 'UpdateCluster', 'UpdateClusterSettings', 'PutClusterCapacityProviders', ...TAGS],
      ids: paths('clusterName', 'cluster', 'resourceArn', 'resp.cluster.clusterArn'),
      when: (r) => !['TagResource', 'UntagResource'].includes(String(r.eventName)) || arnHas('resourceArn', ':cluster/')(r),
    },
  ],
  'eks.amazonaws.com': [
    {
      resourceType: 'AWS.EKS.Cluster',
      events: ['CreateCluster', 'DeleteCluster', 'UpdateClusterConfig', 'UpdateClusterVersion', 'AssociateEncryptionConfig', 'AssociateIdentityProviderConfig', ...TAGS],
      ids: paths('name', 'resourceArn', 'resp.cluster.arn'),
      when: (r) => !['TagResource', 'UntagResource'].includes(String(r.eventName)) || arnHas('resourceArn', ':cluster/')(r),
    },
  ],
  'elasticloadbalancing.amazonaws.com': [
    {
      resourceType: 'AWS.ELBV2.ApplicationLoadBalancer',
      events: [
        'CreateLoadBalancer', 'DeleteLoadBalancer', 'ModifyLoadBalancerAttributes', 'SetSecurityGroups', 'SetSubnets', 'SetIpAddressType',
        'CreateListener', 'ModifyListener', 'DeleteListener', 'AddTags', 'RemoveTags',
      ],
      ids: (r) => [
        ...paths('loadBalancerArn', 'resourceArns', 'resp.loadBalancers.loadBalancerArn')(r),
        // A listener's ARN holds its load balancer's: listener/app/<name>/<lb id>/<listener id>.
        ...paths('listenerArn', 'resp.listeners.listenerArn')(r).flatMap((a) => {
          const m = /^(arn:[^:]+:elasticloadbalancing:[^:]+:\d{12}:)listener\/(app\/[^/]+\/[^/]+)\/[^/]+$/.exec(a);
          return m === null ? [] : [`${m[1]}loadbalancer/${m[2]}`];
        }),
      ],
    },
  ],
  'lambda.amazonaws.com': [
    {
      resourceType: 'AWS.Lambda.Function',
      events: [
        'CreateFunction', 'DeleteFunction', 'UpdateFunctionConfiguration', 'UpdateFunctionCode', 'AddPermission', 'RemovePermission', 'PutFunctionConcurrency',
        'DeleteFunctionConcurrency', 'CreateFunctionUrlConfig', 'UpdateFunctionUrlConfig', 'DeleteFunctionUrlConfig', ...TAGS,
      ],
      ids: paths('functionName', 'resource', 'resp.functionArn'),
    },
  ],
  'rds.amazonaws.com': [
    {
      resourceType: 'AWS.RDS.Instance',
      events: [
        'CreateDBInstance', 'DeleteDBInstance', 'ModifyDBInstance', 'RestoreDBInstanceFromDBSnapshot', 'RestoreDBInstanceToPointInTime', 'CreateDBInstanceReadReplica',
        'PromoteReadReplica', 'AddTagsToResource', 'RemoveTagsFromResource',
      ],
      ids: paths('dBInstanceIdentifier', 'newDBInstanceIdentifier', 'targetDBInstanceIdentifier', 'resourceName'),
      when: (r) => !['AddTagsToResource', 'RemoveTagsFromResource'].includes(String(r.eventName)) || arnHas('resourceName', ':db:')(r),
    },
    {
      resourceType: 'AWS.RDS.Snapshot',
      events: ['CreateDBSnapshot', 'DeleteDBSnapshot', 'CopyDBSnapshot', 'ModifyDBSnapshot', 'ModifyDBSnapshotAttribute', 'AddTagsToResource', 'RemoveTagsFromResource'],
      ids: paths('dBSnapshotIdentifier', 'targetDBSnapshotIdentifier', 'resourceName'),
      when: (r) => !['AddTagsToResource', 'RemoveTagsFromResource'].includes(String(r.eventName)) || arnHas('resourceName', ':snapshot:')(r),
    },
  ],
  'redshift.amazonaws.com': [
    {
      resourceType: 'AWS.Redshift.Cluster',
      events: ['CreateCluster', 'DeleteCluster', 'ModifyCluster', 'EnableLogging', 'DisableLogging', 'ModifyClusterIamRoles', 'CreateTags', 'DeleteTags'],
      ids: paths('clusterIdentifier', 'newClusterIdentifier', 'resourceName'),
    },
  ],
  'secretsmanager.amazonaws.com': [
    {
      resourceType: 'AWS.SecretsManager.Secret',
      events: [
        'CreateSecret', 'DeleteSecret', 'RestoreSecret', 'UpdateSecret', 'RotateSecret', 'CancelRotateSecret', 'PutResourcePolicy', 'DeleteResourcePolicy',
        'ReplicateSecretToRegions', ...TAGS,
      ],
      ids: paths('secretId', 'name', 'resp.aRN', 'resp.arn'),
    },
  ],
  'sns.amazonaws.com': [
    {
      resourceType: 'AWS.SNS.Topic',
      events: ['CreateTopic', 'DeleteTopic', 'SetTopicAttributes', 'AddPermission', 'RemovePermission', 'PutDataProtectionPolicy', ...TAGS],
      ids: paths('topicArn', 'resourceArn', 'resp.topicArn'),
    },
  ],
  'sqs.amazonaws.com': [
    {
      resourceType: 'AWS.SQS.Queue',
      events: ['CreateQueue', 'DeleteQueue', 'SetQueueAttributes', 'AddPermission', 'RemovePermission', 'TagQueue', 'UntagQueue'],
      // Queue URLs end with the queue's name, which is the snapshot's Name.
      ids: (r) => [...paths('queueName')(r), ...paths('queueUrl', 'resp.queueUrl')(r).map((u) => u.split('/').pop() ?? '').filter((n) => n !== '')],
    },
  ],
  'elasticfilesystem.amazonaws.com': [
    {
      resourceType: 'AWS.EFS.FileSystem',
      events: [
        'CreateFileSystem', 'DeleteFileSystem', 'UpdateFileSystem', 'PutFileSystemPolicy', 'DeleteFileSystemPolicy', 'PutBackupPolicy', 'PutLifecycleConfiguration',
        'CreateTags', 'DeleteTags', ...TAGS,
      ],
      ids: paths('fileSystemId', 'resourceId', 'resp.fileSystemId'),
    },
  ],
  'waf.amazonaws.com': [{ resourceType: 'AWS.WAF.WebACL', events: ['CreateWebACL', 'DeleteWebACL', 'UpdateWebACL', 'PutLoggingConfiguration', 'DeleteLoggingConfiguration', ...TAGS], ids: paths('webACLId', 'resp.webACL.webACLId') }],
  'waf-regional.amazonaws.com': [
    {
      resourceType: 'AWS.WAF.Regional.WebACL',
      events: ['CreateWebACL', 'DeleteWebACL', 'UpdateWebACL', 'AssociateWebACL', 'DisassociateWebACL', 'PutLoggingConfiguration', 'DeleteLoggingConfiguration', ...TAGS],
      ids: paths('webACLId', 'resp.webACL.webACLId'),
    },
  ],
};

/** Resource types that live once per account (their units use the partition's home region). */
const GLOBAL_TYPES = new Set(['AWS.IAM.User', 'AWS.IAM.RootUser', 'AWS.IAM.Role', 'AWS.IAM.Group', 'AWS.IAM.Policy', 'AWS.PasswordPolicy', 'AWS.WAF.WebACL']);

/** Every resource type some event maps to (tests check this covers the scanners). */
export function mappedResourceTypes(): string[] {
  return [...new Set(Object.values(MAPPINGS).flatMap((ms) => ms.map((m) => m.resourceType)))].sort();
}

/** The event sources the mapping reads (the EventBridge rule's pattern lists them). */
export function mappedEventSources(): string[] {
  return Object.keys(MAPPINGS).sort();
}

/** Names of calls that only read. EventBridge does not deliver most of them; a trail replay might. */
const READ_ONLY = /^(Get|List|Describe|Head|Lookup|BatchGet|Search|Select|Scan|Query|Check|Validate|Estimate|Preview|Test|Simulate|Decrypt|Encrypt|GenerateDataKey|Sign|Verify)/;
/** Lambda's API versions its event names: UpdateFunctionConfiguration20150331v2. */
const LAMBDA_VERSION = /\d{8}(v\d+)?$/;

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/**
 * The rescans a CloudTrail record asks for; [] for a read-only or failed call, an unknown
 * service or call, or a record without a valid account and region.
 */
export function rescanTargets(r: CloudTrailRecord, envelope: { account?: unknown; region?: unknown } = {}): RescanTarget[] {
  if (typeof r.eventSource !== 'string' || typeof r.eventName !== 'string') return [];
  if (r.readOnly === true) return [];
  if (r.errorCode !== undefined && r.errorCode !== null && r.errorCode !== '') return [];
  const name = r.eventSource === 'lambda.amazonaws.com' ? r.eventName.replace(LAMBDA_VERSION, '') : r.eventName;
  if (READ_ONLY.test(name)) return [];
  const mappings = MAPPINGS[r.eventSource];
  if (mappings === undefined) return [];
  const accountId = typeof r.recipientAccountId === 'string' ? r.recipientAccountId : envelope.account;
  const region = typeof r.awsRegion === 'string' ? r.awsRegion : envelope.region;
  if (typeof accountId !== 'string' || !ACCOUNT.test(accountId) || typeof region !== 'string' || !REGION.test(region)) return [];
  const partition = partitionOf(region);
  const out: RescanTarget[] = [];
  for (const m of mappings) {
    if (!m.events.includes(name)) continue;
    const rec = { ...r, eventName: name };
    if (m.when !== undefined && !m.when(rec)) continue;
    const ids = [...new Set(m.ids?.(rec) ?? [])];
    out.push({
      accountId,
      region: GLOBAL_TYPES.has(m.resourceType) ? globalRegion(partition) : region,
      resourceType: m.resourceType,
      partition,
      resources: ids.length > MAX_IDS_PER_EVENT ? [] : ids.sort(),
    });
  }
  return out;
}

/** The EventBridge envelope of an "AWS API Call via CloudTrail" event. */
export interface CloudTrailEnvelope {
  readonly 'detail-type'?: unknown;
  readonly account?: unknown;
  readonly region?: unknown;
  readonly detail?: unknown;
}

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The targets of one EventBridge event ([] for another detail type). */
export function targetsOfEvent(e: CloudTrailEnvelope): RescanTarget[] {
  if (e['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE || !isObj(e.detail)) return [];
  return rescanTargets(e.detail as CloudTrailRecord, { account: e.account, region: e.region });
}
