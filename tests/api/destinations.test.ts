import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DocumentDestinationStore } from '../../detections/delivery/stores/document-destination-store.js';
import { destinationsRoutes } from '../../api/routes/destinations.js';
import { call, mountApp } from './fixtures/app.js';
import { recordingServer } from './fixtures/http-server.js';

const fastRetry = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1, timeoutMs: 2000, sleep: async () => undefined, random: () => 0 };

function setup() {
  const store = new DocumentDestinationStore(new DirDocumentStore(mkdtempSync(join(tmpdir(), 'destinations-'))));
  return { store, app: mountApp(destinationsRoutes({ store, delivery: { consoleUrl: 'https://console.example.test', retry: fastRetry } })) };
}

const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
const slack = { id: 'slack-secops', name: 'SecOps Slack', type: 'slack', defaultForSeverity: ['HIGH', 'CRITICAL'], settings: { channel: '#secops' }, secrets: { webhookUrl: SLACK_URL } };

t.test('401 without a valid token', async (t) => {
  const { app } = setup();
  t.equal((await call(app, 'GET', '/api/destinations', undefined, { token: null })).status, 401);
  t.equal((await call(app, 'POST', '/api/destinations/x/test', undefined, { token: null })).status, 401);
  const r = await call(app, 'POST', '/api/destinations', slack, { token: 'wrong-token-0123456789' });
  t.equal(r.status, 401);
  t.match(r.type, 'application/problem+json');
});

t.test('secrets are write-only: every answer redacts them, the store keeps them', async (t) => {
  const { app, store } = setup();
  const created = await call(app, 'POST', '/api/destinations', slack);
  t.equal(created.status, 201);
  t.same(created.body, { ...slack, secrets: { webhookUrl: '<redacted>' } });
  const text = JSON.stringify([created.body, (await call(app, 'GET', '/api/destinations')).body, (await call(app, 'GET', '/api/destinations/slack-secops')).body]);
  t.notOk(text.includes('XXXXXXXX'), 'no answer carries the webhook URL');
  t.same((await store.get('slack-secops'))?.secrets, { webhookUrl: SLACK_URL });

  const hook = await call(app, 'POST', '/api/destinations', {
    name: 'SIEM webhook',
    type: 'webhook',
    secrets: { url: 'https://siem.example.test/in', headers: { Authorization: 'Bearer s3cr3t-value' }, hmacSecret: 'hmac-key-1' },
  });
  t.equal(hook.status, 201);
  t.match(hook.body.id, /^[0-9a-f-]{36}$/, 'an id is assigned when none is given');
  t.same(hook.body.secrets, { url: '<redacted>', headers: { Authorization: '<redacted>' }, hmacSecret: '<redacted>' }, 'header names stay visible, values do not');
  t.same(hook.body.defaultForSeverity, [], 'defaults applied');
  const list = await call(app, 'GET', '/api/destinations');
  t.same(list.body.items.map((d: { name: string }) => d.name), ['SecOps Slack', 'SIEM webhook']);
});

t.test('PUT without secrets keeps them; "<redacted>" keeps a key; new values replace', async (t) => {
  const { app, store } = setup();
  await call(app, 'POST', '/api/destinations', slack);
  const renamed = await call(app, 'PUT', '/api/destinations/slack-secops', { name: 'Slack #alerts', type: 'slack', settings: { channel: '#alerts' } });
  t.equal(renamed.status, 200);
  t.same(renamed.body, { id: 'slack-secops', name: 'Slack #alerts', type: 'slack', defaultForSeverity: [], settings: { channel: '#alerts' }, secrets: { webhookUrl: '<redacted>' } });
  t.same((await store.get('slack-secops'))?.secrets, { webhookUrl: SLACK_URL }, 'the old secret is kept');

  const roundTrip = await call(app, 'PUT', '/api/destinations/slack-secops', renamed.body);
  t.equal(roundTrip.status, 200, 'what GET answered can be sent back as is');
  t.same((await store.get('slack-secops'))?.secrets, { webhookUrl: SLACK_URL });

  const other = 'https://hooks.slack.com/services/T111/B111/YYYYYYYYYYYYYYYYYYYYYYYY';
  await call(app, 'PUT', '/api/destinations/slack-secops', { ...renamed.body, secrets: { webhookUrl: other } });
  t.same((await store.get('slack-secops'))?.secrets, { webhookUrl: other });

  const hookId = (await call(app, 'POST', '/api/destinations', { id: 'siem', name: 'SIEM', type: 'webhook', secrets: { url: 'https://siem.example.test/in', headers: { Authorization: 'Bearer one' } } })).body.id;
  await call(app, 'PUT', `/api/destinations/${hookId}`, { name: 'SIEM', type: 'webhook', secrets: { url: '<redacted>', headers: { Authorization: '<redacted>', 'X-Extra': 'two' } } });
  t.same((await store.get('siem'))?.secrets, { url: 'https://siem.example.test/in', headers: { Authorization: 'Bearer one', 'X-Extra': 'two' } });
});

t.test('invalid input is a 400 naming the field, without echoing secrets', async (t) => {
  const { app } = setup();
  const cases: Array<[string, unknown, string]> = [
    ['webhook URL', { ...slack, secrets: { webhookUrl: 'not a url with secret-abc123' } }, 'body.secrets.webhookUrl'],
    ['missing secrets', { ...slack, secrets: undefined }, 'body.secrets'],
    ['unknown key', { ...slack, colour: 'red' }, 'body'],
    ['unknown setting', { ...slack, settings: { channel: '#a', emoji: ':x:' } }, 'body.settings'],
    ['severity', { ...slack, defaultForSeverity: ['URGENT'] }, 'body.defaultForSeverity.0'],
    ['type', { ...slack, type: 'carrier-pigeon' }, 'body.type'],
    ['id', { ...slack, id: '../etc' }, 'body.id'],
    ['name', { ...slack, name: '' }, 'body.name'],
  ];
  for (const [name, body, path] of cases) {
    const r = await call(app, 'POST', '/api/destinations', body);
    t.equal(r.status, 400, name);
    t.ok(r.body.errors?.some((e: { path: string }) => e.path === path), `${name}: names ${path} (${JSON.stringify(r.body.errors)})`);
    t.notOk(JSON.stringify(r.body).includes('secret-abc123'), `${name}: no secret echoed`);
  }
  const literal = await call(app, 'POST', '/api/destinations', { name: 'PD', type: 'pagerduty', secrets: { routingKey: '<redacted>' } });
  t.equal(literal.status, 400, 'a placeholder is not a secret');
  t.same(literal.body.errors.map((e: { path: string }) => e.path), ['body.secrets.routingKey']);
  await call(app, 'POST', '/api/destinations', slack);
  const typeChange = await call(app, 'PUT', '/api/destinations/slack-secops', { name: 'x', type: 'msteams' });
  t.equal(typeChange.status, 400);
  t.same(typeChange.body.errors, [{ path: 'body.secrets', message: 'required when the type changes' }]);
  const placeholder = await call(app, 'PUT', '/api/destinations/slack-secops', { name: 'x', type: 'pagerduty', secrets: { routingKey: '<redacted>' } });
  t.equal(placeholder.status, 400);
  t.same(placeholder.body.errors.map((e: { path: string }) => e.path), ['body.secrets.routingKey']);
  const otherId = await call(app, 'PUT', '/api/destinations/slack-secops', { ...slack, id: 'another' });
  t.same(otherId.body.errors.map((e: { path: string }) => e.path), ['body.id']);
});

t.test('ids and names are unique (409); unknown ids are 404; delete', async (t) => {
  const { app } = setup();
  await call(app, 'POST', '/api/destinations', slack);
  const sameId = await call(app, 'POST', '/api/destinations', { ...slack, name: 'Other' });
  t.equal(sameId.status, 409);
  t.equal(sameId.body.detail, 'destination slack-secops already exists');
  const sameName = await call(app, 'POST', '/api/destinations', { ...slack, id: 'slack-2' });
  t.equal(sameName.status, 409);
  t.match(sameName.body.detail, '"SecOps Slack"');
  t.equal((await call(app, 'GET', '/api/destinations/nope')).status, 404);
  t.equal((await call(app, 'PUT', '/api/destinations/nope', slack)).status, 404);
  t.equal((await call(app, 'POST', '/api/destinations/nope/test')).status, 404);
  t.equal((await call(app, 'DELETE', '/api/destinations/slack-secops')).status, 204);
  t.equal((await call(app, 'DELETE', '/api/destinations/slack-secops')).status, 404);
  t.same((await call(app, 'GET', '/api/destinations')).body, { items: [] });
});

t.test('test alert: sent to a real local server; failures are reported, redacted', async (t) => {
  const { app } = setup();
  const server = await recordingServer((n) => (n === 1 ? 200 : 500));
  t.teardown(() => server.close());
  const hookUrl = `${server.url}/hook/secret-path-token-123`;
  await call(app, 'POST', '/api/destinations', { id: 'hook', name: 'Hook', type: 'webhook', secrets: { url: hookUrl, headers: { 'X-Token': 'tok-777' } } });
  const ok = await call(app, 'POST', '/api/destinations/hook/test');
  t.equal(ok.status, 200);
  t.same(ok.body, { ok: true, status: 200 });
  t.equal(server.arrived.length, 1);
  t.equal(server.arrived[0]!.method, 'POST');
  t.equal(server.arrived[0]!.path, '/hook/secret-path-token-123');
  t.equal(server.arrived[0]!.headers['x-token'], 'tok-777');
  const sent = JSON.parse(server.arrived[0]!.body);
  t.equal(sent.test, true);
  t.equal(sent.title, 'Test alert for destination "Hook"');

  const failed = await call(app, 'POST', '/api/destinations/hook/test');
  t.equal(failed.status, 200);
  t.equal(failed.body.ok, false);
  t.equal(failed.body.status, 500);
  t.match(failed.body.error, /HTTP 500/);
  t.equal(server.arrived.length, 3, 'retried once (the retry policy given)');
  t.notOk(JSON.stringify(failed.body).includes('secret-path-token-123'));
});
