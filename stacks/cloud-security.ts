import { join } from 'node:path';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus/index.js';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy/index.js';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Construct } from 'constructs';
import YAML from 'yaml';
import { COMPLIANCE_TABLE_DEFINITION } from '../cloud-security/compliance/dynamodb-store.js';
import { COMPLIANCE_HISTORY_TABLE, RESOURCE_HISTORY_TABLE } from '../cloud-security/history.js';
import { CLOUDTRAIL_DETAIL_TYPE, mappedEventSources } from '../cloud-security/realtime/cloudtrail-targets.js';
import { RESCANS_COLLECTION } from '../cloud-security/realtime/debounce.js';
import { UNITS_COLLECTION } from '../cloud-security/units/state.js';
import type { CloudAccount } from '../cloud-security/units/unit.js';
import { DEFAULT_OUT_ROOT, PROJECT_ROOT, type BundleOptions } from './constructs/bundle.js';
import { EncryptedQueue } from './constructs/encrypted-queue.js';
import { awsAccount, type KmsKey } from './constructs/kms-key.js';
import { LambdaFunction, type RoleStatement } from './constructs/lambda-function.js';
import { PACK_FOLDER, packSpecFiles, stagePack, type TableRef } from './detections.js';

export interface QueueRef {
  readonly arn: string;
  readonly url: string;
}

export interface CloudSecurityProps {
  readonly prefix: string;
  readonly region: string;
  /** Onboarded accounts (config cloud.accounts): their regions and ignore lists. */
  readonly accounts: readonly CloudAccount[];
  /**
   * Also scan the organization's ACTIVE accounts (the deployment runs in the management or a
   * delegated administrator account): the bus admits the organization, the scanner may assume the
   * audit role in its accounts only.
   */
  readonly organization?: { readonly id: string; readonly defaultRegions: readonly string[] };
  /** Name of the audit role in every account (modules/audit-role). Default PantherAuditRole. */
  readonly auditRoleName?: string;
  /** The ExternalId the audit roles require. */
  readonly externalId?: string;
  /** Full scan interval in minutes (15 and up). Default 1440 (daily). */
  readonly scanIntervalMinutes?: number;
  /** Encrypts the compliance table (and the tables it is given). */
  readonly dataKey: KmsKey;
  /** Encrypts the unit queue, the log groups and the functions' environment; also the alert queue's key. */
  readonly messagesKey: KmsKey;
  /** From stacks/detections.ts. */
  readonly alertsTable: TableRef;
  readonly documentsTable: TableRef;
  readonly alertQueue: QueueRef;
  readonly logRetentionDays: number;
  readonly scanMemoryMb?: number;
  /** Units scanned at once across the deployment (the scanned accounts' API rate limits). Default 10. */
  readonly scanConcurrency?: number;
  readonly bundle?: BundleOptions;
  /** The policy pack packaged with the scan function. Default packs/aws-policies. */
  readonly packDir?: string;
  /**
   * The lake (encrypted with dataKey, which the scan function already uses): each scan appends its
   * Compliance.History and Resource.History rows. Absent: no history is written.
   */
  readonly lakeBucket?: { readonly name: string; readonly arn: string };
  /** Opt-in automatic remediation of new failures (config cloud.autoRemediation). Default: none. */
  readonly autoRemediation?: AutoRemediationSettings;
}

export interface AutoRemediationSettings {
  /** Policy ids of the packaged pack whose new failures are remediated. */
  readonly policies: readonly string[];
  /** Send the calls; false: dry runs, the planned calls are logged only. */
  readonly apply: boolean;
  /** The remediation role in each account (modules/remediation-role role_name). Default PantherRemediationRole. */
  readonly remediationRoleName?: string;
}

export const CLOUD_SCAN_SIDS = {
  consumeUnits: 'ConsumeScanUnits',
  messagesKey: 'UseMessagesKey',
  dataKey: 'UseDataKey',
  assumeAudit: 'AssumeAuditRoles',
  assumeOrgAudit: 'AssumeOrganizationAuditRoles',
  compliance: 'RecordCompliance',
  alerts: 'CountPolicyAlerts',
  unitStates: 'KeepScanUnitStates',
  enqueueAlerts: 'QueueOpenedAlerts',
  writeHistory: 'WriteScanHistory',
  assumeRemediation: 'AssumeRemediationRoles',
  assumeOrgRemediation: 'AssumeOrganizationRemediationRoles',
} as const;

export const CLOUD_RESCAN_SIDS = {
  sendUnits: 'QueueScanUnits',
  messagesKey: 'UseMessagesKey',
  dataKey: 'UseDataKey',
  unitStates: 'KeepScanUnitStates',
  discover: 'DiscoverOrganizationAccounts',
} as const;

export const BUS_POLICY_SIDS = { accounts: 'MonitoredAccountsPutEvents', organization: 'OrganizationPutEvents' } as const;

export const BUILTIN_POLICY_PACK = join(PROJECT_ROOT, 'packs', 'aws-policies');

/** A scan unit (one type in one region) fits in one invocation of this length. */
const SCAN_TIMEOUT_SECONDS = 900;
const RESCAN_TIMEOUT_SECONDS = 300;
const UNIT_MAX_RECEIVES = 3;
/** Lambda's environment is 4 KB in all; the accounts list gets most of it. */
const MAX_ACCOUNTS_JSON = 3000;
/** What is left of it for the opted-in policy ids (comma-separated). */
const MAX_AUTO_REMEDIATE_POLICIES = 600;

/** The policy ids of a pack directory (its YAML/JSON specs of AnalysisType policy). */
export function packPolicyIds(packDir: string): Set<string> {
  const ids = new Set<string>();
  for (const { text } of packSpecFiles(packDir)) {
    let spec: unknown;
    try {
      spec = YAML.parse(text);
    } catch {
      continue; // not a spec: the pack's loader reports it
    }
    const s = spec as { AnalysisType?: unknown; PolicyID?: unknown } | null;
    if (s !== null && typeof s === 'object' && s.AnalysisType === 'policy' && typeof s.PolicyID === 'string') ids.add(s.PolicyID);
  }
  return ids;
}

/**
 * Cloud security on AWS: the compliance table; the scan-unit queue (with a DLQ) consumed by the
 * cloud-scan function (assume the audit role, scan the unit, evaluate policies, record compliance,
 * open policy alerts and queue them for delivery); the cloud-rescan function, ticked by a schedule
 * (queue the due units of every account) and fed by the deployment's event bus (CloudTrail calls
 * of the monitored accounts -> targeted units); the bus with a policy admitting only the
 * onboarded accounts or the organization.
 */
export class CloudSecurity extends Construct {
  readonly complianceTable: DynamodbTable;
  readonly unitQueue: EncryptedQueue;
  readonly scan: LambdaFunction;
  readonly rescan: LambdaFunction;
  readonly bus: CloudwatchEventBus;
  readonly schedule: CloudwatchEventRule;
  /** Absent when no account or organization is admitted. */
  readonly eventsRule?: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: CloudSecurityProps) {
    super(scope, id);
    const account = awsAccount(this);
    const { prefix } = props;
    const interval = props.scanIntervalMinutes ?? 1440;
    if (!Number.isInteger(interval) || interval < 15) throw new Error(`CloudSecurity scanIntervalMinutes ${interval}: an integer of at least 15`);
    const roleName = props.auditRoleName ?? 'PantherAuditRole';
    if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new Error(`CloudSecurity auditRoleName "${roleName}": not an IAM role name`);
    const org = props.organization;
    if (org !== undefined && !/^o-[a-z0-9]{10,32}$/.test(org.id)) throw new Error(`CloudSecurity organization id "${org.id}": not an organization id (o-...)`);
    const accountsJson = JSON.stringify(props.accounts);
    if (accountsJson.length > MAX_ACCOUNTS_JSON) throw new Error(`CloudSecurity: the accounts take ${accountsJson.length} bytes of the functions' environment (at most ${MAX_ACCOUNTS_JSON}); use organization discovery for the defaults`);
    const accountIds = [...new Set(props.accounts.map((a) => a.accountId))];
    const packDir = props.packDir ?? BUILTIN_POLICY_PACK;
    const remediation = autoRemediationOf(props.autoRemediation, packDir);

    const d = COMPLIANCE_TABLE_DEFINITION;
    this.complianceTable = new DynamodbTable(this, 'compliance-table', {
      name: `${prefix}-compliance`,
      billingMode: d.billingMode,
      hashKey: d.partitionKey,
      rangeKey: d.sortKey,
      attribute: d.attributes.map((a) => ({ name: a.name, type: a.type })),
      globalSecondaryIndex: d.globalSecondaryIndexes.map((g) => ({ name: g.name, hashKey: g.partitionKey, rangeKey: g.sortKey, projectionType: g.projectionType })),
      ttl: { attributeName: d.ttlAttribute, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.dataKey.arn },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
    });

    this.unitQueue = new EncryptedQueue(this, 'unit-queue', {
      name: `${prefix}-cloud-scan-units`,
      kmsKey: props.messagesKey,
      visibilityTimeoutSeconds: 6 * SCAN_TIMEOUT_SECONDS,
      maxReceiveCount: UNIT_MAX_RECEIVES,
    });
    // A unit still queued or running after every receive could have happened is lost: queue it again.
    const staleMinutes = Math.ceil((6 * SCAN_TIMEOUT_SECONDS * UNIT_MAX_RECEIVES) / 60) + 15;

    const unitStates = (sid: string, actions: string[]): RoleStatement => ({
      sid,
      actions,
      resources: [props.documentsTable.arn],
      conditions: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [UNITS_COLLECTION, RESCANS_COLLECTION] }],
    });
    const auditRoles = accountIds.map((a) => `arn:${account.partition}:iam::${a}:role/${roleName}`);
    const scanStatements: RoleStatement[] = [
      { sid: CLOUD_SCAN_SIDS.consumeUnits, actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'], resources: [this.unitQueue.arn] },
      { sid: CLOUD_SCAN_SIDS.messagesKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.messagesKey.arn] },
      { sid: CLOUD_SCAN_SIDS.dataKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.dataKey.arn] },
      ...(auditRoles.length > 0 ? [{ sid: CLOUD_SCAN_SIDS.assumeAudit, actions: ['sts:AssumeRole'], resources: auditRoles }] : []),
      // Discovered accounts are not known at deploy time: the role name, in the organization's accounts only.
      ...(org !== undefined
        ? [
            {
              sid: CLOUD_SCAN_SIDS.assumeOrgAudit,
              actions: ['sts:AssumeRole'],
              resources: [`arn:${account.partition}:iam::*:role/${roleName}`],
              conditions: [{ test: 'StringEquals', variable: 'aws:ResourceOrgID', values: [org.id] }],
            },
          ]
        : []),
      // Query on the indexes: the resources of a unit (scope) and of a deleted resource (resourceId);
      // DeleteItem drops a deleted resource's entries and history.
      {
        sid: CLOUD_SCAN_SIDS.compliance,
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem'],
        resources: [this.complianceTable.arn, ...COMPLIANCE_TABLE_DEFINITION.globalSecondaryIndexes.map((g) => `${this.complianceTable.arn}/index/${g.name}`)],
      },
      { sid: CLOUD_SCAN_SIDS.alerts, actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [props.alertsTable.arn] },
      unitStates(CLOUD_SCAN_SIDS.unitStates, ['dynamodb:GetItem', 'dynamodb:UpdateItem']),
      { sid: CLOUD_SCAN_SIDS.enqueueAlerts, actions: ['sqs:SendMessage'], resources: [props.alertQueue.arn] },
      // The history tables' prefixes only (the lake's key, dataKey, is granted above); multipart
      // uploads of a large account's history may need aborting.
      ...(props.lakeBucket !== undefined
        ? [{ sid: CLOUD_SCAN_SIDS.writeHistory, actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [COMPLIANCE_HISTORY_TABLE, RESOURCE_HISTORY_TABLE].map((t) => `${props.lakeBucket?.arn}/logs/${t}/*`) }]
        : []),
      // Only when remediations are sent: dry runs need no access to the accounts beyond the audit role.
      ...(remediation.applies && accountIds.length > 0
        ? [{ sid: CLOUD_SCAN_SIDS.assumeRemediation, actions: ['sts:AssumeRole'], resources: accountIds.map((a) => `arn:${account.partition}:iam::${a}:role/${remediation.roleName}`) }]
        : []),
      ...(remediation.applies && org !== undefined
        ? [
            {
              sid: CLOUD_SCAN_SIDS.assumeOrgRemediation,
              actions: ['sts:AssumeRole'],
              resources: [`arn:${account.partition}:iam::*:role/${remediation.roleName}`],
              conditions: [{ test: 'StringEquals', variable: 'aws:ResourceOrgID', values: [org.id] }],
            },
          ]
        : []),
    ];
    const staged = stagePack(packDir, join(props.bundle?.outRoot ?? DEFAULT_OUT_ROOT, '.packs'));
    const scanConcurrency = props.scanConcurrency ?? 10;
    this.scan = new LambdaFunction(this, 'scan', {
      name: `${prefix}-cloud-scan`,
      entry: 'cloud-scan',
      description: 'Scans one unit (account, region, resource type) and evaluates the policies',
      memoryMb: props.scanMemoryMb ?? 1024,
      timeoutSeconds: SCAN_TIMEOUT_SECONDS,
      environment: {
        COMPLIANCE_TABLE: this.complianceTable.name,
        ALERTS_TABLE: props.alertsTable.name,
        DOCUMENTS_TABLE: props.documentsTable.name,
        ALERT_QUEUE_URL: props.alertQueue.url,
        PACK_DIR: `/var/task/${PACK_FOLDER}`,
        AUDIT_ROLE_NAME: roleName,
        ...(props.externalId !== undefined ? { EXTERNAL_ID: props.externalId } : {}),
        CLOUD_ACCOUNTS: accountsJson,
        ...(props.lakeBucket !== undefined ? { LAKE_BUCKET: props.lakeBucket.name } : {}),
        ...(remediation.policies.length > 0
          ? {
              AUTO_REMEDIATE_POLICIES: remediation.policies.join(','),
              ...(remediation.applies ? { AUTO_REMEDIATE_APPLY: 'true', REMEDIATION_ROLE_NAME: remediation.roleName } : {}),
            }
          : {}),
        POWERTOOLS_SERVICE_NAME: 'cloud-scan',
      },
      kmsKey: props.messagesKey,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrency: scanConcurrency,
      statements: scanStatements,
      bundle: {
        ...props.bundle,
        include: [
          { dir: staged.packDir, as: PACK_FOLDER },
        ],
      },
    });
    new LambdaEventSourceMapping(this, 'unit-queue-mapping', {
      eventSourceArn: this.unitQueue.arn,
      functionName: this.scan.arn,
      // One unit per invocation: a unit is what is sized to fit the time limit.
      batchSize: 1,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: Math.max(2, scanConcurrency) },
      dependsOn: [this.scan.function],
    });

    const rescanStatements: RoleStatement[] = [
      { sid: CLOUD_RESCAN_SIDS.sendUnits, actions: ['sqs:SendMessage'], resources: [this.unitQueue.arn] },
      { sid: CLOUD_RESCAN_SIDS.messagesKey, actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.messagesKey.arn] },
      { sid: CLOUD_RESCAN_SIDS.dataKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.dataKey.arn] },
      unitStates(CLOUD_RESCAN_SIDS.unitStates, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query']),
      // organizations:ListAccounts has no resource type.
      ...(org !== undefined ? [{ sid: CLOUD_RESCAN_SIDS.discover, actions: ['organizations:ListAccounts'], resources: ['*'] }] : []),
    ];
    this.rescan = new LambdaFunction(this, 'rescan', {
      name: `${prefix}-cloud-rescan`,
      entry: 'cloud-rescan',
      description: 'Queues due scan units on the schedule, targeted units on CloudTrail events',
      memoryMb: 512,
      timeoutSeconds: RESCAN_TIMEOUT_SECONDS,
      environment: {
        CLOUD_ACCOUNTS: accountsJson,
        ...(org !== undefined ? { DISCOVER_ACCOUNTS: 'true', DEFAULT_REGIONS: org.defaultRegions.join(',') } : {}),
        DOCUMENTS_TABLE: props.documentsTable.name,
        UNIT_QUEUE_URL: this.unitQueue.url,
        SCAN_INTERVAL_MINUTES: String(interval),
        STALE_MINUTES: String(staleMinutes),
        // Processed CloudTrail objects feed rescans too (stacks/cloudtrail-rescans.ts grants the reads).
        ...(props.lakeBucket !== undefined ? { LAKE_BUCKET: props.lakeBucket.name } : {}),
        POWERTOOLS_SERVICE_NAME: 'cloud-rescan',
      },
      kmsKey: props.messagesKey,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrency: 5,
      statements: rescanStatements,
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });
    // Both rules invoke it asynchronously: a failed tick or event is retried twice, then dropped
    // (the next tick queues whatever is still due).
    new LambdaFunctionEventInvokeConfig(this, 'rescan-async', { functionName: this.rescan.name, maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 });

    // The schedule ticks every 15 minutes (the shortest interval), not once per interval: each
    // tick queues the units that are due (the interval is counted per unit), so a failed or
    // interrupted unit is picked up at the next tick, not an interval later.
    const tick = 15;
    this.schedule = new CloudwatchEventRule(this, 'schedule', {
      name: `${prefix}-cloud-scan-tick`,
      description: 'Queues the due cloud scan units',
      scheduleExpression: `rate(${tick} minutes)`,
    });
    new CloudwatchEventTarget(this, 'schedule-target', { rule: this.schedule.name, arn: this.rescan.arn, targetId: 'cloud-rescan' });
    new LambdaPermission(this, 'schedule-invoke', {
      statementId: 'AllowScheduleTick',
      action: 'lambda:InvokeFunction',
      functionName: this.rescan.name,
      principal: 'events.amazonaws.com',
      sourceArn: this.schedule.arn,
    });

    // The bus the monitored accounts' realtime-events module forwards CloudTrail calls to.
    this.bus = new CloudwatchEventBus(this, 'bus', { name: `${prefix}-cloud-events` });
    const busStatements: DataAwsIamPolicyDocumentStatement[] = [];
    if (accountIds.length > 0) {
      busStatements.push({
        sid: BUS_POLICY_SIDS.accounts,
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: accountIds }],
        actions: ['events:PutEvents'],
        resources: [this.bus.arn],
      });
    }
    if (org !== undefined) {
      busStatements.push({
        sid: BUS_POLICY_SIDS.organization,
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        actions: ['events:PutEvents'],
        resources: [this.bus.arn],
        condition: [{ test: 'StringEquals', variable: 'aws:PrincipalOrgID', values: [org.id] }],
      });
    }
    if (busStatements.length > 0) {
      const doc = new DataAwsIamPolicyDocument(this, 'bus-policy-document', { statement: busStatements });
      new CloudwatchEventBusPolicy(this, 'bus-policy', { eventBusName: this.bus.name, policy: doc.json });
    }
    // Nothing is admitted without accounts or an organization: no rule then.
    if (busStatements.length === 0) return;
    this.eventsRule = new CloudwatchEventRule(this, 'cloudtrail-rule', {
      name: `${prefix}-cloud-rescan-events`,
      description: 'CloudTrail calls of the monitored accounts that change scanned resources',
      eventBusName: this.bus.name,
      // Every value is known at synth: plain JSON.
      eventPattern: JSON.stringify({
        'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
        // Only the admitted accounts, even if the bus policy ever admits more (discovery: the organization's, checked by the function).
        ...(org === undefined ? { account: accountIds } : {}),
        detail: { eventSource: mappedEventSources(), errorCode: [{ exists: false }] },
      }),
    });
    new CloudwatchEventTarget(this, 'cloudtrail-target', { rule: this.eventsRule.name, eventBusName: this.bus.name, arn: this.rescan.arn, targetId: 'cloud-rescan' });
    new LambdaPermission(this, 'events-invoke', {
      statementId: 'AllowCloudTrailEvents',
      action: 'lambda:InvokeFunction',
      functionName: this.rescan.name,
      principal: 'events.amazonaws.com',
      sourceArn: this.eventsRule.arn,
    });
  }
}

/**
 * The auto-remediation settings checked at synth: role name, policy ids that the packaged pack
 * holds (an unknown id would never match and silently remediate nothing), the environment's room.
 */
function autoRemediationOf(settings: AutoRemediationSettings | undefined, packDir: string): { policies: readonly string[]; applies: boolean; roleName: string } {
  const roleName = settings?.remediationRoleName ?? 'PantherRemediationRole';
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new Error(`CloudSecurity autoRemediation.remediationRoleName "${roleName}": not an IAM role name`);
  const policies = settings?.policies ?? [];
  const bad = policies.filter((p) => !/^[^\s,]{1,256}$/.test(p));
  if (bad.length > 0) throw new Error(`CloudSecurity autoRemediation.policies: not a policy id: ${bad.map((p) => JSON.stringify(p)).join(', ')}`);
  if (policies.length > 0) {
    const known = packPolicyIds(packDir);
    const unknown = policies.filter((p) => !known.has(p));
    if (unknown.length > 0) throw new Error(`CloudSecurity autoRemediation.policies: not in the policy pack (${packDir}): ${unknown.join(', ')}`);
  }
  if (policies.join(',').length > MAX_AUTO_REMEDIATE_POLICIES) throw new Error(`CloudSecurity autoRemediation.policies: more than ${MAX_AUTO_REMEDIATE_POLICIES} characters of the function's environment`);
  return { policies, applies: settings?.apply === true && policies.length > 0, roleName };
}
