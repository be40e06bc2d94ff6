// The Data Explorer: query jobs over the lake, its tables, and saved queries.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { DocumentStore } from '../../adapters/document-store.js';
import type { QueryEngine } from '../../query/types.js';
import { jsonBody, notFound, ProblemError, validate } from '../http.js';
import { QueryJobs, TooManyQueriesError } from '../services/query-jobs.js';

export const SAVED_QUERIES_COLLECTION = 'saved-queries';

export interface DataDeps {
  readonly engine: QueryEngine;
  readonly documents: DocumentStore;
  /** Shared with the server so it can cancel running jobs on close; created here when absent. */
  readonly jobs?: QueryJobs;
}

const StartQuery = z.strictObject({
  sql: z.string().trim().min(1, 'must not be empty').max(100_000, 'at most 100,000 characters'),
  maxRows: z.number().int('must be an integer').min(1, 'must be >= 1').max(100_000, 'must be <= 100000').optional(),
});

const SavedQuery = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  sql: z.string().trim().min(1, 'must not be empty').max(100_000, 'at most 100,000 characters'),
  description: z.string().max(2_000, 'at most 2,000 characters').optional(),
});
type SavedQuery = z.output<typeof SavedQuery>;

// Our own ids are UUIDs; anything else cannot name a job or a saved query.
const Id = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id') });

export function dataRoutes(deps: DataDeps): Hono {
  const jobs = deps.jobs ?? new QueryJobs(deps.engine);
  const saved = deps.documents.collection<SavedQuery>(SAVED_QUERIES_COLLECTION);
  const app = new Hono();

  app.post('/queries', async (c) => {
    const body = validate(StartQuery, await jsonBody(c), 'body');
    try {
      const job = await jobs.submit(body.sql, body.maxRows);
      return c.json({ id: job.id, state: job.state }, 202);
    } catch (err) {
      if (err instanceof TooManyQueriesError) throw new ProblemError(429, 'Too Many Requests', err.message);
      throw err;
    }
  });

  app.get('/queries/:id', async (c) => {
    const { id } = validate(Id, c.req.param(), 'params');
    const job = await jobs.get(id);
    if (job === undefined) throw notFound(`query ${id}`);
    return c.json(job);
  });

  app.delete('/queries/:id', (c) => {
    const { id } = validate(Id, c.req.param(), 'params');
    if (!jobs.cancel(id)) throw notFound(`query ${id}`);
    return c.body(null, 204);
  });

  app.get('/tables', async (c) => c.json({ items: await deps.engine.tables() }));

  const savedView = (d: { id: string; value: SavedQuery; updatedAt: string }) => ({ id: d.id, ...d.value, updatedAt: d.updatedAt });

  app.get('/saved-queries', async (c) => {
    const docs = await saved.list();
    const items = docs.map(savedView).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    return c.json({ items });
  });

  app.post('/saved-queries', async (c) => {
    const body = validate(SavedQuery, await jsonBody(c), 'body');
    const doc = await saved.put(randomUUID(), body, { ifVersion: 'absent' });
    return c.json(savedView(doc), 201);
  });

  app.get('/saved-queries/:id', async (c) => {
    const { id } = validate(Id, c.req.param(), 'params');
    const doc = await saved.get(id);
    if (doc === undefined) throw notFound(`saved query ${id}`);
    return c.json(savedView(doc));
  });

  app.put('/saved-queries/:id', async (c) => {
    const { id } = validate(Id, c.req.param(), 'params');
    const body = validate(SavedQuery, await jsonBody(c), 'body');
    const existing = await saved.get(id);
    if (existing === undefined) throw notFound(`saved query ${id}`);
    const doc = await saved.put(id, body, { ifVersion: existing.version });
    return c.json(savedView(doc));
  });

  app.delete('/saved-queries/:id', async (c) => {
    const { id } = validate(Id, c.req.param(), 'params');
    if (!(await saved.delete(id))) throw notFound(`saved query ${id}`);
    return c.body(null, 204);
  });

  return app;
}
