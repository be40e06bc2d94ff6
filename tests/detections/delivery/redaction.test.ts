// Secrets never appear in errors, results or logs, even when the server echoes them.
import t from 'tap';
import { DestinationConfig, REDACTED, redact, secretsOf, sendToDestination, type DeliveryLogEntry } from '../../../detections/delivery/index.js';
import { CONSOLE, fastRetry, sampleAlert, startServer } from './fixtures/helpers.js';

t.test('a failing Slack webhook: the error and logs do not contain the webhook URL or its token', async (t) => {
  // The server echoes the request path and auth back in its error body, as some APIs do.
  const server = await startServer((req) => ({ status: 404, body: `no_service: ${req.path} token=${req.path.split('/').pop()}` }));
  t.teardown(() => server.close());
  const webhookUrl = `${server.url}/services/T0/B0/SuperSecretToken42`;
  const cfg = DestinationConfig.parse({ id: 's', name: 'Slack', type: 'slack', secrets: { webhookUrl } });
  const logs: DeliveryLogEntry[] = [];
  const res = await sendToDestination(sampleAlert(), cfg, { consoleUrl: CONSOLE, retry: fastRetry(), log: (e) => logs.push(e) });
  t.equal(res.ok, false);
  t.equal(res.status, 404);
  t.equal(res.error, `HTTP 404: no_service: ${REDACTED} token=${REDACTED}`);
  const everything = JSON.stringify({ res, logs });
  t.notOk(everything.includes('SuperSecretToken42'));
  t.notOk(everything.includes(webhookUrl));
  t.ok(logs.length >= 2);
});

t.test('a failing Jira: neither the token nor the basic-auth header value leak', async (t) => {
  const server = await startServer((req) => ({ status: 401, body: `bad credentials ${req.headers.authorization} for jira-tok-777` }));
  t.teardown(() => server.close());
  const cfg = DestinationConfig.parse({
    id: 'j',
    name: 'Jira',
    type: 'jira',
    settings: { orgDomain: server.url, projectKey: 'SEC' },
    secrets: { userEmail: 'bot@example.com', apiToken: 'jira-tok-777' },
  });
  const logs: DeliveryLogEntry[] = [];
  const res = await sendToDestination(sampleAlert(), cfg, { consoleUrl: CONSOLE, retry: fastRetry(), log: (e) => logs.push(e) });
  t.equal(res.attempts, 1);
  const everything = JSON.stringify({ res, logs });
  t.notOk(everything.includes('jira-tok-777'));
  t.notOk(everything.includes(Buffer.from('bot@example.com:jira-tok-777').toString('base64')));
  t.equal(res.error, `HTTP 401: bad credentials Basic ${REDACTED} for ${REDACTED}`);
});

t.test('a network error on a secret webhook URL does not leak it', async (t) => {
  const server = await startServer();
  const url = `${server.url}/hook?key=hidden-query-key`;
  await server.close();
  // A fetch that fails quoting the full URL, as some fetch implementations do.
  const failing: typeof fetch = async (input) => {
    throw new TypeError(`fetch failed for ${String(input)}`, { cause: { code: 'ECONNRESET', message: `socket hang up ${String(input)}` } });
  };
  const cfg = DestinationConfig.parse({ id: 'w', name: 'W', type: 'webhook', secrets: { url, headers: { authorization: 'Bearer hdr-secret' } } });
  const logs: DeliveryLogEntry[] = [];
  const res = await sendToDestination(sampleAlert(), cfg, { consoleUrl: CONSOLE, fetch: failing, retry: fastRetry([], { maxAttempts: 2 }), log: (e) => logs.push(e) });
  t.equal(res.attempts, 2);
  t.match(res.error, /ECONNRESET/);
  const everything = JSON.stringify({ res, logs });
  t.notOk(everything.includes('hidden-query-key'));
  t.ok(everything.includes(REDACTED));
});

t.test('secretsOf covers encoded forms; redact replaces each occurrence', async (t) => {
  const cfg = DestinationConfig.parse({ id: 'a', name: 'A', type: 'asana', settings: { projectGids: ['1'] }, secrets: { personalAccessToken: '1/abc+def' } });
  const s = secretsOf(cfg);
  t.ok(s.includes('1/abc+def'));
  t.ok(s.includes(encodeURIComponent('1/abc+def')));
  t.equal(redact('x 1/abc+def y 1%2Fabc%2Bdef', s), `x ${REDACTED} y ${REDACTED}`);
});
