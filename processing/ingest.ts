// One notified object, end to end: find its source, read it, process it into the lake, record
// the source's statistics.
import type { DocumentCollection } from '../adapters/document-store.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { LogType } from '../parsers/core/logtype.js';
import { objectId } from './keys.js';
import type { SourceProvider } from './managed-sources.js';
import type { ObjectRef } from './notifications.js';
import { processObject, type ProcessStats } from './process-object.js';
import { recordProcessed, type SourceStats } from './source-stats.js';
import { matchSource } from './sources.js';

export interface IngestDeps {
  /** The current sources (they may change while the processor runs: managed-sources.ts). */
  readonly sources: SourceProvider;
  readonly resolveLogTypes: (names: string[]) => LogType[];
  /** The store to read a source bucket through (assuming the source's role where it has one). */
  readonly sourceStore: (bucket: string, roleArn: string | undefined, externalId?: string) => ObjectStore;
  readonly lake: ObjectStore;
  /** Where each object's counts are recorded under its source id; none: not recorded. */
  readonly sourceStats?: DocumentCollection<SourceStats>;
  /** The clock of the recorded processing times (tests). */
  readonly now?: () => Date;
}

export interface IngestResult extends ProcessStats {
  readonly sourceId: string;
  /** The statistics could not be recorded (the object itself is in the lake). */
  readonly statsWarning?: string;
}

export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
}

export async function ingestObject(ref: ObjectRef, deps: IngestDeps): Promise<IngestResult> {
  const match = matchSource(await deps.sources(), ref.bucket, ref.key, deps.resolveLogTypes);
  if (match === undefined) throw new UnknownSourceError(`s3://${ref.bucket}/${ref.key}: no configured source covers this bucket and prefix`);
  const store = deps.sourceStore(ref.bucket, match.roleArn, match.externalId);
  const obj = await store.get(ref.key, ref.versionId);
  // Version, else ETag, identifies what was written: a redelivered notification rewrites the same keys.
  const version = obj.meta.versionId ?? ref.versionId ?? obj.meta.etag ?? ref.etag;
  const stats = await processObject(obj.body, {
    logTypes: match.logTypes,
    source: match.source,
    objectKey: `s3://${ref.bucket}/${ref.key}`,
    objectId: objectId(`s3://${ref.bucket}`, ref.key, version),
    objectTime: obj.meta.lastModified,
    lake: deps.lake,
  });
  const sourceId = match.source.sourceId;
  if (deps.sourceStats === undefined) return { ...stats, sourceId };
  // A redelivered object is counted again: the counts are a health signal, not an inventory.
  const statsWarning = await recordProcessed(deps.sourceStats, sourceId, stats, deps.now?.() ?? new Date());
  return { ...stats, sourceId, ...(statsWarning !== undefined ? { statsWarning } : {}) };
}
