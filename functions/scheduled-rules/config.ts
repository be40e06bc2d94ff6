// The scheduled-rules function's wiring from its environment, built once per cold start: Athena in
// the deployment's workgroup, the lake bucket, the alerts and documents tables, the same
// detections (built-in pack plus the user's under detections/) as the streaming function.
import { AthenaClient } from '@aws-sdk/client-athena';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import type { ObjectStore } from '../../adapters/object-store.js';
import { DynamoAlertStore } from '../../detections/alerting/dynamodb-store.js';
import { RunStateStore } from '../../detections/scheduled/state.js';
import type { AlertStore } from '../../detections/types.js';
import { AthenaQueryEngine } from '../../query/athena-engine.js';
import { lakeDatabaseNames } from '../../query/lake-schema.js';
import type { QueryEngine } from '../../query/types.js';
import { sqsAlertQueue } from '../../detections/delivery/queue-message.js';
import { detectionSourceFromEnv, pythonPackaged } from '../detections/config.js';
import type { LoadedDetections } from '../detections/detection-source.js';
import { optionalPositiveInt, requiredVar } from '../env.js';

export interface Env {
  readonly LAKE_BUCKET?: string;
  readonly ALERTS_TABLE?: string;
  /** The document store table: last runs in collection `scheduled-query-runs`. */
  readonly DOCUMENTS_TABLE?: string;
  readonly ALERT_QUEUE_URL?: string;
  readonly ATHENA_WORKGROUP?: string;
  /** The deployment prefix the Glue databases are named after (`<prefix>_logs`...). Default panther. */
  readonly DATABASE_PREFIX?: string;
  /** The built-in pack inside the package. */
  readonly PACK_DIR?: string;
  readonly WORK_DIR?: string;
  readonly RULE_TIME_LIMIT_MS?: string;
}

export interface ScheduledDeps {
  readonly engine: QueryEngine;
  readonly lake: ObjectStore;
  readonly alertStore: AlertStore;
  readonly runs: RunStateStore;
  readonly detections: () => Promise<LoadedDetections>;
  readonly enqueue: (alertIds: readonly string[]) => Promise<void>;
  readonly now: () => Date;
  readonly timeLimitMs?: number;
}

export interface Clients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
}

const defaultClients = (): Clients => ({ s3: new S3Client({}), dynamodb: new DynamoDBClient({}), sqs: new SQSClient({}), athena: new AthenaClient({}), glue: new GlueClient({}) });

export function depsFromEnv(env: Env, clients: Clients = defaultClients(), python = pythonPackaged()): ScheduledDeps {
  const { lake, source } = detectionSourceFromEnv(env, clients.s3, python);
  const limit = optionalPositiveInt(env, 'RULE_TIME_LIMIT_MS');
  const prefix = env.DATABASE_PREFIX !== undefined && env.DATABASE_PREFIX !== '' ? env.DATABASE_PREFIX : 'panther';
  return {
    engine: new AthenaQueryEngine({ athena: clients.athena, glue: clients.glue, workgroup: requiredVar(env, 'ATHENA_WORKGROUP'), databases: lakeDatabaseNames(prefix) }),
    lake,
    alertStore: new DynamoAlertStore({ client: clients.dynamodb, tableName: requiredVar(env, 'ALERTS_TABLE') }),
    runs: new RunStateStore(new DynamoDocumentStore({ client: clients.dynamodb, tableName: requiredVar(env, 'DOCUMENTS_TABLE') })),
    detections: () => source.current(),
    enqueue: sqsAlertQueue(clients.sqs, requiredVar(env, 'ALERT_QUEUE_URL')),
    now: () => new Date(),
    ...(limit !== undefined ? { timeLimitMs: limit } : {}),
  };
}
