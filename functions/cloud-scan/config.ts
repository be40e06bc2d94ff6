// The cloud-scan function's wiring from its environment, built once per cold start: the policy
// pack packaged with it, the compliance, alerts and documents tables, the alert-delivery queue,
// the audit role name and ExternalId, the configured accounts' ignore lists, the lake (history
// rows) and the opted-in automatic remediation.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import { DynamoComplianceStore } from '../../cloud-security/compliance/dynamodb-store.js';
import { RescanDebouncer } from '../../cloud-security/realtime/debounce.js';
import { remediationForPolicy } from '../../cloud-security/remediations/by-policy.js';
import { parseCloudAccounts } from '../../cloud-security/units/accounts.js';
import type { UnitAutoRemediation } from '../../cloud-security/units/scan-unit.js';
import { UnitStateStore } from '../../cloud-security/units/state.js';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import { DynamoAlertStore } from '../../detections/alerting/dynamodb-store.js';
import { sqsAlertQueue } from '../../detections/delivery/queue-message.js';
import { registerCompiledDetections } from '../detections/module-hooks.js';
import type { ScanDeps } from './process-unit.js';
import { optionalPositiveInt, requiredVar } from '../env.js';

export interface Env {
  readonly COMPLIANCE_TABLE?: string;
  readonly ALERTS_TABLE?: string;
  readonly DOCUMENTS_TABLE?: string;
  readonly ALERT_QUEUE_URL?: string;
  /** The policy pack inside the package (stacks/cloud-security.ts stages it there). */
  readonly PACK_DIR?: string;
  readonly AUDIT_ROLE_NAME?: string;
  /** The audit roles' ExternalId: a confused-deputy guard, not a secret. */
  readonly EXTERNAL_ID?: string;
  readonly CLOUD_ACCOUNTS?: string;
  readonly POLICY_TIME_LIMIT_MS?: string;
  /** The lake bucket: scans append Compliance.History and Resource.History rows; unset: none. */
  readonly LAKE_BUCKET?: string;
  /** Policy ids (comma-separated) whose new failures are remediated automatically; unset: none. */
  readonly AUTO_REMEDIATE_POLICIES?: string;
  /** 'true': send the remediations' calls; unset or 'false': dry runs (the planned calls are logged). */
  readonly AUTO_REMEDIATE_APPLY?: string;
  /** The remediation role in every account (modules/remediation-role). Default PantherRemediationRole. */
  readonly REMEDIATION_ROLE_NAME?: string;
}

export interface Clients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly sts: STSClient;
  /** Default: a new client, made only with LAKE_BUCKET. */
  readonly s3?: S3Client;
}

const defaultClients = (): Clients => ({ dynamodb: new DynamoDBClient({}), sqs: new SQSClient({}), sts: new STSClient({}) });

/** The enabled policies of a packaged pack; spec errors are returned for the log. */
export async function loadPackPolicies(packDir: string): Promise<{ policies: PolicyItem[]; errors: string[] }> {
  registerCompiledDetections([packDir]);
  const r = await loadAnalysisDir(packDir);
  return { policies: r.items.filter((i): i is PolicyItem => i.type === 'policy'), errors: r.errors.map((e) => `pack/${e.text}`) };
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_ID = /^[^\s,]{1,256}$/;

/** The opted-in policy ids of AUTO_REMEDIATE_POLICIES; an empty or malformed entry is refused. */
export function parsePolicyList(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const ids = value.split(',').map((x) => x.trim());
  const bad = ids.findIndex((id) => !POLICY_ID.test(id));
  if (bad >= 0) throw new Error(`AUTO_REMEDIATE_POLICIES: entry ${bad + 1} is not a policy id`);
  return [...new Set(ids)];
}

/** The automatic remediation settings of the environment (undefined: none opted in). */
export function autoRemediationFromEnv(env: Env): UnitAutoRemediation | undefined {
  const apply = env.AUTO_REMEDIATE_APPLY ?? '';
  if (!['', 'true', 'false'].includes(apply)) throw new Error("AUTO_REMEDIATE_APPLY must be 'true' or 'false'");
  const roleName = env.REMEDIATION_ROLE_NAME !== undefined && env.REMEDIATION_ROLE_NAME !== '' ? env.REMEDIATION_ROLE_NAME : 'PantherRemediationRole';
  if (!ROLE_NAME.test(roleName)) throw new Error('REMEDIATION_ROLE_NAME is not an IAM role name');
  const policies = parsePolicyList(env.AUTO_REMEDIATE_POLICIES);
  if (policies.length === 0) return undefined;
  return { policies: new Set(policies), apply: apply === 'true', remediationRoleName: roleName };
}

/**
 * Opted-in ids that will never remediate anything: not a loaded policy, or no remediation for it.
 * Reported at cold start (the stack refuses ids outside the pack; a spec error drops a policy).
 */
export function autoRemediationProblems(auto: UnitAutoRemediation | undefined, policies: readonly PolicyItem[]): string[] {
  if (auto === undefined) return [];
  const byId = new Map(policies.map((p) => [p.id, p]));
  const out: string[] = [];
  for (const id of auto.policies) {
    const p = byId.get(id);
    if (p === undefined) out.push(`auto-remediation: policy ${id} is not loaded`);
    else if (remediationForPolicy(id, p) === undefined) out.push(`auto-remediation: policy ${id} has no remediation`);
  }
  return out;
}

/** The deps; packErrors: specs that did not load; warnings: settings that will have no effect. */
export async function depsFromEnv(env: Env, clients: Clients = defaultClients()): Promise<{ deps: ScanDeps; packErrors: string[]; warnings: string[] }> {
  const { policies, errors } = await loadPackPolicies(requiredVar(env, 'PACK_DIR'));
  const accounts = parseCloudAccounts(env.CLOUD_ACCOUNTS !== undefined && env.CLOUD_ACCOUNTS !== '' ? env.CLOUD_ACCOUNTS : '[]');
  const ignores = new Map(accounts.flatMap((a) => (a.ignore !== undefined ? [[a.accountId, a.ignore] as const] : [])));
  const limit = optionalPositiveInt(env, 'POLICY_TIME_LIMIT_MS');
  const lakeBucket = env.LAKE_BUCKET !== undefined && env.LAKE_BUCKET !== '' ? env.LAKE_BUCKET : undefined;
  if (lakeBucket !== undefined && !BUCKET.test(lakeBucket)) throw new Error('LAKE_BUCKET is not an S3 bucket name');
  const autoRemediation = autoRemediationFromEnv(env);
  const docs = new DynamoDocumentStore({ client: clients.dynamodb, tableName: requiredVar(env, 'DOCUMENTS_TABLE') });
  const deps: ScanDeps = {
    policies,
    compliance: new DynamoComplianceStore({ client: clients.dynamodb, tableName: requiredVar(env, 'COMPLIANCE_TABLE') }),
    alerts: new DynamoAlertStore({ client: clients.dynamodb, tableName: requiredVar(env, 'ALERTS_TABLE') }),
    states: new UnitStateStore(docs),
    // The window only matters to cloud-rescan, which opens pending rescans; this side takes them.
    debounce: new RescanDebouncer(docs, 0),
    auditRoleName: requiredVar(env, 'AUDIT_ROLE_NAME'),
    ...(env.EXTERNAL_ID !== undefined && env.EXTERNAL_ID !== '' ? { externalId: env.EXTERNAL_ID } : {}),
    ignoreFor: (id) => ignores.get(id),
    sts: clients.sts,
    enqueueAlerts: sqsAlertQueue(clients.sqs, requiredVar(env, 'ALERT_QUEUE_URL')),
    ...(limit !== undefined ? { timeLimitMs: limit } : {}),
    ...(lakeBucket !== undefined ? { lake: new S3ObjectStore(clients.s3 ?? new S3Client({}), lakeBucket) } : {}),
    ...(autoRemediation !== undefined ? { autoRemediation } : {}),
  };
  return { deps, packErrors: errors, warnings: autoRemediationProblems(autoRemediation, policies) };
}
