import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { VersionConflictError } from '../../adapters/document-store.js';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { createApp, MAX_BODY_BYTES } from '../../api/app.js';
import { tokenAuth } from '../../api/auth.js';
import { ProblemError } from '../../api/http.js';
import { localDeps, startLocalApi } from '../../api/local.js';
import { ROOT } from '../helpers/cli.js';
import { DetectionsRepo } from '../../api/services/detections-repo.js';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { runLocalDetections } from '../../detections/pipeline/local.js';
import { PARSERS_DIR } from '../../parsers/samples.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { processFiles } from '../../processing/process-files.js';
import type { QueryEngine } from '../../query/types.js';

const TOKEN = 'app-test-token-0123456789abcd';
const auth = { authorization: `Bearer ${TOKEN}` };

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'api-app-'));
  const documents = new DirDocumentStore(join(dir, 'documents'));
  const logs: string[] = [];
  const engine: QueryEngine = { kind: 'duckdb', run: async () => { throw new Error('unused'); }, tables: async () => [], close: async () => undefined };
  const extra = new Hono();
  extra.get('/boom', () => {
    throw new Error('disk /var/secret/thing exploded');
  });
  extra.get('/conflict', () => {
    throw new VersionConflictError('c', 'id', 1);
  });
  extra.get('/teapot', () => {
    throw new ProblemError(422, 'Unprocessable', 'nope', [{ path: 'body.x', message: 'bad' }]);
  });
  extra.get('/bad-id', async (c) => c.json(await documents.collection('things').get('../escape')));
  extra.get('/http', () => {
    throw new HTTPException(404, { message: 'gone' });
  });
  extra.post('/echo', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }));
  const app = createApp({
    auth: tokenAuth(TOKEN),
    settings: { mode: 'local', version: 'test', engine: 'duckdb', lake: dir },
    alerts: new EmbeddedAlertStore(),
    engine,
    documents,
    detections: new DetectionsRepo({ objects: new DirObjectStore(dir), documents }),
    destinations: { list: async () => [] },
    routes: [extra],
    log: (m) => logs.push(m),
  });
  return { app, logs };
}

t.test('errors are problem documents; internals are logged, not answered', async (t) => {
  const { app, logs } = setup();
  const boom = await app.request('/api/boom', { headers: auth });
  t.equal(boom.status, 500);
  t.equal(boom.headers.get('content-type'), 'application/problem+json');
  const body = await boom.text();
  t.notMatch(body, /secret|exploded|Error:/);
  t.same(JSON.parse(body), { type: 'about:blank', title: 'Internal Server Error', status: 500, instance: '/api/boom', detail: 'an unexpected error occurred; it has been logged' });
  t.match(logs[0], /^GET \/api\/boom: Error: disk \/var\/secret\/thing exploded/);

  const conflict = await app.request('/api/conflict', { headers: auth });
  t.equal(conflict.status, 409);
  const teapot = await app.request('/api/teapot', { headers: auth });
  t.same(await teapot.json(), { type: 'about:blank', title: 'Unprocessable', status: 422, instance: '/api/teapot', detail: 'nope', errors: [{ path: 'body.x', message: 'bad' }] });

  const badId = await app.request('/api/bad-id', { headers: auth });
  t.equal(badId.status, 400, 'an id the document store refuses');
  t.match(await badId.json(), { title: 'Invalid request', detail: /invalid document id/ });
  const http = await app.request('/api/http', { headers: auth });
  t.equal(http.status, 404);
  t.match(await http.json(), { title: 'Not Found', detail: 'gone' });

  const missing = await app.request('/api/does-not-exist', { headers: auth });
  t.equal(missing.status, 404);
  t.match(await missing.json(), { status: 404, title: 'Not Found' });
  t.equal((await app.request('/api/does-not-exist')).status, 401, 'auth comes before routing: nothing is revealed');
  t.equal((await app.request('/api/boom')).status, 401);
});

t.test('security headers and body limit', async (t) => {
  const { app } = setup();
  const r = await app.request('/api/health');
  t.equal(r.headers.get('x-frame-options'), 'SAMEORIGIN');
  t.equal(r.headers.get('strict-transport-security'), 'max-age=15552000; includeSubDomains');
  t.equal(r.headers.get('x-content-type-options'), 'nosniff');
  const ok = await app.request('/api/echo', { method: 'POST', headers: auth, body: Buffer.alloc(1000) });
  t.same(await ok.json(), { size: 1000 });
  const big = await app.request('/api/echo', { method: 'POST', headers: auth, body: Buffer.alloc(MAX_BODY_BYTES + 1) });
  t.equal(big.status, 413);
  t.equal(big.headers.get('content-type'), 'application/problem+json');
});

t.test('local composition over a real lake: DuckDB, alerts, detections, configuration routes', async (t) => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'api-local-'));
  const lake = new DirObjectStore(lakeDir);
  const stats = await processFiles([join(PARSERS_DIR, 'aws', 'samples', 'AWS.CloudTrail.jsonl')], { lake, logTypes: builtinLogTypes, source: { sourceId: 's', sourceLabel: 'samples' } });
  const detections = await runLocalDetections({ lake, lakeDir, keys: stats.keys });
  t.ok(detections.alertsOpened > 0, 'the samples open alerts');

  const server = await startLocalApi({ lakeDir, log: () => undefined, consoleDir: join(lakeDir, 'no-console') });
  t.teardown(() => server.close());
  const get = async (path: string) => {
    const r = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  const settings = await get('/api/settings');
  t.match(settings.body, { mode: 'local', engine: 'duckdb', lake: lakeDir, version: /^\d+\.\d+\.\d+/ });

  const alerts = await get('/api/alerts');
  const items = alerts.body.items as Array<{ alertId: string; ruleId: string; logTypes: string[] }>;
  t.equal(items.length, detections.alertsOpened);
  const one = await get(`/api/alerts/${items[0]!.alertId}`);
  t.equal(one.status, 200);
  const events = one.body.events as { columns: Array<{ name: string }>; rows: Array<Record<string, unknown>> };
  t.ok(events.rows.length > 0, 'matching events read from panther_rule_matches by DuckDB');
  t.ok(events.rows.every((r) => r.p_alert_id === items[0]!.alertId && r.p_rule_id === items[0]!.ruleId));
  t.ok(events.columns.some((c) => c.name === 'eventname'), 'Glue-style column names');

  const start = await fetch(`${server.origin}/api/queries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql: 'SELECT count(*) AS n FROM aws_cloudtrail' }),
  });
  t.equal(start.status, 202);
  const { id } = (await start.json()) as { id: string };
  let job: Record<string, unknown> = {};
  for (let i = 0; i < 200; i++) {
    job = (await get(`/api/queries/${id}`)).body;
    if (job.state !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  t.equal(job.state, 'SUCCEEDED');
  t.same((job.result as { rows: unknown[] }).rows, [{ n: stats.classified['AWS.CloudTrail'] }]);
  t.ok((stats.classified['AWS.CloudTrail'] ?? 0) > 0);

  const overview = await get('/api/overview?days=90');
  t.equal((overview.body.alertsOverTime as unknown[]).length, 90);
  t.equal(Object.values(overview.body.openAlertsBySeverity as Record<string, number>).reduce((a, b) => a + b, 0), detections.alertsOpened, 'every alert is open');
  const tables = (await get('/api/tables')).body.items as Array<{ database: string; name: string }>;
  t.ok(tables.some((x) => x.database === 'panther_logs' && x.name === 'aws_cloudtrail'));

  // The configuration routes are mounted behind the same token.
  t.equal((await get('/api/sources')).status, 200);
  t.equal((await get('/api/cloud-accounts')).status, 200);
  t.equal((await get('/api/destinations')).status, 200);
  t.match((await get('/api/users')).body, { items: [{ username: 'local' }] });
  t.equal((await get('/api/compliance/overview')).status, 200);
  t.equal((await fetch(`${server.origin}/api/sources`)).status, 401);
  t.ok(((await get('/api/detections')).body.items as unknown[]).length > 10, 'the built-in pack');
});

t.test('docs/api.md lists exactly the routes of the app', async (t) => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'api-routes-'));
  const local = await localDeps({ lakeDir, log: () => undefined });
  t.teardown(() => local.close());
  const app = createApp({ ...local.deps, auth: tokenAuth(TOKEN) });
  // Hono writes catch-all params with their pattern (`:resourceId{.+}`); the docs show the name.
  const inCode = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/\{[^}]*\}/g, '')}`))].sort();
  const docs = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  const documented = [...docs.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE)` \| `(\/api[^`]*)` \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
  t.same(documented, inCode);
  t.ok(inCode.length > 40);
});
