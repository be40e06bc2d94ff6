// Finished Data Explorer jobs kept in the object store (the lake bucket on AWS), so that a poll
// reaching another Lambda instance still finds the result. Results are the user's query output:
// under a prefix of their own, JSON, one object per job.
import type { ObjectStore } from '../../adapters/object-store.js';
import type { QueryJobView, QueryResultStore } from './query-jobs.js';

export const QUERY_RESULTS_PREFIX = 'api/query-results/';

export class ObjectQueryResultStore implements QueryResultStore {
  constructor(
    private readonly objects: ObjectStore,
    private readonly prefix: string = QUERY_RESULTS_PREFIX,
  ) {}

  async put(job: QueryJobView): Promise<void> {
    const up = this.objects.upload(`${this.prefix}${job.id}.json`, 'application/json');
    up.stream.end(JSON.stringify(job));
    await up.done;
  }

  async get(id: string): Promise<QueryJobView | undefined> {
    // Ids are UUIDs (checked by the route); anything else is not ours to read.
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    let obj;
    try {
      obj = await this.objects.get(`${this.prefix}${id}.json`);
    } catch (err) {
      const e = err as { code?: string; name?: string };
      if (e.code === 'ENOENT' || e.name === 'NoSuchKey' || e.name === 'NotFound') return undefined;
      throw err;
    }
    const chunks: Buffer[] = [];
    for await (const c of obj.body) chunks.push(Buffer.from(c));
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as QueryJobView;
  }
}
