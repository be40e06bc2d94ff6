import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy/index.js';
import { Construct } from 'constructs';
import type { KmsKey } from './kms-key.js';
import { DENY_INSECURE_TRANSPORT_SID } from './secure-bucket.js';

export interface EncryptedTopicProps {
  /** Topic name; starts with the deployment prefix. */
  readonly name: string;
  readonly kmsKey: KmsKey;
  /** Accounts whose S3 buckets may publish notifications (aws:SourceAccount condition). */
  readonly s3PublisherAccountIds?: readonly string[];
  /**
   * Other AWS services that may publish, each held to its source accounts, e.g.
   * `{ service: 'cloudwatch.amazonaws.com', sourceAccountIds: [account] }` for alarms.
   */
  readonly servicePublishers?: readonly { readonly service: string; readonly sourceAccountIds: readonly string[] }[];
}

export const ALLOW_S3_PUBLISH_SID = 'AllowS3BucketNotifications';

/** `cloudwatch.amazonaws.com` -> `AllowCloudwatchPublish`. */
function publishSid(service: string): string {
  const name = service
    .replace(/\.amazonaws\.com(\.cn)?$/, '')
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  return `Allow${name}Publish`;
}

/** An SNS topic encrypted with a customer managed key, reachable over TLS only. */
export class EncryptedTopic extends Construct {
  readonly arn: string;
  readonly name: string;
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name: props.name, kmsMasterKeyId: props.kmsKey.arn });
    this.arn = this.topic.arn;
    this.name = this.topic.name;

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: DENY_INSECURE_TRANSPORT_SID,
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['sns:*'],
        resources: [this.arn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ];
    const publishers = [
      ...(props.s3PublisherAccountIds?.length ? [{ sid: ALLOW_S3_PUBLISH_SID, service: 's3.amazonaws.com', accounts: props.s3PublisherAccountIds }] : []),
      ...(props.servicePublishers ?? []).map((p) => ({ sid: publishSid(p.service), service: p.service, accounts: p.sourceAccountIds })),
    ];
    for (const p of publishers) {
      if (p.accounts.length === 0) throw new Error(`EncryptedTopic ${props.name}: ${p.service} needs at least one source account`);
      if (statements.some((s) => s.sid === p.sid)) throw new Error(`EncryptedTopic ${props.name}: ${p.service} listed twice`);
      statements.push({
        sid: p.sid,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [p.service] }],
        actions: ['sns:Publish'],
        resources: [this.arn],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [...p.accounts] }],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    new SnsTopicPolicy(this, 'policy', { arn: this.arn, policy: policy.json });
  }
}
