// The log processor's wiring from its environment, built once per cold start.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import type { DocumentStore } from '../../adapters/document-store.js';
import type { ObjectStore } from '../../adapters/object-store.js';
import { loadSchemaDir } from '../../parsers/custom/load.js';
import { logTypeSet } from '../../parsers/registry.js';
import type { IngestDeps } from '../../processing/ingest.js';
import { cachedSources, fixedSources, mergeSources, SOURCES_COLLECTION } from '../../processing/managed-sources.js';
import { STATS_COLLECTION, type SourceStats } from '../../processing/source-stats.js';
import { parseSources } from '../../processing/sources.js';

export interface Env {
  readonly LAKE_BUCKET?: string;
  /** JSON array of sources (processing/sources.ts). */
  readonly SOURCES?: string;
  /** A directory of custom log schemas (*.yml) packaged with the function. */
  readonly SCHEMAS_DIR?: string;
  /**
   * The document table: when set, the sources managed in the console (collection `sources`) are
   * read besides SOURCES, and per-source statistics are recorded (collection `source-stats`).
   */
  readonly DOCUMENTS_TABLE?: string;
}

/** How soon a source created or changed in the console reaches a running processor. */
export const SOURCES_TTL_MS = 60_000;

export interface ConfigOptions {
  /** The document store of a table name; default DynamoDB. */
  readonly documents?: (tableName: string) => DocumentStore;
  /** Problems that fail no object (a source document skipped, a stale source list). */
  readonly warn?: (message: string) => void;
  readonly sourcesTtlMs?: number;
  /** The cache's clock, epoch ms (tests). */
  readonly clock?: () => number;
}

export async function depsFromEnv(
  env: Env,
  makeClient: (roleArn?: string, externalId?: string) => S3Client = defaultClient,
  opts: ConfigOptions = {},
): Promise<IngestDeps> {
  if (env.LAKE_BUCKET === undefined || env.LAKE_BUCKET === '') throw new Error('LAKE_BUCKET is not set');
  const known = logTypeSet(env.SCHEMAS_DIR !== undefined && env.SCHEMAS_DIR !== '' ? await loadSchemaDir(env.SCHEMAS_DIR) : []);
  const resolveLogTypes = known.resolve;
  // The deployment's own sources are checked at cold start: a bad SOURCES fails loudly.
  const fixed = parseSources(env.SOURCES ?? '[]', resolveLogTypes);
  const lake = new S3ObjectStore(makeClient(), env.LAKE_BUCKET);
  const stores = new Map<string, ObjectStore>();
  const sourceStore = (bucket: string, roleArn: string | undefined, externalId?: string): ObjectStore => {
    const id = `${bucket}\n${roleArn ?? ''}\n${externalId ?? ''}`;
    let s = stores.get(id);
    if (s === undefined) stores.set(id, (s = new S3ObjectStore(makeClient(roleArn, externalId), bucket)));
    return s;
  };
  if (env.DOCUMENTS_TABLE === undefined || env.DOCUMENTS_TABLE === '') return { sources: fixedSources(fixed), resolveLogTypes, lake, sourceStore };

  const documents = (opts.documents ?? defaultDocuments)(env.DOCUMENTS_TABLE);
  const managed = documents.collection<unknown>(SOURCES_COLLECTION);
  const warn = opts.warn ?? (() => undefined);
  const sources = cachedSources(async () => mergeSources(fixed, await managed.list(), resolveLogTypes, warn), {
    ttlMs: opts.sourcesTtlMs ?? SOURCES_TTL_MS,
    ...(opts.clock !== undefined ? { now: opts.clock } : {}),
    onStale: (err) => warn(`reading the log sources failed, the previous list is kept: ${err.message}`),
  });
  return { sources, resolveLogTypes, lake, sourceStore, sourceStats: documents.collection<SourceStats>(STATS_COLLECTION) };
}

function defaultDocuments(tableName: string): DocumentStore {
  return new DynamoDocumentStore({ client: new DynamoDBClient({}), tableName });
}

function defaultClient(roleArn?: string, externalId?: string): S3Client {
  if (roleArn === undefined) return new S3Client({});
  return new S3Client({
    credentials: fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: 'panther-log-processor', DurationSeconds: 3600, ...(externalId !== undefined ? { ExternalId: externalId } : {}) },
    }),
  });
}
