import t from 'tap';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { DetectionsRepo } from '../../api/services/detections-repo.js';
import { CONSOLE_CSP, isLoopback, startLocalServer, type LocalServerOptions } from '../../api/server.js';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import type { QueryEngine } from '../../query/types.js';

const INDEX = '<!doctype html><title>console</title><script type="module" src="/assets/app.js"></script>';
const SECRET = 'top secret outside the console dir';

function fixture() {
  const base = mkdtempSync(join(tmpdir(), 'api-server-'));
  const consoleDir = join(base, 'dist');
  mkdirSync(join(consoleDir, 'assets'), { recursive: true });
  writeFileSync(join(consoleDir, 'index.html'), INDEX);
  writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(consoleDir, 'assets', 'link.txt'));
  const lake = join(base, 'lake');
  const documents = new DirDocumentStore(join(lake, 'state', 'documents'));
  const engine: QueryEngine = { kind: 'duckdb', run: async () => { throw new Error('unused'); }, tables: async () => [], close: async () => undefined };
  const deps: LocalServerOptions = {
    settings: { mode: 'local', version: 'test', engine: 'duckdb', lake },
    alerts: new EmbeddedAlertStore(),
    engine,
    documents,
    detections: new DetectionsRepo({ objects: new DirObjectStore(lake), documents }),
    destinations: { list: async () => [] },
    consoleDir,
    log: () => undefined,
  };
  return { deps, consoleDir };
}

/** A raw request: fetch would normalize `..` and encoded separators before sending. */
function raw(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('isLoopback', async (t) => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) t.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '192.168.1.2', '::', 'example.com', '127.0.0.1.evil.com']) t.equal(isLoopback(h), false, h);
});

t.test('serves the console and the API with a random token', async (t) => {
  const { deps } = fixture();
  const server = await startLocalServer(deps);
  t.teardown(() => server.close());
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
  t.equal(server.url, `${server.origin}/#token=${server.token}`);
  const port = server.port;

  const index = await fetch(`${server.origin}/`);
  t.equal(index.status, 200);
  t.equal(await index.text(), INDEX);
  t.equal(index.headers.get('content-security-policy'), CONSOLE_CSP);
  t.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  t.equal(index.headers.get('x-frame-options'), 'DENY');
  t.equal(index.headers.get('cache-control'), 'no-cache');

  const js = await fetch(`${server.origin}/assets/app.js`);
  t.equal(await js.text(), 'console.log(1)');
  t.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  t.match(js.headers.get('cache-control'), /immutable/);

  const route = await fetch(`${server.origin}/alerts/abc123?x=1`, { redirect: 'manual' });
  t.equal(route.status, 302, 'client-side routes go to the hash route');
  t.equal(route.headers.get('location'), '/#/alerts/abc123?x=1');
  const followed = await fetch(`${server.origin}/alerts/abc123`);
  t.equal(await followed.text(), INDEX, 'which is index.html');
  const dir = await fetch(`${server.origin}/assets/`, { redirect: 'manual' });
  t.equal(dir.status, 302, 'a directory is never listed');
  t.equal(dir.headers.get('location'), '/#/assets');
  const odd = await fetch(`${server.origin}/a%22b%3Cc`, { redirect: 'manual' });
  t.equal(odd.headers.get('location'), '/#/a%22b%3Cc', 'the location is URL-encoded');
  t.equal((await fetch(`${server.origin}/assets/missing.js`)).status, 404);
  t.equal((await fetch(`${server.origin}/`, { method: 'POST' })).status, 405);

  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/assets/link.txt', '/%00', '/%E0%A4%A']) {
    const r = await raw(port, path);
    t.not(r.body, SECRET, `${path} does not escape`);
    t.ok([400, 404].includes(r.status), `${path}: ${r.status}`);
  }

  const config = await fetch(`${server.origin}/config.json`);
  t.same(await config.json(), { auth: { type: 'token' } });

  t.equal((await fetch(`${server.origin}/api/health`)).status, 200);
  const denied = await fetch(`${server.origin}/api/settings`);
  t.equal(denied.status, 401);
  t.equal(denied.headers.get('content-type'), 'application/problem+json');
  const settings = await fetch(`${server.origin}/api/settings`, { headers: { authorization: `Bearer ${server.token}` } });
  t.equal(settings.status, 200);
  t.match(await settings.json(), { mode: 'local', engine: 'duckdb' });
  const unknown = await fetch(`${server.origin}/api/nope`, { headers: { authorization: `Bearer ${server.token}` } });
  t.equal(unknown.status, 404);
  t.match(await unknown.json(), { status: 404, instance: '/api/nope' });

  const rebound = await raw(port, '/api/health', { host: `attacker.example:${port}` });
  t.equal(rebound.status, 421, 'a foreign Host header is refused (DNS rebinding)');
  t.equal((await raw(port, '/api/health', { host: `localhost:${port}` })).status, 200);
});

t.test('refuses a non-loopback address unless allowed; token null only when asked', async (t) => {
  const { deps } = fixture();
  await t.rejects(startLocalServer({ ...deps, host: '0.0.0.0' }), /loopback only/);
  const open = await startLocalServer({ ...deps, token: null, port: 0 });
  t.teardown(() => open.close());
  t.equal(open.token, null);
  t.equal(open.url, `${open.origin}/`);
  t.equal((await fetch(`${open.origin}/api/settings`)).status, 200, 'no token needed when explicitly disabled');
  t.same(await (await fetch(`${open.origin}/config.json`)).json(), { auth: { type: 'none' } });
  const fixed = await startLocalServer({ ...deps, token: 'a-fixed-token-of-enough-length' });
  t.teardown(() => fixed.close());
  t.equal((await fetch(`${fixed.origin}/api/settings`, { headers: { authorization: 'Bearer a-fixed-token-of-enough-length' } })).status, 200);
});

t.test('without a built console the API still works', async (t) => {
  const { deps } = fixture();
  const server = await startLocalServer({ ...deps, consoleDir: join(tmpdir(), 'no-such-console-dir-xyz') });
  t.teardown(() => server.close());
  const r = await fetch(`${server.origin}/`);
  t.equal(r.status, 404);
  t.match(await r.json(), { detail: /not built/ });
  t.equal((await fetch(`${server.origin}/api/health`)).status, 200);
});
