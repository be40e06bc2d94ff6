// Retries: 5xx and 429 retried (Retry-After honoured), other 4xx not, attempts bounded.
import t from 'tap';
import { backoffDelay, DestinationConfig, parseRetryAfter, sendToDestination, DEFAULT_RETRY, withRetries } from '../../../detections/delivery/index.js';
import { CONSOLE, fastRetry, sampleAlert, startServer } from './fixtures/helpers.js';

const alert = sampleAlert();
const hook = (url: string) => DestinationConfig.parse({ id: 'wh', name: 'Hook', type: 'webhook', secrets: { url: `${url}/in` } });

t.test('503 then 200: two attempts, ok', async (t) => {
  const server = await startServer((_r, n) => (n === 1 ? { status: 503, body: 'busy' } : { status: 200 }));
  t.teardown(() => server.close());
  const waits: number[] = [];
  const res = await sendToDestination(alert, hook(server.url), { consoleUrl: CONSOLE, retry: fastRetry(waits, { baseDelayMs: 1000 }) });
  t.same({ ok: res.ok, status: res.status, attempts: res.attempts }, { ok: true, status: 200, attempts: 2 });
  t.equal(server.received.length, 2);
  t.equal(server.received[0]!.body, server.received[1]!.body, 'the same request is resent');
  // random() = 0.5 of a ceiling of base * 2^0.
  t.same(waits, [500]);
});

t.test('429 with Retry-After: the wait is the server\'s', async (t) => {
  const server = await startServer((_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 202 }));
  t.teardown(() => server.close());
  const waits: number[] = [];
  const res = await sendToDestination(alert, hook(server.url), { consoleUrl: CONSOLE, retry: fastRetry(waits) });
  t.same({ ok: res.ok, status: res.status, attempts: res.attempts }, { ok: true, status: 202, attempts: 2 });
  t.same(waits, [7000]);
});

t.test('400: one attempt, not retried, error carries the status and body', async (t) => {
  const server = await startServer(() => ({ status: 400, body: '{"message":"invalid payload"}' }));
  t.teardown(() => server.close());
  const waits: number[] = [];
  const res = await sendToDestination(alert, hook(server.url), { consoleUrl: CONSOLE, retry: fastRetry(waits) });
  t.same(res, { destinationId: 'wh', destinationName: 'Hook', type: 'webhook', ok: false, attempts: 1, status: 400, error: 'HTTP 400: {"message":"invalid payload"}' });
  t.equal(server.received.length, 1);
  t.same(waits, []);
});

t.test('persistent 500: bounded by maxAttempts, with growing backoff', async (t) => {
  const server = await startServer(() => ({ status: 500 }));
  t.teardown(() => server.close());
  const waits: number[] = [];
  const res = await sendToDestination(alert, hook(server.url), { consoleUrl: CONSOLE, retry: fastRetry(waits, { maxAttempts: 3, baseDelayMs: 100, random: () => 0.999 }) });
  t.same({ ok: res.ok, status: res.status, attempts: res.attempts, error: res.error }, { ok: false, status: 500, attempts: 3, error: 'HTTP 500' });
  t.equal(server.received.length, 3);
  t.same(waits, [99, 199]);
});

t.test('network errors are retried', async (t) => {
  // A server that is closed at once: its port refuses connections.
  const server = await startServer();
  const url = server.url;
  await server.close();
  const waits: number[] = [];
  const res = await sendToDestination(alert, hook(url), { consoleUrl: CONSOLE, retry: fastRetry(waits, { maxAttempts: 2 }) });
  t.equal(res.ok, false);
  t.equal(res.attempts, 2);
  t.equal(res.status, undefined);
  t.match(res.error, /ECONNREFUSED/);
  t.equal(waits.length, 1);
});

t.test('backoff: full jitter under an exponential ceiling, capped', async (t) => {
  const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 };
  const net = { kind: 'network', message: 'x' } as const;
  t.same([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, net, p)), [100, 200, 400, 800, 1000, 1000]);
  t.equal(backoffDelay(3, net, { ...p, random: () => 0 }), 0);
  // Retry-After is capped too.
  t.equal(backoffDelay(1, { kind: 'http', status: 429, message: '', retryAfter: '3600' }, { ...p, maxRetryAfterMs: 5000 }), 5000);
});

t.test('Retry-After: seconds, HTTP dates, garbage', async (t) => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  t.equal(parseRetryAfter('2', now), 2000);
  t.equal(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now), 30_000);
  t.equal(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now), 0);
  t.equal(parseRetryAfter('soon', now), undefined);
  t.equal(parseRetryAfter(null, now), undefined);
});

t.test('withRetries stops at the first success', async (t) => {
  let calls = 0;
  const r = await withRetries(async () => (++calls < 3 ? { kind: 'http', status: 502, message: 'bad gateway' } : { kind: 'ok', status: 200 }), {
    ...DEFAULT_RETRY,
    ...fastRetry(),
  });
  t.same({ attempts: r.attempts, calls, kind: r.last.kind }, { attempts: 3, calls: 3, kind: 'ok' });
});

t.test('SDK destinations: a 5xx from SQS is retried by our policy, not the SDK\'s', async (t) => {
  const server = await startServer(() => ({ status: 500, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ __type: 'InternalError', message: 'oops' }) }));
  t.teardown(() => server.close());
  const cfg = DestinationConfig.parse({ id: 'q', name: 'Q', type: 'sqs', settings: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', endpoint: server.url } });
  const res = await sendToDestination(alert, cfg, { consoleUrl: CONSOLE, retry: fastRetry([], { maxAttempts: 2 }), awsCredentials: { accessKeyId: 'AKID', secretAccessKey: 'S' } });
  t.same({ ok: res.ok, status: res.status, attempts: res.attempts }, { ok: false, status: 500, attempts: 2 });
  t.equal(server.received.length, 2, 'one request per attempt');
  t.match(res.error, /InternalError/);
});

t.test('a config that cannot be built fails with zero attempts and no request', async (t) => {
  const bogus = { id: 'x', name: 'X', type: 'fax', defaultForSeverity: [], settings: {}, secrets: { number: 'fax-secret-1' } } as unknown as DestinationConfig;
  const res = await sendToDestination(alert, bogus, { consoleUrl: CONSOLE, retry: fastRetry() });
  t.same(res, { destinationId: 'x', destinationName: 'X', type: 'fax', ok: false, attempts: 0, error: 'could not build the request: Error: unsupported destination type "fax"' });
});

t.test('SNS 403: a client error from the SDK is not retried', async (t) => {
  const server = await startServer(() => ({
    status: 403,
    headers: { 'content-type': 'text/xml' },
    body: '<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not allowed</Message></Error><RequestId>r</RequestId></ErrorResponse>',
  }));
  t.teardown(() => server.close());
  const cfg = DestinationConfig.parse({ id: 'n', name: 'N', type: 'sns', settings: { topicArn: 'arn:aws:sns:us-east-1:123456789012:t', endpoint: server.url } });
  const res = await sendToDestination(alert, cfg, { consoleUrl: CONSOLE, retry: fastRetry(), awsCredentials: { accessKeyId: 'AKID', secretAccessKey: 'S' } });
  t.same({ ok: res.ok, status: res.status, attempts: res.attempts }, { ok: false, status: 403, attempts: 1 });
  t.equal(res.error, 'HTTP 403: AuthorizationErrorException: not allowed');
});
