// The log processor's wiring from its environment, built once per cold start.
import { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import type { ObjectStore } from '../../adapters/object-store.js';
import { loadSchemaDir } from '../../parsers/custom/load.js';
import { logTypeSet } from '../../parsers/registry.js';
import type { IngestDeps } from '../../processing/ingest.js';
import { parseSources } from '../../processing/sources.js';

export interface Env {
  readonly LAKE_BUCKET?: string;
  /** JSON array of sources (processing/sources.ts). */
  readonly SOURCES?: string;
  /** A directory of custom log schemas (*.yml) packaged with the function. */
  readonly SCHEMAS_DIR?: string;
}

export async function depsFromEnv(env: Env, makeClient: (roleArn?: string, externalId?: string) => S3Client = defaultClient): Promise<IngestDeps> {
  if (env.LAKE_BUCKET === undefined || env.LAKE_BUCKET === '') throw new Error('LAKE_BUCKET is not set');
  const known = logTypeSet(env.SCHEMAS_DIR !== undefined && env.SCHEMAS_DIR !== '' ? await loadSchemaDir(env.SCHEMAS_DIR) : []);
  const resolveLogTypes = known.resolve;
  const sources = parseSources(env.SOURCES ?? '[]', resolveLogTypes);
  const lake = new S3ObjectStore(makeClient(), env.LAKE_BUCKET);
  const stores = new Map<string, ObjectStore>();
  return {
    sources,
    resolveLogTypes,
    lake,
    sourceStore: (bucket, roleArn, externalId) => {
      const id = `${bucket}\n${roleArn ?? ''}\n${externalId ?? ''}`;
      let s = stores.get(id);
      if (s === undefined) stores.set(id, (s = new S3ObjectStore(makeClient(roleArn, externalId), bucket)));
      return s;
    },
  };
}

function defaultClient(roleArn?: string, externalId?: string): S3Client {
  if (roleArn === undefined) return new S3Client({});
  return new S3Client({
    credentials: fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: 'panther-log-processor', DurationSeconds: 3600, ...(externalId !== undefined ? { ExternalId: externalId } : {}) },
    }),
  });
}
