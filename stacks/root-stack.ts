import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { LogType } from '../parsers/core/logtype.js';
import { type DeploymentConfig, parseConfig } from './config.js';
import type { BundleOptions } from './constructs/bundle.js';
import { KmsKey } from './constructs/kms-key.js';
import { stateTable, type TableRef } from './constructs/state-table.js';
import { DOCUMENTS_TABLE_DEFINITION } from '../adapters/aws/dynamodb-document-store.js';
import { DataCatalog } from './data-catalog.js';
import { LakeViews } from './lake-views.js';
import { CloudSecurity } from './cloud-security.js';
import { CloudTrailRescans } from './cloudtrail-rescans.js';
import { Detections } from './detections.js';
import { LogProcessing } from './log-processing.js';
import { Monitoring } from './monitoring.js';
import { Query } from './query.js';
import { ScheduledRules } from './scheduled-rules.js';
import { Storage } from './storage.js';
import { WebConsole } from './web-console.js';

export interface RootStackProps {
  /** The validated configuration (stacks/config.ts); default: every key at its default. */
  readonly config?: DeploymentConfig;
  /** Every log type of the deployment (built-in and custom): one Glue table each. */
  readonly logTypes: readonly LogType[];
  /** The custom schemas directory the custom log types came from: packaged with the log processor. */
  readonly schemasDir?: string;
  /** Where functions are bundled (tests); default `.build/lambda`. */
  readonly bundle?: BundleOptions;
  /** The built console to upload (main.ts builds it); without it the console bucket stays empty. */
  readonly consoleDir?: string;
  /** The version the API reports. */
  readonly version?: string;
}

/** Resolves names against the given log types, like parsers/registry.ts, for the default config. */
function resolverOf(logTypes: readonly LogType[]): (names: readonly string[]) => LogType[] {
  const byName = new Map(logTypes.map((lt) => [lt.name.toLowerCase(), lt]));
  return (names) =>
    names.map((n) => {
      const lt = byName.get(n.trim().toLowerCase());
      if (lt === undefined) throw new Error(`unknown log type "${n}"`);
      return lt;
    });
}

/** The deployment: one construct per subsystem, wired here. */
export class RootStack extends TerraformStack {
  readonly config: DeploymentConfig;
  readonly storage: Storage;
  readonly query: Query;
  readonly catalog: DataCatalog;
  readonly lakeViews: LakeViews;
  readonly logProcessing: LogProcessing;
  /** Console-managed settings (sources, destinations, saved queries...) and small state, by collection. */
  readonly documentsTable: TableRef;
  readonly detections: Detections;
  readonly scheduled: ScheduledRules;
  readonly cloudSecurity: CloudSecurity;
  /** Processed AWS.CloudTrail objects -> rescans; only with accounts or an organization to scan. */
  readonly cloudTrailRescans?: CloudTrailRescans;
  readonly webConsole: WebConsole;
  readonly monitoring: Monitoring;
  /** Encrypts queues, topics and function log groups (the services that use it are in its policy). */
  readonly opsKey: KmsKey;

  constructor(scope: Construct, id: string, props: RootStackProps) {
    super(scope, id);
    if (props.logTypes.length === 0) throw new Error('RootStack: no log types');
    const config = props.config ?? parseConfig({}, resolverOf(props.logTypes));
    this.config = config;
    const { prefix, region } = config;

    // Explicit backend: the default local backend writes the synth machine's absolute path.
    if (config.backend !== undefined) {
      const b = config.backend;
      new S3Backend(this, { bucket: b.bucket, key: b.key, region: b.region, encrypt: true, ...(b.dynamodbTable !== undefined ? { dynamodbTable: b.dynamodbTable } : {}) });
      // cdktf 0.21's S3Backend predates S3 native locking (Terraform >= 1.10): set it directly.
      if (b.useLockfile === true) this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      new LocalBackend(this, { path: `terraform.${prefix}.tfstate` });
    }
    new AwsProvider(this, 'aws', { region, defaultTags: [{ tags: { 'panther:deployment': prefix } }] });

    this.storage = new Storage(this, 'storage', { prefix, region, lakeRetentionDays: config.retention.lakeDays, queryResultsRetentionDays: config.retention.queryResultsDays });
    this.opsKey = new KmsKey(this, 'ops-key', {
      alias: `${prefix}-ops`,
      description: `${prefix}: queues, topics and function logs`,
      // S3 and CloudWatch publish to encrypted topics, SNS delivers to encrypted queues, CloudWatch
      // Logs encrypts the function log groups.
      servicePrincipals: ['s3.amazonaws.com', 'sns.amazonaws.com', 'cloudwatch.amazonaws.com', `logs.${region}.amazonaws.com`],
      // The sources' buckets in other accounts publish their notifications to the encrypted input topic.
      serviceSourceAccountIds: config.sources.map((s) => s.accountId),
    });
    this.query = new Query(this, 'query', {
      prefix,
      resultsBucket: this.storage.queryResultsBucket,
      kmsKey: this.storage.dataKey,
      bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
    });
    this.catalog = new DataCatalog(this, 'data-catalog', { prefix, lakeBucket: this.storage.lakeBucket.name, logTypes: props.logTypes });
    this.lakeViews = new LakeViews(this, 'lake-views', { prefix, lakeBucket: this.storage.lakeBucket.name, logTypes: props.logTypes });
    const documents = stateTable(this, 'documents-table', `${prefix}-documents`, DOCUMENTS_TABLE_DEFINITION, this.storage.dataKey);
    this.documentsTable = { name: documents.name, arn: documents.arn };
    this.logProcessing = new LogProcessing(this, 'log-processing', {
      prefix,
      sources: config.sources,
      inputPrefixes: config.input.prefixes,
      dataKey: this.storage.dataKey,
      messagesKey: this.opsKey,
      lakeBucket: this.storage.lakeBucket,
      inputBucket: this.storage.inputBucket,
      memoryMb: config.memory.logProcessor,
      reservedConcurrency: config.concurrency.logProcessor,
      logRetentionDays: config.retention.logGroupDays,
      documentsTable: this.documentsTable,
      ...(props.schemasDir !== undefined ? { schemasDir: props.schemasDir } : {}),
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });
    this.detections = new Detections(this, 'detections', {
      prefix,
      region,
      lakeBucket: this.storage.lakeBucket,
      dataKey: this.storage.dataKey,
      messagesKey: this.opsKey,
      logRetentionDays: config.retention.logGroupDays,
      documentsTable: this.documentsTable,
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });
    this.scheduled = new ScheduledRules(this, 'scheduled-rules', {
      prefix,
      region,
      lakeBucket: this.storage.lakeBucket,
      resultsBucket: this.storage.queryResultsBucket,
      workgroupName: this.query.workgroupName,
      dataKey: this.storage.dataKey,
      messagesKey: this.opsKey,
      alertsTable: { name: this.detections.alertsTable.name, arn: this.detections.alertsTable.arn },
      documentsTable: this.detections.documentsTable,
      alertQueue: this.detections.alertQueue,
      logRetentionDays: config.retention.logGroupDays,
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });
    const cloud = config.cloud;
    // As the CloudTrail rule of the event bus: nothing to rescan without accounts or an organization.
    const lakeRescans = cloud.accounts.length > 0 || cloud.organization !== undefined;
    this.cloudSecurity = new CloudSecurity(this, 'cloud-security', {
      prefix,
      region,
      accounts: cloud.accounts,
      lakeBucket: this.storage.lakeBucket,
      autoRemediation: cloud.autoRemediation,
      ...(cloud.organization !== undefined ? { organization: cloud.organization } : {}),
      auditRoleName: cloud.auditRoleName,
      ...(cloud.externalId !== undefined ? { externalId: cloud.externalId } : {}),
      scanIntervalMinutes: cloud.scanIntervalMinutes,
      dataKey: this.storage.dataKey,
      messagesKey: this.opsKey,
      alertsTable: { name: this.detections.alertsTable.name, arn: this.detections.alertsTable.arn },
      documentsTable: this.documentsTable,
      alertQueue: this.detections.alertQueue,
      logRetentionDays: config.retention.logGroupDays,
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });
    if (lakeRescans) {
      this.cloudTrailRescans = new CloudTrailRescans(this, 'cloudtrail-rescans', {
        prefix,
        lakeTopic: this.detections.lakeTopic,
        lakeBucket: this.storage.lakeBucket,
        lakeKey: this.storage.dataKey,
        messagesKey: this.opsKey,
        rescan: this.cloudSecurity.rescan,
      });
    }
    this.webConsole = new WebConsole(this, 'web-console', {
      prefix,
      region,
      settings: config.console,
      lakeBucket: this.storage.lakeBucket,
      resultsBucket: this.storage.queryResultsBucket,
      accessLogsBucket: this.storage.accessLogsBucket,
      consoleBucketName: this.storage.consoleBucketName,
      dataKey: this.storage.dataKey,
      opsKey: this.opsKey,
      workgroupName: this.query.workgroupName,
      alertsTable: { name: this.detections.alertsTable.name, arn: this.detections.alertsTable.arn },
      documentsTable: this.documentsTable,
      complianceTable: { name: this.cloudSecurity.complianceTable.name, arn: this.cloudSecurity.complianceTable.arn },
      logRetentionDays: config.retention.logGroupDays,
      ...(props.consoleDir !== undefined ? { consoleDir: props.consoleDir } : {}),
      ...(props.version !== undefined ? { version: props.version } : {}),
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });
    // Later subsystems add their functions and queues to these lists.
    this.monitoring = new Monitoring(this, 'monitoring', {
      prefix,
      region,
      kmsKey: this.opsKey,
      alarmEmails: config.alarms.emails,
      ...(config.alarms.topicArn !== undefined ? { alarmTopicArn: config.alarms.topicArn } : {}),
      functions: [this.logProcessing.processor, this.detections.detections, this.detections.delivery, this.scheduled.function, this.cloudSecurity.scan, this.cloudSecurity.rescan, this.webConsole.api.handler],
      queues: [this.logProcessing.queue, this.detections.queue, this.detections.alertQueue, this.cloudSecurity.unitQueue, ...(this.cloudTrailRescans !== undefined ? [this.cloudTrailRescans.queue] : [])],
    });

    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description, staticId: true });
    output('lake_bucket', this.storage.lakeBucket.name, 'Normalized logs (logs/<table>/year=/month=/day=/hour=/)');
    output('input_bucket', this.storage.inputBucket.name, 'Drop raw log files here (see input.prefixes)');
    output('query_results_bucket', this.storage.queryResultsBucket.name, 'Athena query results');
    output('access_logs_bucket', this.storage.accessLogsBucket.name, 'S3 server access logs of the other buckets');
    output('input_topic_arn', this.logProcessing.topic.arn, 'Source buckets send ObjectCreated notifications here (log-source module)');
    output('input_queue_url', this.logProcessing.queue.url, 'The log processor consumes this queue');
    output('input_dlq_url', this.logProcessing.queue.dlqUrl, 'Notifications the log processor failed on');
    output('log_processor_role_arn', this.logProcessing.processor.roleArn, 'The role log-source roles trust (log-source module)');
    output('alarm_topic_arn', this.monitoring.topic.arn, 'Operational alarms');
    output('athena_workgroup', this.query.workgroupName, 'Athena workgroup for lake queries');
    output('glue_database', this.catalog.database.name, 'Glue database of the lake tables');
    output('console_url', this.webConsole.hosting.url, 'The web console (sign in with a user of the user pool)');
    output('user_pool_id', this.webConsole.identity.userPool.id, 'Create console users here (aws cognito-idp admin-create-user)');
    output('cloud_event_bus_arn', this.cloudSecurity.bus.arn, 'Monitored accounts forward CloudTrail management events here (realtime-events module)');
    output('scanner_role_arn', this.cloudSecurity.scan.roleArn, 'The role audit roles trust (audit-role module)');
    output('compliance_table', this.cloudSecurity.complianceTable.name, 'Compliance status of every policy and resource');
  }
}
