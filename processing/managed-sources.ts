// Sources managed in the console (document collection `sources`, written by the API's
// api/services/sources.ts) joined to the deployment's own (the SOURCES setting), and a short cache
// so the processor sees a console change within a minute without reading the table per object.
import type { StoredDocument } from '../adapters/document-store.js';
import type { LogType } from '../parsers/core/logtype.js';
import { SourceConfigSchema, type SourceConfig } from './sources.js';

export const SOURCES_COLLECTION = 'sources';

/** A source list that may change while the processor runs. */
export type SourceProvider = () => Promise<readonly SourceConfig[]>;

export const fixedSources = (sources: readonly SourceConfig[]): SourceProvider => () => Promise.resolve(sources);

/**
 * The processor's shape of one stored source document. The document is the API's (label, bucket,
 * prefixes, roleArn, externalId, kmsKeyArn) with its id as the source id; fields the processor does
 * not use (kmsKeyArn: S3 decrypts through the role's grant) are left out. Throws naming the field.
 */
export function sourceFromDocument(doc: StoredDocument<unknown>, resolve: (names: string[]) => LogType[]): SourceConfig {
  const v = doc.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
  const r = v as Record<string, unknown>;
  const candidate: Record<string, unknown> = { id: doc.id, label: r.label, bucket: r.bucket, prefixes: r.prefixes };
  if (r.roleArn !== undefined) candidate.roleArn = r.roleArn;
  if (r.externalId !== undefined) candidate.externalId = r.externalId;
  const parsed = SourceConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  parsed.data.prefixes.forEach((p, j) => {
    try {
      resolve(p.logTypes);
    } catch (err) {
      throw new Error(`prefixes.${j}.logTypes: ${(err as Error).message}`);
    }
  });
  return parsed.data;
}

/**
 * The deployment's sources, then the stored ones that are valid and do not reuse a deployment
 * source's id. Each document left out is reported through `warn`, named by id and label. (Where
 * both cover the same bucket and prefix, matchSource takes the first: the deployment's.)
 */
export function mergeSources(
  fixed: readonly SourceConfig[],
  docs: readonly StoredDocument<unknown>[],
  resolve: (names: string[]) => LogType[],
  warn: (message: string) => void,
): SourceConfig[] {
  const out = [...fixed];
  const ids = new Set(fixed.map((s) => s.id));
  for (const doc of docs) {
    const name = `log source ${documentName(doc)}`;
    if (ids.has(doc.id)) {
      warn(`${name} skipped: the deployment's SOURCES already define the id`);
      continue;
    }
    try {
      out.push(sourceFromDocument(doc, resolve));
      ids.add(doc.id);
    } catch (err) {
      warn(`${name} skipped: ${(err as Error).message}`);
    }
  }
  return out;
}

function documentName(doc: StoredDocument<unknown>): string {
  const label = typeof doc.value === 'object' && doc.value !== null ? (doc.value as { label?: unknown }).label : undefined;
  return typeof label === 'string' ? `${JSON.stringify(label.slice(0, 128))} (${doc.id})` : doc.id;
}

export interface CacheOptions {
  /** How long a loaded list is served before it is loaded again. */
  readonly ttlMs: number;
  readonly now?: () => number;
  /** A reload failed and the previous list is served meanwhile (until the next TTL). */
  readonly onStale?: (err: Error) => void;
}

/**
 * Loads on first use and again once the TTL has passed; callers during a load share it. A failed
 * reload keeps the previous list (the processor goes on with what it knew); a failed first load
 * throws, so the message is retried.
 */
export function cachedSources(load: SourceProvider, opts: CacheOptions): SourceProvider {
  const now = opts.now ?? Date.now;
  let value: readonly SourceConfig[] | undefined;
  let loadedAt = 0;
  let loading: Promise<readonly SourceConfig[]> | undefined;
  return () => {
    if (value !== undefined && now() - loadedAt < opts.ttlMs) return Promise.resolve(value);
    loading ??= load()
      .then(
        (v) => {
          value = v;
          loadedAt = now();
          return v;
        },
        (err: unknown) => {
          if (value === undefined) throw err;
          opts.onStale?.(err as Error);
          loadedAt = now();
          return value;
        },
      )
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
}
