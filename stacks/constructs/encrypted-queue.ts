import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { KmsKey } from './kms-key.js';
import { DENY_INSECURE_TRANSPORT_SID } from './secure-bucket.js';

export interface EncryptedQueueProps {
  /** Queue name; starts with the deployment prefix. The DLQ is `<name>-dlq`. */
  readonly name: string;
  readonly kmsKey: KmsKey;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ. Default 5. */
  readonly maxReceiveCount?: number;
  /** SNS topics allowed to send to the queue. */
  readonly allowedTopicArns?: readonly string[];
  /** Retention of the source queue. Default 4 days (the SQS default). */
  readonly messageRetentionSeconds?: number;
}

export const ALLOW_SNS_SEND_SID = 'AllowSnsTopicsSendMessage';
/** The longest retention SQS allows: failed messages stay inspectable for two weeks. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
/** How long SQS reuses a data key before calling KMS again (the SQS default is 300). */
const KMS_DATA_KEY_REUSE_SECONDS = 300;

function tlsOnly(queueArn: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid: DENY_INSECURE_TRANSPORT_SID,
    effect: 'Deny',
    principals: [{ type: '*', identifiers: ['*'] }],
    actions: ['sqs:*'],
    resources: [queueArn],
    condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  };
}

/**
 * An SQS queue and its dead-letter queue, both encrypted with a customer managed key and reachable
 * over TLS only. Messages move to the DLQ after `maxReceiveCount` receives; only this queue may
 * redrive into the DLQ.
 */
export class EncryptedQueue extends Construct {
  readonly arn: string;
  readonly url: string;
  readonly name: string;
  readonly dlqArn: string;
  readonly dlqUrl: string;
  readonly dlqName: string;
  readonly queue: SqsQueue;
  readonly dlq: SqsQueue;

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) throw new Error(`EncryptedQueue ${props.name}: maxReceiveCount must be 1-1000`);
    if (props.visibilityTimeoutSeconds < 0 || props.visibilityTimeoutSeconds > 43200) throw new Error(`EncryptedQueue ${props.name}: visibilityTimeoutSeconds must be 0-43200`);

    this.dlq = new SqsQueue(this, 'dlq', {
      name: `${props.name}-dlq`,
      kmsMasterKeyId: props.kmsKey.arn,
      kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS,
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: props.name,
      kmsMasterKeyId: props.kmsKey.arn,
      kmsDataKeyReusePeriodSeconds: KMS_DATA_KEY_REUSE_SECONDS,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      ...(props.messageRetentionSeconds !== undefined ? { messageRetentionSeconds: props.messageRetentionSeconds } : {}),
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: this.dlq.arn, maxReceiveCount }),
    });
    // A separate resource: naming the source queue on the DLQ itself would be a dependency cycle.
    new SqsQueueRedriveAllowPolicy(this, 'dlq-redrive-allow', {
      queueUrl: this.dlq.url,
      redriveAllowPolicy: Fn.jsonencode({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });

    const statements = [tlsOnly(this.queue.arn)];
    if (props.allowedTopicArns?.length) {
      statements.push({
        sid: ALLOW_SNS_SEND_SID,
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.arn],
        condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [...props.allowedTopicArns] }],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    new SqsQueuePolicy(this, 'policy', { queueUrl: this.queue.url, policy: policy.json });
    const dlqPolicy = new DataAwsIamPolicyDocument(this, 'dlq-policy-document', { statement: [tlsOnly(this.dlq.arn)] });
    new SqsQueuePolicy(this, 'dlq-policy', { queueUrl: this.dlq.url, policy: dlqPolicy.json });

    this.arn = this.queue.arn;
    this.url = this.queue.url;
    this.name = this.queue.name;
    this.dlqArn = this.dlq.arn;
    this.dlqUrl = this.dlq.url;
    this.dlqName = this.dlq.name;
  }
}
