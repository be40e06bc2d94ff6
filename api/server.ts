// The local server: the API and the console's built files on loopback, behind a random token
// handed to the browser in the URL fragment (never sent to the server, never in its logs).
import { randomBytes } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, posix, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp, type AppDeps } from './app.js';
import { noAuth, tokenAuth } from './auth.js';
import { PROBLEM_JSON } from './http.js';

export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../console/dist', import.meta.url));

/** The console's Content-Security-Policy: only its own scripts, styles and API; no framing. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** What the console reads at /config.json to know how to sign in. */
export type ConsoleConfig =
  | { readonly auth: { readonly type: 'token' } }
  | { readonly auth: { readonly type: 'none' } }
  | { readonly auth: { readonly type: 'cognito'; readonly domain: string; readonly clientId: string; readonly userPoolId: string; readonly redirectUri: string } };

export interface LocalServerOptions extends Omit<AppDeps, 'auth'> {
  /** Default 127.0.0.1. Another address is refused unless allowNonLoopback is set. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default: a random 32-byte base64url token. `null` turns authentication off (only when explicitly configured). */
  readonly token?: string | null;
  /** The console's built files (default console/dist). */
  readonly consoleDir?: string;
  readonly allowNonLoopback?: boolean;
}

export interface LocalServer {
  /** The console URL with the token in the fragment: `http://127.0.0.1:PORT/#token=...`. */
  readonly url: string;
  /** The API's base URL, without the token. */
  readonly origin: string;
  readonly token: string | null;
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function staticHeaders(type: string, cache: string): Record<string, string> {
  return {
    'content-type': type,
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': cache,
  };
}

function plainProblem(status: 404 | 400 | 405 | 421, title: string, detail: string, instance: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail, instance }), { status, headers: { 'content-type': PROBLEM_JSON, 'x-content-type-options': 'nosniff' } });
}

/**
 * Serves files of `root` by URL path: no directory listing, no way out of root (percent-decoding,
 * `..`, backslashes, NUL and symbolic links are all checked). `/` is index.html; other paths that
 * name no file are client-side routes, redirected to the console's hash route.
 */
export function staticSite(root: string): (req: Request) => Promise<Response> {
  const base = resolve(root);
  return async (req) => {
    const url = new URL(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plainProblem(405, 'Method Not Allowed', 'the console is read-only', url.pathname);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return plainProblem(400, 'Bad Request', 'malformed path', url.pathname);
    }
    if (path.includes('\0') || path.includes('\\')) return plainProblem(400, 'Bad Request', 'malformed path', url.pathname);
    const rel = posix.normalize(path).replace(/^\/+/, '');
    if (rel.split('/').includes('..')) return plainProblem(400, 'Bad Request', 'malformed path', url.pathname);
    const send = async (file: string, cache: string): Promise<Response> => {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(req.method === 'HEAD' ? null : body, { status: 200, headers: staticHeaders(type, cache) });
    };
    const realBase = await realpath(base).catch(() => undefined);
    if (realBase === undefined) return plainProblem(404, 'Not Found', 'the console is not built (npm run build:console)', url.pathname);
    const candidate = join(realBase, ...rel.split('/').filter((p) => p !== ''));
    const real = await realpath(candidate).catch(() => undefined);
    if (real !== undefined && (real === realBase || real.startsWith(realBase + sep))) {
      const s = await stat(real);
      if (s.isFile()) return send(real, rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    // A missing asset is a 404; any other path is a client-side route of the single-page app.
    if (extname(rel) !== '') return plainProblem(404, 'Not Found', 'no such file', url.pathname);
    if (rel !== '') {
      // The console routes in the fragment (#/alerts/abc) and loads its assets relative to the page,
      // so a path such as /alerts/abc (a link in an alert message) is sent to its hash route.
      const route = `/${rel.replace(/\/+$/, '')}${url.search}`;
      return new Response(null, { status: 302, headers: { location: `/#${encodeURI(route)}`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
    }
    const index = join(realBase, 'index.html');
    if (!(await stat(index).then((s) => s.isFile(), () => false))) return plainProblem(404, 'Not Found', 'the console is not built (npm run build:console)', url.pathname);
    return send(index, 'no-cache');
  };
}

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host) && opts.allowNonLoopback !== true) {
    throw new Error(`refusing to listen on ${host}: the local server is for loopback only (set allowNonLoopback to expose it, behind TLS)`);
  }
  const token = opts.token === undefined ? randomBytes(32).toString('base64url') : opts.token;
  const auth = token === null ? noAuth() : tokenAuth(token);
  const { host: _h, port: _p, token: _t, consoleDir, allowNonLoopback: _a, ...deps } = opts;
  const api = createApp({ ...deps, auth });
  const site = staticSite(consoleDir ?? CONSOLE_DIST_DIR);
  const config: ConsoleConfig = token === null ? { auth: { type: 'none' } } : { auth: { type: 'token' } };
  let port = 0;

  const root = new Hono();
  root.all('*', async (c) => {
    const req = c.req.raw;
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach the API.
    const hostHeader = c.req.header('host') ?? '';
    const hostName = hostHeader.replace(/:\d+$/, '');
    if (isLoopback(host) && !isLoopback(hostName)) return plainProblem(421, 'Misdirected Request', 'unexpected Host header', c.req.path);
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return api.fetch(req);
    if (c.req.path === '/config.json') {
      return new Response(JSON.stringify(config), { headers: { ...staticHeaders('application/json', 'no-store') } });
    }
    return site(req);
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: root.fetch, port: opts.port ?? 0, hostname: host }, (info: AddressInfo) => {
      port = info.port;
      resolveServer(s);
    });
    s.once('error', reject);
  });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;
  return {
    url: token === null ? `${origin}/` : `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      opts.jobs?.cancelAll();
      await new Promise<void>((r) => {
        server.close(() => r());
        // Idle keep-alive connections would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await opts.detections.close();
    },
  };
}
