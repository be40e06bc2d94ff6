// One notified object, end to end: find its source, read it, process it into the lake.
import type { ObjectStore } from '../adapters/object-store.js';
import type { LogType } from '../parsers/core/logtype.js';
import { objectId } from './keys.js';
import type { ObjectRef } from './notifications.js';
import { processObject, type ProcessStats } from './process-object.js';
import { matchSource, type SourceConfig } from './sources.js';

export interface IngestDeps {
  readonly sources: readonly SourceConfig[];
  readonly resolveLogTypes: (names: string[]) => LogType[];
  /** The store to read a source bucket through (assuming the source's role where it has one). */
  readonly sourceStore: (bucket: string, roleArn: string | undefined, externalId?: string) => ObjectStore;
  readonly lake: ObjectStore;
}

export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
}

export async function ingestObject(ref: ObjectRef, deps: IngestDeps): Promise<ProcessStats> {
  const match = matchSource(deps.sources, ref.bucket, ref.key, deps.resolveLogTypes);
  if (match === undefined) throw new UnknownSourceError(`s3://${ref.bucket}/${ref.key}: no configured source covers this bucket and prefix`);
  const store = deps.sourceStore(ref.bucket, match.roleArn, match.externalId);
  const obj = await store.get(ref.key, ref.versionId);
  // Version, else ETag, identifies what was written: a redelivered notification rewrites the same keys.
  const version = obj.meta.versionId ?? ref.versionId ?? obj.meta.etag ?? ref.etag;
  return processObject(obj.body, {
    logTypes: match.logTypes,
    source: match.source,
    objectKey: `s3://${ref.bucket}/${ref.key}`,
    objectId: objectId(`s3://${ref.bucket}`, ref.key, version),
    objectTime: obj.meta.lastModified,
    lake: deps.lake,
  });
}
