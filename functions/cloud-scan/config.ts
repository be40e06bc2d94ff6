// The cloud-scan function's wiring from its environment, built once per cold start: the policy
// pack packaged with it, the compliance, alerts and documents tables, the alert-delivery queue,
// the audit role name and ExternalId, the configured accounts' ignore lists.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import { DynamoComplianceStore } from '../../cloud-security/compliance/dynamodb-store.js';
import { RescanDebouncer } from '../../cloud-security/realtime/debounce.js';
import { parseCloudAccounts } from '../../cloud-security/units/accounts.js';
import { UnitStateStore } from '../../cloud-security/units/state.js';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import { DynamoAlertStore } from '../../detections/alerting/dynamodb-store.js';
import { sqsAlertQueue } from '../../detections/delivery/queue-message.js';
import { registerCompiledDetections } from '../detections/module-hooks.js';
import type { ScanDeps } from './process-unit.js';

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
}

export interface Clients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly sts: STSClient;
}

function required(env: Env, name: keyof Env): string {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`${name} is not set`);
  return v;
}

const defaultClients = (): Clients => ({ dynamodb: new DynamoDBClient({}), sqs: new SQSClient({}), sts: new STSClient({}) });

/** The enabled policies of a packaged pack; spec errors are returned for the log. */
export async function loadPackPolicies(packDir: string): Promise<{ policies: PolicyItem[]; errors: string[] }> {
  registerCompiledDetections([packDir]);
  const r = await loadAnalysisDir(packDir);
  return { policies: r.items.filter((i): i is PolicyItem => i.type === 'policy'), errors: r.errors.map((e) => `pack/${e.text}`) };
}

export async function depsFromEnv(env: Env, clients: Clients = defaultClients()): Promise<{ deps: ScanDeps; packErrors: string[] }> {
  const { policies, errors } = await loadPackPolicies(required(env, 'PACK_DIR'));
  const accounts = parseCloudAccounts(env.CLOUD_ACCOUNTS !== undefined && env.CLOUD_ACCOUNTS !== '' ? env.CLOUD_ACCOUNTS : '[]');
  const ignores = new Map(accounts.flatMap((a) => (a.ignore !== undefined ? [[a.accountId, a.ignore] as const] : [])));
  const limit = env.POLICY_TIME_LIMIT_MS !== undefined && env.POLICY_TIME_LIMIT_MS !== '' ? Number(env.POLICY_TIME_LIMIT_MS) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error('POLICY_TIME_LIMIT_MS must be a positive integer');
  const docs = new DynamoDocumentStore({ client: clients.dynamodb, tableName: required(env, 'DOCUMENTS_TABLE') });
  const deps: ScanDeps = {
    policies,
    compliance: new DynamoComplianceStore({ client: clients.dynamodb, tableName: required(env, 'COMPLIANCE_TABLE') }),
    alerts: new DynamoAlertStore({ client: clients.dynamodb, tableName: required(env, 'ALERTS_TABLE') }),
    states: new UnitStateStore(docs),
    // The window only matters to cloud-rescan, which opens pending rescans; this side takes them.
    debounce: new RescanDebouncer(docs, 0),
    auditRoleName: required(env, 'AUDIT_ROLE_NAME'),
    ...(env.EXTERNAL_ID !== undefined && env.EXTERNAL_ID !== '' ? { externalId: env.EXTERNAL_ID } : {}),
    ignoreFor: (id) => ignores.get(id),
    sts: clients.sts,
    enqueueAlerts: sqsAlertQueue(clients.sqs, required(env, 'ALERT_QUEUE_URL')),
    ...(limit !== undefined ? { timeLimitMs: limit } : {}),
  };
  return { deps, packErrors: errors };
}
