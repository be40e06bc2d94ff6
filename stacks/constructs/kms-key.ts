import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** The account and partition the stack deploys into, as tokens. */
export interface AwsAccount {
  readonly accountId: string;
  readonly partition: string;
}

const ACCOUNT_ID = 'panther-aws-account';

/**
 * One caller-identity and one partition data source per stack, shared by every construct that
 * needs the account id (unique bucket names, key policies, confused-deputy conditions).
 */
export function awsAccount(scope: Construct): AwsAccount {
  const stack = TerraformStack.of(scope);
  let holder = stack.node.tryFindChild(ACCOUNT_ID) as Construct | undefined;
  if (!holder) {
    holder = new Construct(stack, ACCOUNT_ID);
    new DataAwsCallerIdentity(holder, 'caller');
    new DataAwsPartition(holder, 'partition');
  }
  const caller = holder.node.findChild('caller') as DataAwsCallerIdentity;
  const partition = holder.node.findChild('partition') as DataAwsPartition;
  return { accountId: caller.accountId, partition: partition.partition };
}

export interface KmsKeyProps {
  /** Alias name without the `alias/` prefix; starts with the deployment prefix. */
  readonly alias: string;
  readonly description: string;
  /** Service principals allowed to use the key, e.g. 'sns.amazonaws.com', 'logs.us-east-1.amazonaws.com'. */
  readonly servicePrincipals?: readonly string[];
  /**
   * Other accounts on whose resources' behalf those services may use the key (aws:SourceAccount):
   * the log sources' accounts, whose buckets publish notifications to an encrypted topic.
   */
  readonly serviceSourceAccountIds?: readonly string[];
  /** Days before a scheduled deletion takes effect (7-30). Default 30, the longest safety net. */
  readonly deletionWindowInDays?: number;
}

/** What a service principal may do with the key: envelope encryption, nothing administrative. */
const SERVICE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

/** Sid of the key administration statement: key policies must name `Resource: "*"` (the key itself). */
export const KEY_ROOT_SID = 'KeyPolicyAccountRootAdministration';
/** Sid of the statement letting the listed non-Logs services use the key; `Resource: "*"` as above. */
export const KEY_SERVICES_SID = 'KeyPolicyServicesUse';
/** Sid of the statement letting CloudWatch Logs use the key; `Resource: "*"` as above. */
export const KEY_LOGS_SID = 'KeyPolicyCloudWatchLogsUse';

/** `logs.eu-west-1.amazonaws.com` -> `eu-west-1`; undefined for other principals. */
function logsRegion(principal: string): string | undefined {
  return /^logs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(principal)?.[1];
}

/**
 * A customer managed key with yearly rotation, a key policy that delegates administration to the
 * account (so IAM policies decide who in the account may use it) and lets the listed AWS services
 * use it on behalf of this account only, and an alias.
 */
export class KmsKey extends Construct {
  readonly arn: string;
  readonly keyId: string;
  readonly aliasName: string;
  readonly key: AwsKmsKey;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    if (props.alias.startsWith('alias/')) throw new Error(`KmsKey alias "${props.alias}": give it without the "alias/" prefix`);
    const account = awsAccount(this);
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: KEY_ROOT_SID,
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${account.partition}:iam::${account.accountId}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
    ];
    const principals = [...new Set(props.servicePrincipals ?? [])];
    const logs = principals.filter((p) => logsRegion(p) !== undefined);
    const services = principals.filter((p) => logsRegion(p) === undefined);
    // Fixed Sids (one statement per kind, not per service) so the wildcard allow-list stays short.
    if (services.length > 0) {
      statements.push({
        sid: KEY_SERVICES_SID,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: services }],
        actions: SERVICE_ACTIONS,
        resources: ['*'],
        // Only on behalf of resources of this account (confused deputy).
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId, ...new Set(props.serviceSourceAccountIds ?? [])] }],
      });
    }
    if (logs.length > 0) {
      statements.push({
        sid: KEY_LOGS_SID,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: logs }],
        actions: SERVICE_ACTIONS,
        resources: ['*'],
        // The condition CloudWatch Logs documents: only for log groups of this account.
        condition: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: logs.map((p) => `arn:${account.partition}:logs:${logsRegion(p)}:${account.accountId}:log-group:*`),
          },
        ],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: statements });
    this.key = new AwsKmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
    });
    const alias = new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = alias.name;
  }
}
