import t from 'tap';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { createApp } from '../../api/app.js';
import { tokenAuth } from '../../api/auth.js';
import { DetectionsRepo } from '../../api/services/detections-repo.js';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import type { DestinationConfig } from '../../detections/delivery/config.js';
import type { Alert, AlertStore, RuleMatch } from '../../detections/types.js';
import type { QueryEngine, QueryOptions, QueryResult } from '../../query/types.js';

const TOKEN = 'alerts-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const T0 = new Date('2026-11-20T10:00:00Z');

function match(over: Partial<RuleMatch> = {}): RuleMatch {
  return {
    ruleId: 'AWS.CloudTrail.ConsoleLoginFailed',
    logType: 'AWS.CloudTrail',
    title: 'login failed',
    dedup: 'alice',
    severity: 'MEDIUM',
    alertContext: { user: 'alice' },
    dedupPeriodMinutes: 60,
    threshold: 1,
    ...over,
  };
}

/** An engine answering the alert-events query with one row; it records the SQL it ran. */
function fakeEngine(sqls: string[]): QueryEngine {
  return {
    kind: 'duckdb',
    async run(sql: string, _o?: QueryOptions): Promise<QueryResult> {
      sqls.push(sql);
      if (sql.includes('aws_cloudtrail')) {
        return { columns: [{ name: 'eventName', type: 'VARCHAR' }, { name: 'p_alert_id', type: 'VARCHAR' }], rows: [{ eventName: 'ConsoleLogin', p_alert_id: 'x' }], truncated: false, stats: { elapsedMs: 1 } };
      }
      throw new Error('Catalog Error: Table does not exist');
    },
    tables: async () => [],
    close: async () => undefined,
  };
}

async function setup(destinations: DestinationConfig[] = [], typeOf: (a: Alert) => Alert['type'] = (a) => a.type) {
  const dir = mkdtempSync(join(tmpdir(), 'api-alerts-'));
  const alerts = new EmbeddedAlertStore();
  // Lets a test present an alert as another type (RULE_ERROR, POLICY) to the routes.
  const store: AlertStore = {
    recordMatch: (m, now) => alerts.recordMatch(m, now),
    get: async (id) => {
      const a = await alerts.get(id);
      return a === undefined ? undefined : { ...a, type: typeOf(a) };
    },
    list: (f) => alerts.list(f),
    listPage: (f) => alerts.listPage(f),
    setStatus: (id, s, now) => alerts.setStatus(id, s, now),
  };
  const sqls: string[] = [];
  const logs: string[] = [];
  const documents = new DirDocumentStore(join(dir, 'documents'));
  const app = createApp({
    auth: tokenAuth(TOKEN),
    settings: { mode: 'local', version: 'test', engine: 'duckdb', lake: dir },
    alerts: store,
    engine: fakeEngine(sqls),
    documents,
    detections: new DetectionsRepo({ objects: new DirObjectStore(dir), documents }),
    destinations: { list: async () => destinations },
    delivery: { consoleUrl: 'http://127.0.0.1:1', retry: { maxAttempts: 1, timeoutMs: 5_000 } },
    now: () => new Date('2026-11-20T12:00:00Z'),
    log: (m) => logs.push(m),
  });
  return { app, alerts, sqls, logs };
}

t.test('list, filter and page alerts', async (t) => {
  const { app, alerts } = await setup();
  const a = await alerts.recordMatch(match(), T0);
  const b = await alerts.recordMatch(match({ dedup: 'bob', severity: 'HIGH' }), new Date(T0.getTime() + 60_000));
  const c = await alerts.recordMatch(match({ ruleId: 'Okta.BruteForce', logType: 'Okta.SystemLog', dedup: 'carol', severity: 'HIGH' }), new Date(T0.getTime() + 120_000));

  const all = await app.request('/api/alerts', { headers: auth });
  t.equal(all.status, 200);
  const body = (await all.json()) as { items: Array<{ alertId: string }>; next?: string };
  t.same(body.items.map((x) => x.alertId), [c.alert!.alertId, b.alert!.alertId, a.alert!.alertId], 'newest first');
  t.equal(body.next, undefined);

  const high = (await (await app.request('/api/alerts?severity=HIGH&ruleId=AWS.CloudTrail.ConsoleLoginFailed', { headers: auth })).json()) as { items: Array<{ alertId: string }> };
  t.same(high.items.map((x) => x.alertId), [b.alert!.alertId]);

  const p1 = (await (await app.request('/api/alerts?limit=2', { headers: auth })).json()) as { items: Array<{ alertId: string }>; next: string };
  t.equal(p1.items.length, 2);
  t.type(p1.next, 'string');
  const p2 = (await (await app.request(`/api/alerts?limit=2&cursor=${encodeURIComponent(p1.next)}`, { headers: auth })).json()) as { items: Array<{ alertId: string }>; next?: string };
  t.same(p2.items.map((x) => x.alertId), [a.alert!.alertId]);
  t.equal(p2.next, undefined);

  const since = (await (await app.request(`/api/alerts?since=${encodeURIComponent(new Date(T0.getTime() + 90_000).toISOString())}`, { headers: auth })).json()) as { items: Array<{ alertId: string }> };
  t.same(since.items.map((x) => x.alertId), [c.alert!.alertId]);
});

t.test('invalid list queries are 400 problems naming the field', async (t) => {
  const { app } = await setup();
  for (const [q, path] of [
    ['status=WHATEVER', 'query.status'],
    ['severity=low', 'query.severity'],
    ['limit=0', 'query.limit'],
    ['since=yesterday', 'query.since'],
    ['bogus=1', 'query'],
    ['cursor=%21%21', 'query.cursor'],
  ] as const) {
    const r = await app.request(`/api/alerts?${q}`, { headers: auth });
    t.equal(r.status, 400, q);
    t.equal(r.headers.get('content-type'), 'application/problem+json');
    const p = (await r.json()) as { errors: Array<{ path: string }> };
    t.ok(p.errors.some((e) => e.path === path), `${q} names ${path}`);
  }
  t.equal((await app.request('/api/alerts')).status, 401, 'no token');
});

t.test('one alert with its matching events; status changes', async (t) => {
  const { app, alerts, sqls } = await setup();
  const a = (await alerts.recordMatch(match(), T0)).alert!;
  const r = await app.request(`/api/alerts/${a.alertId}`, { headers: auth });
  t.equal(r.status, 200);
  const body = (await r.json()) as { alert: { alertId: string; title: string }; events: { columns: Array<{ name: string }>; rows: unknown[] } };
  t.equal(body.alert.alertId, a.alertId);
  t.equal(body.alert.title, 'login failed');
  t.same(body.events.columns.map((c) => c.name), ['eventName', 'p_alert_id']);
  t.same(body.events.rows, [{ eventName: 'ConsoleLogin', p_alert_id: 'x' }]);
  t.equal(sqls[0], `SELECT * FROM panther_rule_matches.aws_cloudtrail WHERE p_alert_id = '${a.alertId}' ORDER BY p_event_time DESC LIMIT 100`);

  const patched = await app.request(`/api/alerts/${a.alertId}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'TRIAGED' }) });
  t.equal(patched.status, 200);
  t.match(await patched.json(), { alertId: a.alertId, status: 'TRIAGED', updateTime: '2026-11-20T12:00:00.000Z' });
  t.equal((await alerts.get(a.alertId))?.status, 'TRIAGED', 'stored');

  const bad = await app.request(`/api/alerts/${a.alertId}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'DONE' }) });
  t.equal(bad.status, 400);
  t.match(await bad.json(), { errors: [{ path: 'body.status' }] });
  const notJson = await app.request(`/api/alerts/${a.alertId}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: '{' });
  t.equal(notJson.status, 400);

  t.equal((await app.request('/api/alerts/0123abcd', { headers: auth })).status, 404);
  const inj = await app.request(`/api/alerts/${encodeURIComponent("x' OR 1=1 --")}`, { headers: auth });
  t.equal(inj.status, 400, 'ids that are not ids never reach SQL');
  t.match(await inj.json(), { errors: [{ path: 'params.id' }] });
  t.equal(sqls.length, 1);
  t.equal((await app.request(`/api/alerts/${a.alertId}`, { method: 'PATCH', body: '{}' })).status, 401);
});

t.test('the events of a table that does not exist yet: the alert still shows', async (t) => {
  const { app, alerts, logs } = await setup();
  const a = (await alerts.recordMatch(match({ logType: 'Okta.SystemLog' }), T0)).alert!;
  const r = await app.request(`/api/alerts/${a.alertId}`, { headers: auth });
  t.equal(r.status, 200);
  t.same(((await r.json()) as { events: unknown }).events, { columns: [], rows: [] });
  t.match(logs[0], /okta_systemlog unavailable/);
});

t.test('rule error alerts show their rule_errors rows; policy alerts none', async (t) => {
  const { app, alerts, sqls } = await setup([], (a) => (a.ruleId === 'Policy.X' ? 'POLICY' : 'RULE_ERROR'));
  const a = (await alerts.recordMatch(match(), T0)).alert!;
  const r = await app.request(`/api/alerts/${a.alertId}`, { headers: auth });
  t.match(await r.json(), { alert: { type: 'RULE_ERROR' }, events: { rows: [{ eventName: 'ConsoleLogin' }] } });
  t.equal(sqls[0], `SELECT * FROM panther_rule_errors.aws_cloudtrail WHERE p_alert_id = '${a.alertId}' ORDER BY p_event_time DESC LIMIT 100`);
  const p = (await alerts.recordMatch(match({ ruleId: 'Policy.X' }), T0)).alert!;
  t.same(((await (await app.request(`/api/alerts/${p.alertId}`, { headers: auth })).json()) as { events: unknown }).events, { columns: [], rows: [] });
  t.equal(sqls.length, 1, 'no query for a policy alert');
});

t.test('resend to a real local webhook', async (t) => {
  const received: Array<{ url: string; body: Record<string, unknown> }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
      res.writeHead(req.url === '/fail' ? 500 : 200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const hook = (id: string, path: string, severities: DestinationConfig['defaultForSeverity'] = []): DestinationConfig => ({
    id,
    name: `hook ${id}`,
    type: 'webhook',
    defaultForSeverity: severities,
    settings: {},
    secrets: { url: `http://127.0.0.1:${port}${path}`, headers: {} },
  });
  const { app, alerts } = await setup([hook('d1', '/ok', ['MEDIUM']), hook('d2', '/fail'), hook('d3', '/other')]);
  const a = (await alerts.recordMatch(match(), T0)).alert!;
  const post = (body: unknown) => app.request(`/api/alerts/${a.alertId}/resend`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const routed = await post({});
  t.equal(routed.status, 200);
  t.same(await routed.json(), { results: [{ destinationId: 'd1', name: 'hook d1', ok: true, status: 200 }] }, 'routed by severity');
  t.equal(received.length, 1);
  t.equal(received[0]!.url, '/ok');

  const chosen = await post({ destinationIds: ['d2', 'd3'] });
  const results = ((await chosen.json()) as { results: Array<{ destinationId: string; ok: boolean; status?: number; error?: string }> }).results;
  t.same(results.map((r) => [r.destinationId, r.ok, r.status]), [['d2', false, 500], ['d3', true, 200]]);
  t.notOk(results[0]!.error?.includes(`127.0.0.1:${port}`), 'the error does not leak the webhook URL');
  t.equal(received.length, 3);

  const unknown = await post({ destinationIds: ['d1', 'nope'] });
  t.equal(unknown.status, 400);
  t.match(await unknown.json(), { errors: [{ path: 'body.destinationIds[1]' }] });
  t.equal(received.length, 3, 'nothing sent when one id is unknown');
  t.equal((await post({ destinationIds: 'd1' })).status, 400);
});
