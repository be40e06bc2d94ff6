import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { createApp } from '../../api/app.js';
import { tokenAuth } from '../../api/auth.js';
import { DetectionsRepo } from '../../api/services/detections-repo.js';
import { QueryJobs } from '../../api/services/query-jobs.js';
import { ObjectQueryResultStore } from '../../api/services/query-results.js';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { QueryError, type QueryEngine, type QueryOptions, type QueryResult, type TableInfo } from '../../query/types.js';

const TOKEN = 'data-test-token-0123456789ab';
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };

const TABLES: TableInfo[] = [{ database: 'panther_logs', name: 'aws_cloudtrail', columns: [{ name: 'eventName', type: 'VARCHAR' }] }];

/**
 * An engine that answers `SELECT 1`-like SQL at once, fails on `bad`, and holds `slow` queries
 * until they are aborted (then rejects the way engines do: a CANCELLED QueryError).
 */
function fakeEngine(calls: Array<{ sql: string; maxRows?: number }>): QueryEngine {
  return {
    kind: 'duckdb',
    run(sql: string, o?: QueryOptions): Promise<QueryResult> {
      calls.push({ sql, ...(o?.maxRows !== undefined ? { maxRows: o.maxRows } : {}) });
      if (sql.includes('bad')) return Promise.reject(new QueryError('Parser Error: syntax error at or near "bad"'));
      if (sql.includes('crash')) return Promise.reject(new Error('internal: /secret/path exploded'));
      if (sql.includes('slow')) {
        return new Promise((_resolve, reject) => o?.signal?.addEventListener('abort', () => reject(new QueryError('Interrupted', 'CANCELLED'))));
      }
      return Promise.resolve({ columns: [{ name: 'n', type: 'INTEGER' }], rows: [{ n: 1 }], truncated: false, stats: { elapsedMs: 2 } });
    },
    tables: async () => TABLES,
    close: async () => undefined,
  };
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'api-data-'));
  const calls: Array<{ sql: string; maxRows?: number }> = [];
  const engine = fakeEngine(calls);
  const jobs = new QueryJobs(engine, { maxRunning: 2 });
  const documents = new DirDocumentStore(join(dir, 'documents'));
  const app = createApp({
    auth: tokenAuth(TOKEN),
    settings: { mode: 'local', version: 'test', engine: 'duckdb', lake: dir },
    alerts: new EmbeddedAlertStore(),
    engine,
    documents,
    detections: new DetectionsRepo({ objects: new DirObjectStore(dir), documents }),
    destinations: { list: async () => [] },
    jobs,
    log: () => undefined,
  });
  return { app, jobs, calls };
}

t.test('a query job: start, poll, result', async (t) => {
  const { app, jobs, calls } = setup();
  const r = await app.request('/api/queries', { method: 'POST', headers: json, body: JSON.stringify({ sql: 'SELECT 1 AS n', maxRows: 10 }) });
  t.equal(r.status, 202);
  const started = (await r.json()) as { id: string; state: string };
  t.equal(started.state, 'RUNNING');
  t.match(started.id, /^[0-9a-f-]{36}$/);
  await jobs.wait(started.id);
  const polled = await app.request(`/api/queries/${started.id}`, { headers: auth });
  t.equal(polled.status, 200);
  t.same(await polled.json(), { id: started.id, state: 'SUCCEEDED', sql: 'SELECT 1 AS n', result: { columns: [{ name: 'n', type: 'INTEGER' }], rows: [{ n: 1 }], truncated: false, stats: { elapsedMs: 2 } } });
  t.same(calls, [{ sql: 'SELECT 1 AS n', maxRows: 10 }]);
});

t.test('failed queries say why; engine crashes do not leak', async (t) => {
  const { app, jobs } = setup();
  const start = async (sql: string) => ((await (await app.request('/api/queries', { method: 'POST', headers: json, body: JSON.stringify({ sql }) })).json()) as { id: string }).id;
  const bad = await start('SELECT bad');
  const crash = await start('SELECT crash');
  await jobs.wait(bad);
  await jobs.wait(crash);
  t.match(await (await app.request(`/api/queries/${bad}`, { headers: auth })).json(), { state: 'FAILED', error: 'Parser Error: syntax error at or near "bad"' });
  const c = (await (await app.request(`/api/queries/${crash}`, { headers: auth })).json()) as { state: string; error: string };
  t.equal(c.state, 'FAILED');
  t.equal(c.error, 'the query engine failed');
});

t.test('cancel a running query; running jobs are bounded', async (t) => {
  const { app, jobs } = setup();
  const post = (sql: string) => app.request('/api/queries', { method: 'POST', headers: json, body: JSON.stringify({ sql }) });
  const id = ((await (await post('SELECT slow')).json()) as { id: string }).id;
  await post('SELECT slow 2');
  const third = await post('SELECT 1');
  t.equal(third.status, 429, 'at most 2 running');
  t.equal(third.headers.get('content-type'), 'application/problem+json');
  t.match(await (await app.request(`/api/queries/${id}`, { headers: auth })).json(), { state: 'RUNNING' });
  const del = await app.request(`/api/queries/${id}`, { method: 'DELETE', headers: auth });
  t.equal(del.status, 204);
  await jobs.wait(id);
  t.match(await (await app.request(`/api/queries/${id}`, { headers: auth })).json(), { id, state: 'CANCELLED', error: 'cancelled by the user' });
  t.equal((await post('SELECT 1')).status, 202, 'room again after the cancel');
  jobs.cancelAll();
  t.equal((await app.request('/api/queries/00000000-0000-0000-0000-000000000000', { headers: auth })).status, 404);
  t.equal((await app.request('/api/queries/00000000-0000-0000-0000-000000000000', { method: 'DELETE', headers: auth })).status, 404);
});

t.test('invalid query requests', async (t) => {
  const { app } = setup();
  for (const [body, path] of [
    [{ sql: '' }, 'body.sql'],
    [{ sql: 'SELECT 1', maxRows: 0 }, 'body.maxRows'],
    [{ sql: 'SELECT 1', extra: true }, 'body'],
    [{}, 'body.sql'],
  ] as const) {
    const r = await app.request('/api/queries', { method: 'POST', headers: json, body: JSON.stringify(body) });
    t.equal(r.status, 400, JSON.stringify(body));
    t.ok(((await r.json()) as { errors: Array<{ path: string }> }).errors.some((e) => e.path === path), path);
  }
  t.equal((await app.request('/api/queries/..%2F..%2Fetc', { headers: auth })).status, 400);
  t.equal((await app.request('/api/queries', { method: 'POST', body: '{"sql":"SELECT 1"}' })).status, 401);
  t.equal((await app.request('/api/tables')).status, 401);
});

t.test('tables', async (t) => {
  const { app } = setup();
  const r = await app.request('/api/tables', { headers: auth });
  t.equal(r.status, 200);
  t.same(await r.json(), { items: TABLES });
});

t.test('saved queries CRUD', async (t) => {
  const { app } = setup();
  const created = await app.request('/api/saved-queries', { method: 'POST', headers: json, body: JSON.stringify({ name: 'Logins', sql: 'SELECT 1', description: 'console logins' }) });
  t.equal(created.status, 201);
  const q = (await created.json()) as { id: string; name: string; sql: string; description: string; updatedAt: string };
  t.match(q, { name: 'Logins', sql: 'SELECT 1', description: 'console logins' });
  t.match(q.updatedAt, /^\d{4}-\d\d-\d\dT/);
  await app.request('/api/saved-queries', { method: 'POST', headers: json, body: JSON.stringify({ name: 'Aardvark', sql: 'SELECT 2' }) });

  const list = (await (await app.request('/api/saved-queries', { headers: auth })).json()) as { items: Array<{ name: string }> };
  t.same(list.items.map((i) => i.name), ['Aardvark', 'Logins'], 'ordered by name');

  const put = await app.request(`/api/saved-queries/${q.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ name: 'Logins', sql: 'SELECT 3' }) });
  t.equal(put.status, 200);
  t.match(await put.json(), { id: q.id, sql: 'SELECT 3' });
  const got = (await (await app.request(`/api/saved-queries/${q.id}`, { headers: auth })).json()) as Record<string, unknown>;
  t.equal(got.sql, 'SELECT 3');
  t.equal(got.description, undefined, 'PUT replaces the whole query');

  const invalid = await app.request(`/api/saved-queries/${q.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ name: '', sql: 'x' }) });
  t.equal(invalid.status, 400);
  t.match(await invalid.json(), { errors: [{ path: 'body.name' }] });

  t.equal((await app.request(`/api/saved-queries/${q.id}`, { method: 'DELETE', headers: auth })).status, 204);
  t.equal((await app.request(`/api/saved-queries/${q.id}`, { headers: auth })).status, 404);
  t.equal((await app.request(`/api/saved-queries/${q.id}`, { method: 'DELETE', headers: auth })).status, 404);
  t.equal((await app.request(`/api/saved-queries/${q.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ name: 'a', sql: 'b' }) })).status, 404);
  t.equal((await app.request('/api/saved-queries')).status, 401);
});

t.test('finished jobs kept in the object store are found by another instance (Lambda)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'api-data-results-'));
  const results = new ObjectQueryResultStore(new DirObjectStore(dir));
  const calls: Array<{ sql: string }> = [];
  const first = new QueryJobs(fakeEngine(calls), { results, waitOnStartMs: 5_000 });
  const submitted = await first.submit('SELECT 1');
  t.equal(submitted.state, 'SUCCEEDED', 'a fast query is finished when start answers');
  await first.wait(submitted.id);
  const other = new QueryJobs(fakeEngine(calls), { results });
  t.match(await other.get(submitted.id), { id: submitted.id, state: 'SUCCEEDED', sql: 'SELECT 1', result: { rows: [{ n: 1 }] } });
  t.equal(await other.get('00000000-0000-0000-0000-000000000000'), undefined);
  t.equal(await other.get('../../etc/passwd'), undefined);
  const impatient = new QueryJobs(fakeEngine(calls), { results, waitOnStartMs: 50 });
  const slow = await impatient.submit('SELECT slow');
  t.equal(slow.state, 'RUNNING', 'a query that never ends is answered RUNNING after the wait');
  impatient.cancelAll();
  await impatient.wait(slow.id);
  t.match(await other.get(slow.id), { state: 'CANCELLED' });
});
