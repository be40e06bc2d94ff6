// Last-run state of scheduled queries, in the document store (collection `scheduled-query-runs`):
// DynamoDB on AWS, a directory locally. One document per query; a run is claimed with a
// conditional write, so two overlapping scheduler invocations never run the same slot twice.
import { createHash } from 'node:crypto';
import { VersionConflictError, type DocumentCollection, type DocumentStore } from '../../adapters/document-store.js';
import type { RunMarks } from './due.js';

export const RUNS_COLLECTION = 'scheduled-query-runs';

export interface QueryRunState extends RunMarks {
  readonly queryName: string;
  /** Outcome of the last run: `running` between the claim and the end (a crash leaves it so). */
  readonly lastStatus?: 'running' | 'succeeded' | 'failed';
  /** The failure of the last run (the engine's message, or the timeout). */
  readonly lastError?: string;
  readonly lastRows?: number;
  readonly lastElapsedMs?: number;
  readonly lastBytesScanned?: number;
}

/** Query names hold spaces and punctuation; document ids may not: a readable slug plus a hash. */
export function runDocumentId(queryName: string): string {
  const slug = queryName.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[._-]+/, '').slice(0, 80);
  const hash = createHash('sha256').update(queryName).digest('hex').slice(0, 16);
  return `${slug === '' ? 'q' : slug}-${hash}`;
}

export interface Claim {
  readonly version: number;
}

export class RunStateStore {
  private readonly docs: DocumentCollection<QueryRunState>;

  constructor(store: DocumentStore) {
    this.docs = store.collection<QueryRunState>(RUNS_COLLECTION);
  }

  /** The state of every query that has some, by query name. */
  async load(): Promise<Map<string, QueryRunState & { version: number }>> {
    const out = new Map<string, QueryRunState & { version: number }>();
    for (const d of await this.docs.list()) out.set(d.value.queryName, { ...d.value, version: d.version });
    return out;
  }

  /**
   * Marks the query running for this slot, only if its state is still `version` (or absent).
   * Undefined when another invocation changed it meanwhile (it claimed the run).
   */
  async claim(queryName: string, version: number | undefined, state: QueryRunState): Promise<Claim | undefined> {
    try {
      const doc = await this.docs.put(runDocumentId(queryName), state, { ifVersion: version ?? 'absent' });
      return { version: doc.version };
    } catch (err) {
      if (err instanceof VersionConflictError) return undefined;
      throw err;
    }
  }

  /** Records the end of a run. */
  async put(queryName: string, state: QueryRunState): Promise<void> {
    await this.docs.put(runDocumentId(queryName), state);
  }

  /**
   * Records a look at a query that was not due, only if nobody wrote its state since `version`
   * was read (a concurrent claim wins; its own marks are newer). False when it lost.
   */
  async touch(queryName: string, version: number | undefined, state: QueryRunState): Promise<boolean> {
    return (await this.claim(queryName, version, state)) !== undefined;
  }
}
