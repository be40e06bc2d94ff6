// The detections function's wiring from its environment, built once per cold start.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import type { ObjectStore } from '../../adapters/object-store.js';
import { DynamoAlertStore } from '../../detections/alerting/dynamodb-store.js';
import { DynamoCacheStore } from '../../detections/caching/dynamodb-cache.js';
import { sqsAlertQueue } from '../../detections/delivery/queue-message.js';
import { pythonRuntimeFiles } from '../../detections/python/engine.js';
import type { AlertStore, CacheStore } from '../../detections/types.js';
import { DetectionSource, type LoadedDetections } from './detection-source.js';
import { registerCompiledDetections } from './module-hooks.js';
import { optionalPositiveInt, requiredVar } from '../env.js';

export interface Env {
  readonly LAKE_BUCKET?: string;
  readonly ALERTS_TABLE?: string;
  readonly CACHE_TABLE?: string;
  /** The alert-delivery queue: one message per opened alert. */
  readonly ALERT_QUEUE_URL?: string;
  /** The built-in pack inside the package (stacks/detections.ts stages it there). */
  readonly PACK_DIR?: string;
  /** Writable scratch space for the user's detections. Default /tmp/detections. */
  readonly WORK_DIR?: string;
  /** Per-rule time limit on one event, in milliseconds. */
  readonly RULE_TIME_LIMIT_MS?: string;
}

export interface DetectionDeps {
  readonly lakeBucket: string;
  readonly lake: ObjectStore;
  readonly alertStore: AlertStore;
  readonly cache?: CacheStore;
  readonly detections: () => Promise<LoadedDetections>;
  /** Queues the opened alerts for delivery. */
  readonly enqueue: (alertIds: readonly string[]) => Promise<void>;
  readonly now: () => Date;
  readonly timeLimitMs?: number;
}

export interface Clients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
}

/**
 * The Python runtime runs in a worker thread started from its own script, with Pyodide's files
 * beside it (the bundle carries them: stacks/constructs/bundle.ts COMPANIONS); without them in the
 * package, Python detections are skipped rather than failed.
 */
export function pythonPackaged(moduleUrl: string = import.meta.url): boolean {
  return pythonRuntimeFiles(moduleUrl) !== undefined;
}

/** What a rule-running function reads from: the lake, and its detections (the packaged pack plus the lake's detections/). */
export function detectionSourceFromEnv(
  env: { readonly LAKE_BUCKET?: string; readonly PACK_DIR?: string; readonly WORK_DIR?: string },
  s3: S3Client,
  python: boolean,
): { lakeBucket: string; lake: ObjectStore; source: DetectionSource } {
  const lakeBucket = requiredVar(env, 'LAKE_BUCKET');
  const lake = new S3ObjectStore(s3, lakeBucket);
  const packDir = requiredVar(env, 'PACK_DIR');
  const workDir = env.WORK_DIR !== undefined && env.WORK_DIR !== '' ? env.WORK_DIR : '/tmp/detections';
  registerCompiledDetections([packDir]);
  return { lakeBucket, lake, source: new DetectionSource({ packDir, lake, workDir, python }) };
}

export function depsFromEnv(env: Env, clients: Clients = { s3: new S3Client({}), dynamodb: new DynamoDBClient({}), sqs: new SQSClient({}) }, python = pythonPackaged()): DetectionDeps {
  const { lakeBucket, lake, source } = detectionSourceFromEnv(env, clients.s3, python);
  const limit = optionalPositiveInt(env, 'RULE_TIME_LIMIT_MS');
  return {
    lakeBucket,
    lake,
    alertStore: new DynamoAlertStore({ client: clients.dynamodb, tableName: requiredVar(env, 'ALERTS_TABLE') }),
    cache: new DynamoCacheStore({ client: clients.dynamodb, tableName: requiredVar(env, 'CACHE_TABLE') }),
    detections: () => source.current(),
    enqueue: sqsAlertQueue(clients.sqs, requiredVar(env, 'ALERT_QUEUE_URL')),
    now: () => new Date(),
    ...(limit !== undefined ? { timeLimitMs: limit } : {}),
  };
}
