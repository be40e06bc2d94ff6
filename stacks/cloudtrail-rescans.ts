import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Construct } from 'constructs';
import { CLOUDTRAIL_LAKE_PREFIX } from '../cloud-security/realtime/cloudtrail-targets.js';
import { EncryptedQueue } from './constructs/encrypted-queue.js';
import type { KmsKey } from './constructs/kms-key.js';
import type { LambdaFunction } from './constructs/lambda-function.js';

export interface CloudTrailRescansProps {
  readonly prefix: string;
  /** The lake's ObjectCreated notifications under logs/ (stacks/detections.ts lakeTopic): raw S3 event JSON. */
  readonly lakeTopic: { readonly arn: string };
  readonly lakeBucket: { readonly arn: string };
  /** Encrypts the lake's objects. */
  readonly lakeKey: KmsKey;
  /** Encrypts the queue (and the topic that delivers to it). */
  readonly messagesKey: KmsKey;
  /** The cloud-rescan function (stacks/cloud-security.ts), given LAKE_BUCKET there. */
  readonly rescan: LambdaFunction;
  /** Notifications per invocation. Default 5. */
  readonly batchSize?: number;
}

export const CLOUDTRAIL_RESCANS_SIDS = {
  consume: 'ConsumeCloudTrailLakeQueue',
  messagesKey: 'DecryptCloudTrailLakeQueue',
  readObjects: 'ReadLakeCloudTrailObjects',
  lakeKey: 'DecryptLakeObjects',
} as const;


/** The SNS filter on the S3 event in the body: only objects of the CloudTrail table reach the queue. */
export function cloudTrailFilterPolicy(): Record<string, unknown> {
  return { Records: { s3: { object: { key: [{ prefix: CLOUDTRAIL_LAKE_PREFIX }] } } } };
}

const MAX_RECEIVES = 3;

/**
 * Rescans from processed AWS.CloudTrail events: a queue (with a DLQ) subscribed to the lake topic,
 * filtered on the object key so only `logs/aws_cloudtrail/` objects arrive, consumed by the
 * cloud-rescan function, whose role gets, in a policy of its own, the queue, the CloudTrail objects
 * of the lake (not the rest of it) and the two keys' decryption.
 */
export class CloudTrailRescans extends Construct {
  readonly queue: EncryptedQueue;
  readonly subscription: SnsTopicSubscription;
  readonly mapping: LambdaEventSourceMapping;

  constructor(scope: Construct, id: string, props: CloudTrailRescansProps) {
    super(scope, id);
    const batchSize = props.batchSize ?? 5;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) throw new Error(`CloudTrailRescans batchSize ${batchSize}: 1-10`);
    const timeout = props.rescan.function.timeoutInput ?? 3;

    // Its id names its alarms in stacks/monitoring.ts: unique among the deployment's queues.
    this.queue = new EncryptedQueue(this, 'cloudtrail-rescans-queue', {
      name: `${props.prefix}-cloudtrail-rescans`,
      kmsKey: props.messagesKey,
      // AWS's advice for a Lambda source: six times the function's timeout.
      visibilityTimeoutSeconds: 6 * timeout,
      maxReceiveCount: MAX_RECEIVES,
      allowedTopicArns: [props.lakeTopic.arn],
    });
    this.subscription = new SnsTopicSubscription(this, 'subscription', {
      topicArn: props.lakeTopic.arn,
      protocol: 'sqs',
      endpoint: this.queue.arn,
      // The S3 event as the body, as the detections queue gets it; the filter reads that body.
      rawMessageDelivery: true,
      filterPolicyScope: 'MessageBody',
      filterPolicy: JSON.stringify(cloudTrailFilterPolicy()),
    });

    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [
        { sid: CLOUDTRAIL_RESCANS_SIDS.consume, effect: 'Allow', actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'], resources: [this.queue.arn] },
        { sid: CLOUDTRAIL_RESCANS_SIDS.messagesKey, effect: 'Allow', actions: ['kms:Decrypt'], resources: [props.messagesKey.arn] },
        { sid: CLOUDTRAIL_RESCANS_SIDS.readObjects, effect: 'Allow', actions: ['s3:GetObject'], resources: [`${props.lakeBucket.arn}/${CLOUDTRAIL_LAKE_PREFIX}*`] },
        { sid: CLOUDTRAIL_RESCANS_SIDS.lakeKey, effect: 'Allow', actions: ['kms:Decrypt'], resources: [props.lakeKey.arn] },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, 'policy', { name: `${props.rescan.roleName}-cloudtrail-lake`, role: props.rescan.roleName, policy: policy.json });

    this.mapping = new LambdaEventSourceMapping(this, 'mapping', {
      eventSourceArn: this.queue.arn,
      functionName: props.rescan.arn,
      batchSize,
      functionResponseTypes: ['ReportBatchItemFailures'],
      // Beside the schedule and the EventBridge events, within the function's reserved concurrency.
      scalingConfig: { maximumConcurrency: 2 },
      // Lambda checks the role can read the queue when the mapping is created.
      dependsOn: [props.rescan.function, rolePolicy],
    });
  }
}
