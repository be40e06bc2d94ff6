import { join } from 'node:path';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Construct } from 'constructs';
import { RUNS_COLLECTION } from '../detections/scheduled/state.js';
import { lakeDatabaseNames } from '../query/lake-schema.js';
import { DEFAULT_OUT_ROOT, type BundleOptions } from './constructs/bundle.js';
import { awsAccount, type KmsKey } from './constructs/kms-key.js';
import { LambdaFunction, type RoleStatement } from './constructs/lambda-function.js';
import type { SecureBucket } from './constructs/secure-bucket.js';
import { BUILTIN_PACK, PACK_FOLDER, stagePack, type TableRef } from './detections.js';

export interface QueueRef {
  readonly arn: string;
  readonly url: string;
}

export interface ScheduledRulesProps {
  readonly prefix: string;
  readonly region: string;
  readonly lakeBucket: SecureBucket;
  /** The Athena results bucket (the workgroup writes results under athena/). */
  readonly resultsBucket: SecureBucket;
  /** The deployment's Athena workgroup (stacks/query.ts), named after the prefix. */
  readonly workgroupName: string;
  /** Encrypts the lake and the tables. */
  readonly dataKey: KmsKey;
  /** The key the workgroup encrypts results with, when it is not the data key. */
  readonly resultsKey?: KmsKey;
  /** Encrypts the log group and the alert-delivery queue. */
  readonly messagesKey: KmsKey;
  /** From stacks/detections.ts: the alerts and documents tables and the alert-delivery queue. */
  readonly alertsTable: TableRef;
  readonly documentsTable: TableRef;
  readonly alertQueue: QueueRef;
  readonly logRetentionDays: number;
  /** How often the scheduler ticks, in minutes (1-60). Default 1: cron slots run within the minute. */
  readonly tickMinutes?: number;
  readonly memoryMb?: number;
  readonly bundle?: BundleOptions;
  /** The pack packaged with the function. Default packs/aws. */
  readonly packDir?: string;
}

export const SCHEDULED_SIDS = {
  athena: 'RunQueriesInWorkgroup',
  glue: 'ReadLakeCatalog',
  listLake: 'ListLakeTables',
  readLake: 'ReadLakeTables',
  readUserDetections: 'ReadUserDetections',
  writeOutputs: 'WriteRuleOutputs',
  results: 'ReadWriteQueryResults',
  listResults: 'ListQueryResults',
  dataKey: 'UseDataKey',
  resultsKey: 'UseResultsKey',
  messagesKey: 'UseMessagesKey',
  alerts: 'CountMatchesIntoAlerts',
  runs: 'KeepScheduledQueryRuns',
  enqueue: 'QueueOpenedAlerts',
} as const;

/** Panther's longest TimeoutMinutes is 10; the function may run a few queries in one tick. */
const FUNCTION_TIMEOUT_SECONDS = 900;

/**
 * Scheduled rules: an EventBridge schedule ticks the scheduled-rules function, which runs the due
 * scheduled queries in the deployment's Athena workgroup, feeds their rows to the scheduled rules
 * (the built-in pack plus the user's detections/ in the lake), counts matches into the alerts
 * table, writes matches and errors under rules/ and rule_errors/, keeps each query's last run in
 * the documents table (its own collection only) and queues opened alerts for delivery.
 */
export class ScheduledRules extends Construct {
  readonly function: LambdaFunction;
  readonly schedule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: ScheduledRulesProps) {
    super(scope, id);
    const account = awsAccount(this);
    const { prefix } = props;
    const tick = props.tickMinutes ?? 1;
    if (!Number.isInteger(tick) || tick < 1 || tick > 60) throw new Error(`ScheduledRules tickMinutes ${tick}: 1-60`);
    const lake = props.lakeBucket.arn;
    const results = props.resultsBucket.arn;
    const db = prefix.replace(/-/g, '_');
    const databases = Object.values(lakeDatabaseNames(prefix));
    const glueArn = (what: string) => `arn:${account.partition}:glue:${props.region}:${account.accountId}:${what}`;
    // Tables the queries may read, and the prefixes behind them (views span these three).
    const tablePrefixes = ['logs/', 'rules/', 'rule_errors/'];

    const statements: RoleStatement[] = [
      {
        sid: SCHEDULED_SIDS.athena,
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
        resources: [`arn:${account.partition}:athena:${props.region}:${account.accountId}:workgroup/${props.workgroupName}`],
      },
      {
        sid: SCHEDULED_SIDS.glue,
        actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: [glueArn('catalog'), ...databases.map((d) => glueArn(`database/${d}`)), ...databases.map((d) => glueArn(`table/${d}/*`))],
      },
      {
        sid: SCHEDULED_SIDS.listLake,
        actions: ['s3:ListBucket', 's3:GetBucketLocation'],
        resources: [lake],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [...tablePrefixes, ...tablePrefixes.map((p) => `${p}*`), 'detections/', 'detections/*'] }],
      },
      { sid: SCHEDULED_SIDS.readLake, actions: ['s3:GetObject'], resources: tablePrefixes.map((p) => `${lake}/${p}*`) },
      { sid: SCHEDULED_SIDS.readUserDetections, actions: ['s3:GetObject'], resources: [`${lake}/detections/*`] },
      { sid: SCHEDULED_SIDS.writeOutputs, actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [`${lake}/rules/*`, `${lake}/rule_errors/*`] },
      // Athena reads and writes results with the caller's credentials, under the workgroup's location.
      { sid: SCHEDULED_SIDS.results, actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: [`${results}/athena/*`] },
      { sid: SCHEDULED_SIDS.listResults, actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [results] },
      { sid: SCHEDULED_SIDS.dataKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.dataKey.arn] },
      ...(props.resultsKey !== undefined ? [{ sid: SCHEDULED_SIDS.resultsKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.resultsKey.arn] }] : []),
      { sid: SCHEDULED_SIDS.messagesKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.messagesKey.arn] },
      { sid: SCHEDULED_SIDS.alerts, actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [props.alertsTable.arn] },
      // Only the scheduled-query-runs collection of the documents table.
      {
        sid: SCHEDULED_SIDS.runs,
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [props.documentsTable.arn],
        conditions: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [RUNS_COLLECTION] }],
      },
      { sid: SCHEDULED_SIDS.enqueue, actions: ['sqs:SendMessage'], resources: [props.alertQueue.arn] },
    ];

    const staged = stagePack(props.packDir ?? BUILTIN_PACK, join(props.bundle?.outRoot ?? DEFAULT_OUT_ROOT, '.packs'));
    this.function = new LambdaFunction(this, 'function', {
      name: `${prefix}-scheduled-rules`,
      entry: 'scheduled-rules',
      description: 'Runs the due scheduled queries in Athena and the scheduled rules on their rows',
      memoryMb: props.memoryMb ?? 2048,
      timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
      environment: {
        LAKE_BUCKET: props.lakeBucket.name,
        ALERTS_TABLE: props.alertsTable.name,
        DOCUMENTS_TABLE: props.documentsTable.name,
        ALERT_QUEUE_URL: props.alertQueue.url,
        ATHENA_WORKGROUP: props.workgroupName,
        DATABASE_PREFIX: db,
        PACK_DIR: `/var/task/${PACK_FOLDER}`,
        POWERTOOLS_SERVICE_NAME: 'scheduled-rules',
        POWERTOOLS_METRICS_NAMESPACE: 'Panther',
      },
      kmsKey: props.messagesKey,
      logRetentionDays: props.logRetentionDays,
      // Overlapping ticks are safe (runs are claimed), but a few are enough.
      reservedConcurrency: 2,
      statements,
      bundle: {
        ...props.bundle,
        include: [
          { dir: staged.packDir, as: PACK_FOLDER },
        ],
      },
    });

    this.schedule = new CloudwatchEventRule(this, 'schedule', {
      name: `${prefix}-scheduled-rules-tick`,
      description: 'Ticks the scheduled-rules function',
      scheduleExpression: tick === 1 ? 'rate(1 minute)' : `rate(${tick} minutes)`,
    });
    // A failed or throttled tick is not retried, and a stale one is dropped: the next tick runs what is still due.
    new LambdaFunctionEventInvokeConfig(this, 'async', { functionName: this.function.name, maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 });
    new CloudwatchEventTarget(this, 'target', { rule: this.schedule.name, arn: this.function.arn, targetId: 'scheduled-rules' });
    new LambdaPermission(this, 'invoke', {
      statementId: 'AllowScheduleTick',
      action: 'lambda:InvokeFunction',
      functionName: this.function.name,
      principal: 'events.amazonaws.com',
      sourceArn: this.schedule.arn,
    });
  }
}
