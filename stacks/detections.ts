import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { stateTable, type TableRef } from './constructs/state-table.js';
import { buildSync } from 'esbuild';
import { DOCUMENTS_TABLE_DEFINITION } from '../adapters/aws/dynamodb-document-store.js';
import { ALERTS_TABLE_DEFINITION } from '../detections/alerting/dynamodb-store.js';
import { CACHE_TABLE_DEFINITION } from '../detections/caching/dynamodb-cache.js';
import { DEFAULT_OUT_ROOT, NODE_TARGET, PROJECT_ROOT, type BundleOptions } from './constructs/bundle.js';
import { EncryptedQueue } from './constructs/encrypted-queue.js';
import { EncryptedTopic } from './constructs/encrypted-topic.js';
import { awsAccount, type KmsKey } from './constructs/kms-key.js';
import { LambdaFunction, type RoleStatement } from './constructs/lambda-function.js';
import type { SecureBucket } from './constructs/secure-bucket.js';

/** The built-in detection pack. */
export const BUILTIN_PACK = join(PROJECT_ROOT, 'packs', 'aws');
/** Where the pack is unpacked in the detections function (LAMBDA_TASK_ROOT is /var/task). */
export const PACK_FOLDER = 'pack';
/** The collection of the documents table the delivery function reads (detections/delivery/stores). */
const DESTINATIONS_COLLECTION = 'destinations';

export type { TableRef } from './constructs/state-table.js';

export interface DetectionsProps {
  readonly prefix: string;
  readonly region: string;
  readonly lakeBucket: SecureBucket;
  /** The data at rest: it encrypts the lake and, here, the tables. */
  readonly dataKey: KmsKey;
  /** Encrypts the topic, the queues and the function log groups; its policy admits s3 and sns. */
  readonly messagesKey: KmsKey;
  /** The document store's table (destinations live there); created here when not given. */
  readonly documentsTable?: TableRef;
  /** Base URL of the console, for alert links in messages; without it links are relative (/alerts/<id>). */
  readonly consoleUrl?: string;
  readonly logRetentionDays: number;
  readonly detectionsMemoryMb?: number;
  readonly detectionsConcurrency?: number;
  readonly deliveryMemoryMb?: number;
  readonly deliveryConcurrency?: number;
  /**
   * SNS topics and SQS queues that SNS/SQS destinations name: the delivery function may publish to
   * these only (and use these KMS keys for them, when the topics or queues are encrypted).
   */
  readonly deliveryTargets?: { readonly snsTopicArns?: readonly string[]; readonly sqsQueueArns?: readonly string[]; readonly kmsKeyArns?: readonly string[] };
  readonly bundle?: BundleOptions;
  /** The pack packaged with the detections function. Default packs/aws. */
  readonly packDir?: string;
}

export const DETECTIONS_SIDS = {
  consumeQueue: 'ConsumeDetectionsQueue',
  messagesKey: 'UseMessagesKey',
  readLogs: 'ReadLakeLogs',
  listUserDetections: 'ListUserDetections',
  readUserDetections: 'ReadUserDetections',
  writeOutputs: 'WriteRuleOutputs',
  dataKey: 'UseDataKey',
  alerts: 'CountMatchesIntoAlerts',
  cache: 'UseDetectionCache',
  enqueue: 'QueueOpenedAlerts',
} as const;

export const DELIVERY_SIDS = {
  consumeQueue: 'ConsumeAlertDeliveryQueue',
  requeue: 'RequeueFailedDeliveries',
  messagesKey: 'UseMessagesKey',
  readAlerts: 'ReadAlerts',
  readDestinations: 'ReadDestinations',
  readSecrets: 'ReadDestinationSecrets',
  dataKey: 'DecryptWithDataKey',
  publishSns: 'PublishToSnsDestinations',
  sendSqs: 'SendToSqsDestinations',
  targetKeys: 'EncryptForDestinations',
} as const;

/** Secret names of destination credentials (detections/delivery/stores/aws-destination-store.ts). */
export function destinationSecretsPattern(partition: string, region: string, accountId: string, prefix: string): string {
  return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${prefix}/destinations/*`;
}

// ---------------------------------------------------------------------------------------------
// The pack inside the function package. The bundler copies the top-level files of a folder, and
// the Lambda runtime has no TypeScript compiler: so each detection body is bundled here into one
// self-contained ES module (its helpers inlined, type imports erased), the tree is flattened
// (`rules/x/y.ts` -> `rules__x__y.ts`) and the specs' Filename keys are rewritten to match.

export interface StagedPack {
  /** The flattened pack: specs, compiled bodies, a package.json saying "module". */
  readonly packDir: string;
  readonly hash: string;
}

const SPEC = /\.(ya?ml|json)$/i;
const flat = (rel: string): string => rel.split('/').join('__');

function walk(dir: string, root: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '__pycache__') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, root, out);
    else if (e.isFile()) out.push(relative(root, full).split(sep).join('/'));
  }
}

/** Staged packs this process made or used (an asset may point at any of them). */
const producedPacks = new Set<string>();

/** The spec files (YAML/JSON) of a pack directory, by path relative to it, with their text, in a stable order. */
export function packSpecFiles(packDir: string): { readonly rel: string; readonly text: string }[] {
  const files: string[] = [];
  walk(packDir, packDir, files);
  return files.filter((f) => SPEC.test(f)).map((rel) => ({ rel, text: readFileSync(join(packDir, rel), 'utf8') }));
}

export function stagePack(packDir: string, outRoot: string): StagedPack {
  const out = new Map<string, string | Buffer>();
  for (const spec of packSpecFiles(packDir)) {
    const { rel } = spec;
    let text = spec.text;
    // YAML or JSON: the Filename value, quoted or not.
    text = text.replace(/^(\s*"?Filename"?\s*:\s*)(["']?)([^"'\n#]+?)\2(\s*,?\s*)$/m, (_m, key: string, q: string, name: string, tail: string) => {
      const body = posix.join(posix.dirname(rel), name.trim());
      if (body.startsWith('..')) throw new Error(`${rel}: Filename leaves the pack`);
      const src = join(packDir, ...body.split('/'));
      if (body.endsWith('.ts')) {
        const r = buildSync({ entryPoints: [src], bundle: true, write: false, format: 'esm', platform: 'node', target: NODE_TARGET, absWorkingDir: PROJECT_ROOT, legalComments: 'none', logLevel: 'silent' });
        out.set(flat(body), Buffer.from(r.outputFiles[0]?.contents ?? new Uint8Array()));
      } else {
        out.set(flat(body), readFileSync(src));
      }
      return `${key}${q}${flat(body)}${q}${tail}`;
    });
    out.set(flat(rel), text);
  }
  out.set('package.json', '{ "type": "module" }\n');
  const hash = createHash('sha256');
  for (const name of [...out.keys()].sort()) hash.update(`\0${name}\0`).update(out.get(name) as string | Buffer);
  const hex = hash.digest('hex');
  const dir = join(outRoot, hex);
  if (!existsSync(join(dir, 'done'))) {
    // Written aside, then moved into place: parallel synths never see half a pack.
    const tmp = join(outRoot, `.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(join(tmp, PACK_FOLDER), { recursive: true });
    for (const [name, data] of out) writeFileSync(join(tmp, PACK_FOLDER, name), data);
    writeFileSync(join(tmp, 'done'), '');
    try {
      mkdirSync(dirname(dir), { recursive: true });
      renameSync(tmp, dir);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(join(dir, 'done'))) throw err;
    }
  }
  producedPacks.add(dir);
  // Packs of older detections are dead weight, as bundle.ts does for bundles.
  for (const old of readdirSync(outRoot)) if (!producedPacks.has(join(outRoot, old)) && !old.startsWith('.tmp-')) rmSync(join(outRoot, old), { recursive: true, force: true });
  return { packDir: join(dir, PACK_FOLDER), hash: hex };
}

// ---------------------------------------------------------------------------------------------

/**
 * Detections and alert delivery: the lake's ObjectCreated notifications under logs/ reach an
 * encrypted topic and the detections queue (with a DLQ); the detections function runs the rules on
 * the new events, keeps alert and cache state in two encrypted tables, and queues each opened
 * alert; the alert-delivery function sends it to its destinations (settings in the documents
 * table, secrets in Secrets Manager), re-queueing failed destinations, with a DLQ after that.
 */
export class Detections extends Construct {
  readonly alertsTable: DynamodbTable;
  readonly cacheTable: DynamodbTable;
  readonly documentsTable: TableRef;
  readonly lakeTopic: EncryptedTopic;
  readonly queue: EncryptedQueue;
  readonly alertQueue: EncryptedQueue;
  readonly detections: LambdaFunction;
  readonly delivery: LambdaFunction;

  constructor(scope: Construct, id: string, props: DetectionsProps) {
    super(scope, id);
    const account = awsAccount(this);
    const { prefix } = props;
    const detectionsTimeout = 300;
    // Above the worst case of one alert's sends with their retries (functions/alert-delivery/config.ts).
    const deliveryTimeout = 180;

    this.alertsTable = stateTable(this, 'alerts-table', `${prefix}-alerts`, ALERTS_TABLE_DEFINITION, props.dataKey);
    this.cacheTable = stateTable(this, 'cache-table', `${prefix}-detection-cache`, CACHE_TABLE_DEFINITION, props.dataKey);
    if (props.documentsTable !== undefined) this.documentsTable = props.documentsTable;
    else {
      const t = stateTable(this, 'documents-table', `${prefix}-documents`, DOCUMENTS_TABLE_DEFINITION, props.dataKey);
      this.documentsTable = { name: t.name, arn: t.arn };
    }

    this.lakeTopic = new EncryptedTopic(this, 'lake-topic', { name: `${prefix}-lake-events`, kmsKey: props.messagesKey, s3PublisherAccountIds: [account.accountId] });
    this.queue = new EncryptedQueue(this, 'queue', {
      name: `${prefix}-detections`,
      kmsKey: props.messagesKey,
      visibilityTimeoutSeconds: 6 * detectionsTimeout,
      maxReceiveCount: 3,
      allowedTopicArns: [this.lakeTopic.arn],
    });
    new SnsTopicSubscription(this, 'lake-subscription', { topicArn: this.lakeTopic.arn, protocol: 'sqs', endpoint: this.queue.arn, rawMessageDelivery: true });
    // S3 checks that it may publish when the notification is saved: the topic policy comes first.
    const topicPolicy = this.lakeTopic.node.tryFindChild('policy') as ITerraformDependable | undefined;
    new S3BucketNotification(this, 'lake-notification', {
      bucket: props.lakeBucket.id,
      // Normalized logs only; logs/unclassified/ is left out by the function (S3 filters cannot exclude).
      topic: [{ id: 'normalized-logs', topicArn: this.lakeTopic.arn, events: ['s3:ObjectCreated:*'], filterPrefix: 'logs/' }],
      ...(topicPolicy !== undefined ? { dependsOn: [topicPolicy] } : {}),
    });
    this.alertQueue = new EncryptedQueue(this, 'alert-queue', {
      name: `${prefix}-alert-delivery`,
      kmsKey: props.messagesKey,
      visibilityTimeoutSeconds: 6 * deliveryTimeout,
      maxReceiveCount: 3,
    });

    const lake = props.lakeBucket.arn;
    const sqsConsume = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'];
    const detectionStatements: RoleStatement[] = [
      { sid: DETECTIONS_SIDS.consumeQueue, actions: sqsConsume, resources: [this.queue.arn] },
      // Receiving from and sending to queues encrypted with the messages key.
      { sid: DETECTIONS_SIDS.messagesKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.messagesKey.arn] },
      { sid: DETECTIONS_SIDS.readLogs, actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [`${lake}/logs/*`] },
      { sid: DETECTIONS_SIDS.listUserDetections, actions: ['s3:ListBucket'], resources: [lake], conditions: [{ test: 'StringLike', variable: 's3:prefix', values: ['detections/', 'detections/*'] }] },
      { sid: DETECTIONS_SIDS.readUserDetections, actions: ['s3:GetObject'], resources: [`${lake}/detections/*`] },
      { sid: DETECTIONS_SIDS.writeOutputs, actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [`${lake}/rules/*`, `${lake}/rule_errors/*`] },
      { sid: DETECTIONS_SIDS.dataKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.dataKey.arn] },
      { sid: DETECTIONS_SIDS.alerts, actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [this.alertsTable.arn] },
      { sid: DETECTIONS_SIDS.cache, actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], resources: [this.cacheTable.arn] },
      { sid: DETECTIONS_SIDS.enqueue, actions: ['sqs:SendMessage'], resources: [this.alertQueue.arn] },
    ];
    // Beside the bundles (gitignored), named by content like them.
    const staged = stagePack(props.packDir ?? BUILTIN_PACK, join(props.bundle?.outRoot ?? DEFAULT_OUT_ROOT, '.packs'));
    this.detections = new LambdaFunction(this, 'detections', {
      name: `${prefix}-detections`,
      entry: 'detections',
      description: 'Runs the detection rules on new normalized events',
      memoryMb: props.detectionsMemoryMb ?? 2048,
      timeoutSeconds: detectionsTimeout,
      environment: {
        LAKE_BUCKET: props.lakeBucket.name,
        ALERTS_TABLE: this.alertsTable.name,
        CACHE_TABLE: this.cacheTable.name,
        ALERT_QUEUE_URL: this.alertQueue.url,
        PACK_DIR: `/var/task/${PACK_FOLDER}`,
        POWERTOOLS_SERVICE_NAME: 'detections',
        POWERTOOLS_METRICS_NAMESPACE: 'Panther',
      },
      kmsKey: props.messagesKey,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrency: props.detectionsConcurrency ?? 10,
      statements: detectionStatements,
      bundle: {
        ...props.bundle,
        include: [
          { dir: staged.packDir, as: PACK_FOLDER },
        ],
      },
    });
    new LambdaEventSourceMapping(this, 'queue-mapping', {
      eventSourceArn: this.queue.arn,
      functionName: this.detections.arn,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: Math.max(2, props.detectionsConcurrency ?? 10) },
      dependsOn: [this.detections.function],
    });

    const deliveryStatements: RoleStatement[] = [
      { sid: DELIVERY_SIDS.consumeQueue, actions: sqsConsume, resources: [this.alertQueue.arn] },
      // Destinations that failed are re-queued, alone, with a delay.
      { sid: DELIVERY_SIDS.requeue, actions: ['sqs:SendMessage'], resources: [this.alertQueue.arn] },
      { sid: DELIVERY_SIDS.messagesKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.messagesKey.arn] },
      { sid: DELIVERY_SIDS.readAlerts, actions: ['dynamodb:GetItem'], resources: [this.alertsTable.arn] },
      // Only the destinations collection of the documents table.
      {
        sid: DELIVERY_SIDS.readDestinations,
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [this.documentsTable.arn],
        conditions: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [DESTINATIONS_COLLECTION] }],
      },
      { sid: DELIVERY_SIDS.readSecrets, actions: ['secretsmanager:GetSecretValue'], resources: [destinationSecretsPattern(account.partition, props.region, account.accountId, prefix)] },
      { sid: DELIVERY_SIDS.dataKey, actions: ['kms:Decrypt'], resources: [props.dataKey.arn] },
    ];
    const targets = props.deliveryTargets ?? {};
    if (targets.snsTopicArns?.length) deliveryStatements.push({ sid: DELIVERY_SIDS.publishSns, actions: ['sns:Publish'], resources: [...targets.snsTopicArns] });
    if (targets.sqsQueueArns?.length) deliveryStatements.push({ sid: DELIVERY_SIDS.sendSqs, actions: ['sqs:SendMessage'], resources: [...targets.sqsQueueArns] });
    if (targets.kmsKeyArns?.length) deliveryStatements.push({ sid: DELIVERY_SIDS.targetKeys, actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [...targets.kmsKeyArns] });
    this.delivery = new LambdaFunction(this, 'alert-delivery', {
      name: `${prefix}-alert-delivery`,
      entry: 'alert-delivery',
      description: 'Sends opened alerts to their destinations',
      memoryMb: props.deliveryMemoryMb ?? 512,
      timeoutSeconds: deliveryTimeout,
      environment: {
        ALERTS_TABLE: this.alertsTable.name,
        DOCUMENTS_TABLE: this.documentsTable.name,
        DEPLOYMENT_PREFIX: prefix,
        ...(props.consoleUrl !== undefined ? { CONSOLE_URL: props.consoleUrl } : {}),
        QUEUE_URL: this.alertQueue.url,
        POWERTOOLS_SERVICE_NAME: 'alert-delivery',
        POWERTOOLS_METRICS_NAMESPACE: 'Panther',
      },
      kmsKey: props.messagesKey,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrency: props.deliveryConcurrency ?? 5,
      statements: deliveryStatements,
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });
    new LambdaEventSourceMapping(this, 'alert-queue-mapping', {
      eventSourceArn: this.alertQueue.arn,
      functionName: this.delivery.arn,
      batchSize: 10,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: Math.max(2, props.deliveryConcurrency ?? 5) },
      dependsOn: [this.delivery.function],
    });
  }
}
