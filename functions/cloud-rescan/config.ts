// The cloud-rescan function's wiring from its environment, built once per cold start: the
// onboarded accounts (configured, plus the organization's when discovery is on), the unit states
// in the documents table, the unit queue; the lake, when processed CloudTrail events feed rescans.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import type { ObjectStore } from '../../adapters/object-store.js';
import { RescanDebouncer } from '../../cloud-security/realtime/debounce.js';
import { allScanners } from '../../cloud-security/scanners/index.js';
import { AccountDirectory, parseCloudAccounts } from '../../cloud-security/units/accounts.js';
import { UnitStateStore } from '../../cloud-security/units/state.js';
import { sqsUnitQueue, type EnqueueDeps } from './enqueue.js';
import { intVar, requiredVar } from '../env.js';

export interface Env {
  /** JSON list of accounts (cloud-security/units/accounts.ts CloudAccountSchema). */
  readonly CLOUD_ACCOUNTS?: string;
  /** "true": also the organization's ACTIVE accounts, scanned in DEFAULT_REGIONS. */
  readonly DISCOVER_ACCOUNTS?: string;
  /** Comma-separated regions of discovered accounts. */
  readonly DEFAULT_REGIONS?: string;
  readonly DOCUMENTS_TABLE?: string;
  readonly UNIT_QUEUE_URL?: string;
  readonly SCAN_INTERVAL_MINUTES?: string;
  /** A queued or running unit untouched this long is queued again. */
  readonly STALE_MINUTES?: string;
  readonly MAX_UNITS_PER_TICK?: string;
  /** First retry delay of a failed unit, doubling per failure. Default 15. */
  readonly RETRY_BASE_MINUTES?: string;
  readonly RESCAN_DELAY_SECONDS?: string;
  /** The lake whose processed CloudTrail objects feed rescans (stacks/cloudtrail-rescans.ts); unset: no lake path. */
  readonly LAKE_BUCKET?: string;
}

/** The enqueue deps, with the lake when the lake path is set up. */
export type RescanDeps = EnqueueDeps & { readonly lake?: ObjectStore; readonly lakeBucket?: string };

export interface Clients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly organizations: OrganizationsClient;
  /** Default: a new client, made only with LAKE_BUCKET. */
  readonly s3?: S3Client;
}

const defaultClients = (): Clients => ({ dynamodb: new DynamoDBClient({}), sqs: new SQSClient({}), organizations: new OrganizationsClient({}) });

export function depsFromEnv(env: Env, clients: Clients = defaultClients()): RescanDeps {
  const docs = new DynamoDocumentStore({ client: clients.dynamodb, tableName: requiredVar(env, 'DOCUMENTS_TABLE') });
  const delay = intVar(env, 'RESCAN_DELAY_SECONDS', 60, 0, 900);
  const configured = parseCloudAccounts(env.CLOUD_ACCOUNTS !== undefined && env.CLOUD_ACCOUNTS !== '' ? env.CLOUD_ACCOUNTS : '[]');
  const discover = env.DISCOVER_ACCOUNTS === 'true';
  const defaultRegions = (env.DEFAULT_REGIONS ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
  if (discover && defaultRegions.length === 0) throw new Error('DEFAULT_REGIONS is not set (needed by DISCOVER_ACCOUNTS)');
  const lakeBucket = env.LAKE_BUCKET !== undefined && env.LAKE_BUCKET !== '' ? env.LAKE_BUCKET : undefined;
  return {
    ...(lakeBucket !== undefined ? { lakeBucket, lake: new S3ObjectStore(clients.s3 ?? new S3Client({}), lakeBucket) } : {}),
    accounts: new AccountDirectory({ configured, ...(discover ? { discover: { organizations: clients.organizations, defaultRegions } } : {}) }),
    states: new UnitStateStore(docs),
    debounce: new RescanDebouncer(docs, delay * 1000),
    scanners: allScanners,
    send: sqsUnitQueue(clients.sqs, requiredVar(env, 'UNIT_QUEUE_URL')),
    now: () => new Date(),
    intervalMs: intVar(env, 'SCAN_INTERVAL_MINUTES', 1440, 15) * 60_000,
    staleMs: intVar(env, 'STALE_MINUTES', 120) * 60_000,
    retryBaseMs: intVar(env, 'RETRY_BASE_MINUTES', 15, 0) * 60_000,
    maxUnitsPerTick: intVar(env, 'MAX_UNITS_PER_TICK', 2000),
    rescanDelaySeconds: delay,
  };
}
