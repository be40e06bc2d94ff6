import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { BundleOptions } from './constructs/bundle.js';
import { EncryptedQueue } from './constructs/encrypted-queue.js';
import { EncryptedTopic } from './constructs/encrypted-topic.js';
import { awsAccount, type KmsKey } from './constructs/kms-key.js';
import { LambdaFunction, type RoleStatement } from './constructs/lambda-function.js';
import type { SecureBucket } from './constructs/secure-bucket.js';
import type { TableRef } from './constructs/state-table.js';
import { SOURCES_COLLECTION } from '../processing/managed-sources.js';
import { STATS_COLLECTION } from '../processing/source-stats.js';

export interface LogSourceSetting {
  readonly id: string;
  readonly label: string;
  readonly bucket: string;
  readonly accountId: string;
  /** Role the processor assumes to read; without it the processor reads with its own role. */
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly kmsKeyArn?: string;
  readonly prefixes: readonly { readonly prefix: string; readonly logTypes: readonly string[] }[];
}

export interface LogProcessingProps {
  readonly prefix: string;
  /** Monitored buckets (config.sources). */
  readonly sources: readonly LogSourceSetting[];
  /** Log types of the deployment's input bucket by prefix; empty: no notifications from it. */
  readonly inputPrefixes: readonly { readonly prefix: string; readonly logTypes: readonly string[] }[];
  /** Encrypts the lake and input buckets. */
  readonly dataKey: KmsKey;
  /** Encrypts the topic, the queues and the log group; its policy must admit s3, sns and logs. */
  readonly messagesKey: KmsKey;
  readonly lakeBucket: SecureBucket;
  readonly inputBucket: SecureBucket;
  readonly memoryMb: number;
  readonly reservedConcurrency: number;
  readonly logRetentionDays: number;
  /** Function timeout; the queue's visibility timeout is six times this (AWS guidance). Default 300. */
  readonly timeoutSeconds?: number;
  /** Custom log schemas (*.yml): packaged with the function, which loads them at cold start. */
  readonly schemasDir?: string;
  /** The documents table: sources managed in the console are read from it, per-source statistics written to it. */
  readonly documentsTable?: TableRef;
  readonly bundle?: BundleOptions;
}

/** Folder of the custom schemas inside the function package. */
const SCHEMAS_FOLDER = 'schemas';

/** The log processor's environment is limited to 4 KB by Lambda; keep room for the other variables. */
const MAX_SOURCES_JSON = 3500;

export const LOG_PROCESSOR_SIDS = {
  consumeQueue: 'ConsumeInputQueue',
  decryptMessages: 'DecryptInputMessages',
  writeLake: 'WriteLakeLogs',
  dataKey: 'UseDataKey',
  readInput: 'ReadInputObjects',
  readSources: 'ReadSourceObjects',
  decryptSources: 'DecryptSourceObjects',
  assumeSourceRoles: 'AssumeSourceRoles',
  readManagedSources: 'ReadManagedSources',
  writeSourceStats: 'WriteSourceStatistics',
} as const;

/**
 * Log processing: S3 ObjectCreated notifications (the input bucket's and the sources') reach an
 * encrypted topic, an encrypted queue with a DLQ subscribes to it, and the log-processor function
 * consumes the queue in batches, reporting partial batch failures.
 */
export class LogProcessing extends Construct {
  readonly topic: EncryptedTopic;
  readonly queue: EncryptedQueue;
  readonly processor: LambdaFunction;

  constructor(scope: Construct, id: string, props: LogProcessingProps) {
    super(scope, id);
    const account = awsAccount(this);
    const timeout = props.timeoutSeconds ?? 300;

    const sourceAccounts = [...new Set(props.sources.map((s) => s.accountId))];
    this.topic = new EncryptedTopic(this, 'input-topic', { name: `${props.prefix}-input`, kmsKey: props.messagesKey, s3PublisherAccountIds: [account.accountId, ...sourceAccounts] });
    this.queue = new EncryptedQueue(this, 'input-queue', {
      name: `${props.prefix}-input`,
      kmsKey: props.messagesKey,
      visibilityTimeoutSeconds: 6 * timeout,
      maxReceiveCount: 3,
      allowedTopicArns: [this.topic.arn],
    });
    // Raw delivery: the queue receives the S3 event itself (processing/notifications.ts reads both).
    new SnsTopicSubscription(this, 'input-subscription', { topicArn: this.topic.arn, protocol: 'sqs', endpoint: this.queue.arn, rawMessageDelivery: true });

    // The shape processing/sources.ts parses; the input bucket's name is a token, hence jsonencode.
    const processorSources: Record<string, unknown>[] = props.sources.map((s) => ({
      id: s.id,
      label: s.label,
      bucket: s.bucket,
      ...(s.roleArn !== undefined ? { roleArn: s.roleArn } : {}),
      ...(s.externalId !== undefined ? { externalId: s.externalId } : {}),
      prefixes: s.prefixes.map((p) => ({ prefix: p.prefix, logTypes: [...p.logTypes] })),
    }));
    if (props.inputPrefixes.length > 0) {
      processorSources.unshift({ id: 'input', label: 'Input bucket', bucket: props.inputBucket.name, prefixes: props.inputPrefixes.map((p) => ({ prefix: p.prefix, logTypes: [...p.logTypes] })) });
    }
    // Bucket names are at most 63 characters: measure with the longest the token can become.
    const measured = JSON.stringify(processorSources.map((s) => (s.id === 'input' ? { ...s, bucket: 'x'.repeat(63) } : s))).length;
    if (measured > MAX_SOURCES_JSON) throw new Error(`LogProcessing: the sources take ${measured} bytes of the log processor's environment (at most ${MAX_SOURCES_JSON}); merge prefixes or list fewer log types`);

    const lakeArn = props.lakeBucket.arn;
    const statements: RoleStatement[] = [
      { sid: LOG_PROCESSOR_SIDS.consumeQueue, actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'], resources: [this.queue.arn] },
      { sid: LOG_PROCESSOR_SIDS.decryptMessages, actions: ['kms:Decrypt'], resources: [props.messagesKey.arn] },
      // Multipart uploads: PutObject covers the parts; abort cleans up after a failed upload.
      { sid: LOG_PROCESSOR_SIDS.writeLake, actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [`${lakeArn}/logs/*`] },
      { sid: LOG_PROCESSOR_SIDS.dataKey, actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.dataKey.arn] },
    ];
    if (props.inputPrefixes.length > 0) {
      statements.push({ sid: LOG_PROCESSOR_SIDS.readInput, actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: props.inputPrefixes.map((p) => `${props.inputBucket.arn}/${p.prefix}*`) });
    }
    const direct = props.sources.filter((s) => s.roleArn === undefined);
    if (direct.length > 0) {
      statements.push({
        sid: LOG_PROCESSOR_SIDS.readSources,
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: direct.flatMap((s) => s.prefixes.map((p) => `arn:${account.partition}:s3:::${s.bucket}/${p.prefix}*`)),
      });
      const keys = [...new Set(direct.flatMap((s) => (s.kmsKeyArn !== undefined ? [s.kmsKeyArn] : [])))];
      if (keys.length > 0) statements.push({ sid: LOG_PROCESSOR_SIDS.decryptSources, actions: ['kms:Decrypt'], resources: keys });
    }
    const roles = [...new Set(props.sources.flatMap((s) => (s.roleArn !== undefined ? [s.roleArn] : [])))];
    if (roles.length > 0) statements.push({ sid: LOG_PROCESSOR_SIDS.assumeSourceRoles, actions: ['sts:AssumeRole'], resources: roles });

    if (props.documentsTable !== undefined) {
      // Only the two collections the processor needs: the partition key is the collection name.
      const table = props.documentsTable.arn;
      statements.push(
        { sid: LOG_PROCESSOR_SIDS.readManagedSources, actions: ['dynamodb:Query'], resources: [table], conditions: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [SOURCES_COLLECTION] }] },
        { sid: LOG_PROCESSOR_SIDS.writeSourceStats, actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [table], conditions: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [STATS_COLLECTION] }] },
      );
    }
    this.processor = new LambdaFunction(this, 'log-processor', {
      name: `${props.prefix}-log-processor`,
      entry: 'log-processor',
      description: 'Normalizes new log files into the lake',
      memoryMb: props.memoryMb,
      timeoutSeconds: timeout,
      environment: {
        LAKE_BUCKET: props.lakeBucket.name,
        SOURCES: Fn.jsonencode(processorSources),
        ...(props.documentsTable !== undefined ? { DOCUMENTS_TABLE: props.documentsTable.name } : {}),
        POWERTOOLS_SERVICE_NAME: 'log-processor',
        POWERTOOLS_METRICS_NAMESPACE: 'Panther',
        // The package is unpacked in /var/task (LAMBDA_TASK_ROOT).
        ...(props.schemasDir !== undefined ? { SCHEMAS_DIR: `/var/task/${SCHEMAS_FOLDER}` } : {}),
      },
      kmsKey: props.messagesKey,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrency: props.reservedConcurrency,
      statements,
      bundle: { ...props.bundle, ...(props.schemasDir !== undefined ? { include: [{ dir: props.schemasDir, as: SCHEMAS_FOLDER, pattern: /\.ya?ml$/ }] } : {}) },
    });

    new LambdaEventSourceMapping(this, 'input-queue-mapping', {
      eventSourceArn: this.queue.arn,
      functionName: this.processor.arn,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
      // At most the reserved concurrency: more pollers than that would only be throttled.
      scalingConfig: { maximumConcurrency: Math.max(2, Math.min(props.reservedConcurrency, 1000)) },
      dependsOn: [this.processor.function],
    });

    if (props.inputPrefixes.length > 0) {
      // S3 checks that it may publish when the notification is saved: the topic policy comes first.
      const policy = this.topic.node.tryFindChild('policy') as ITerraformDependable | undefined;
      new S3BucketNotification(this, 'input-notification', {
        bucket: props.inputBucket.id,
        topic: props.inputPrefixes.map((p, i) => ({ id: `input-${i}`, topicArn: this.topic.arn, events: ['s3:ObjectCreated:*'], ...(p.prefix !== '' ? { filterPrefix: p.prefix } : {}) })),
        ...(policy !== undefined ? { dependsOn: [policy] } : {}),
      });
    }
  }
}
