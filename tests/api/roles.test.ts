import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { createApp } from '../../api/app.js';
import { LOCAL_PRINCIPAL, noAuth, tokenAuth, type Principal } from '../../api/auth.js';
import { localDeps } from '../../api/local.js';
import { requiredRole, ROUTE_ROLES, routeKey } from '../../api/route-roles.js';
import { DEFAULT_ROLE, ROLE_GROUPS, ROLES, roleAllows, roleFromGroups, type Role } from '../../api/roles.js';
import { ROOT } from '../helpers/cli.js';

t.test('the Cognito groups claim: the highest known group wins, no group is read-only', async (t) => {
  t.same(ROLE_GROUPS, { admin: 'panther-admin', analyst: 'panther-analyst', 'read-only': 'panther-read-only' });
  t.equal(DEFAULT_ROLE, 'read-only');
  t.equal(roleFromGroups(undefined), 'read-only', 'no claim');
  t.equal(roleFromGroups([]), 'read-only', 'no group');
  t.equal(roleFromGroups(['auditors', 'Panther-Admin', 'panther-admins']), 'read-only', 'unknown groups (names are exact)');
  t.equal(roleFromGroups(['panther-analyst']), 'analyst');
  t.equal(roleFromGroups(['panther-read-only', 'panther-analyst']), 'analyst', 'several: the highest');
  t.equal(roleFromGroups(['panther-analyst', 'other', 'panther-admin', 'panther-read-only']), 'admin');
  t.equal(roleFromGroups('panther-admin'), 'read-only', 'a string is not the claim Cognito issues');
  t.equal(roleFromGroups([42, { admin: true }, null, 'panther-analyst']), 'analyst', 'non-strings are ignored');
  t.equal(roleAllows('admin', 'analyst'), true);
  t.equal(roleAllows('analyst', 'admin'), false);
  t.equal(roleAllows('read-only', 'read-only'), true);
  t.equal(requiredRole('POST', '/api/not-in-the-table'), 'admin', 'an unlisted route fails closed');
  t.equal(requiredRole('GET', '/api/compliance/resources/:resourceId{.+}'), 'read-only', 'Hono regex suffixes are ignored');
});

// The real app (local composition) with an auth stand-in that takes the role from a header: every
// route is requested as each role, with placeholder ids and an empty JSON body.
const lakeDir = mkdtempSync(join(tmpdir(), 'api-roles-'));
const local = await localDeps({ lakeDir, log: () => undefined });
t.teardown(() => local.close());
const asRole: MiddlewareHandler = async (c, next) => {
  const role = c.req.header('x-test-role') as Role;
  c.set('principal', { kind: 'cognito', username: 'tester@example.com', role } satisfies Principal);
  return next();
};
const app = createApp({ ...local.deps, auth: asRole });
const routes = [...new Map(app.routes.filter((r) => r.method !== 'ALL').map((r) => [routeKey(r.method, r.path), r])).values()];

t.test('the role table lists exactly the routes of the app', async (t) => {
  t.same(routes.map((r) => routeKey(r.method, r.path)).sort(), Object.keys(ROUTE_ROLES).sort());
  t.ok(routes.length > 50);
});

t.test('docs/api.md shows the role of each route as the table has it', async (t) => {
  const docs = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  const documented = Object.fromEntries([...docs.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE)` \| `(\/api[^`]*)` \| ([a-z-]+) \|/gm)].map((m) => [`${m[1]} ${m[2]}`, m[3]]));
  t.same(documented, ROUTE_ROLES);
});

t.test('the rules Panther-like roles promise', async (t) => {
  const need = (key: string) => ROUTE_ROLES[key];
  // Reading is for everyone, except the users' list (their emails): the admins who manage them.
  for (const key of Object.keys(ROUTE_ROLES).filter((k) => k.startsWith('GET ') && k !== 'GET /api/users')) t.equal(need(key), 'read-only', `${key}: reading is for everyone`);
  t.equal(need('GET /api/users'), 'admin');
  t.equal(need('POST /api/queries'), 'read-only', 'running a query is a read');
  for (const key of ['PATCH /api/alerts/:id', 'POST /api/alerts/:id/resend', 'POST /api/detections', 'PUT /api/detections/:id', 'PATCH /api/detections/:id', 'POST /api/detections/test', 'POST /api/compliance/suppress', 'POST /api/compliance/remediate']) {
    t.equal(need(key), 'analyst', key);
  }
  for (const key of Object.keys(ROUTE_ROLES).filter((k) => !k.startsWith('GET ') && /\/api\/(users|sources|cloud-accounts|destinations)\b/.test(k))) {
    t.equal(need(key), 'admin', `${key}: configuration is for admins`);
  }
});

t.test('every route x every role: allowed, or a 403 naming the role needed', async (t) => {
  let denied = 0;
  for (const r of routes) {
    const path = r.path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, 'placeholder-id');
    const need = requiredRole(r.method, r.path);
    for (const role of ROLES) {
      const res = await app.request(path, {
        method: r.method,
        headers: { 'x-test-role': role, 'content-type': 'application/json' },
        ...(r.method === 'GET' ? {} : { body: '{}' }),
      });
      const label = `${r.method} ${r.path} as ${role}`;
      if (roleAllows(role, need)) {
        t.not(res.status, 403, `${label}: allowed`);
        await res.body?.cancel();
      } else {
        denied += 1;
        t.equal(res.status, 403, `${label}: denied`);
        t.equal(res.headers.get('content-type'), 'application/problem+json', label);
        const body = (await res.json()) as Record<string, unknown>;
        t.equal(body.title, 'Forbidden', label);
        t.equal(body.detail, `${r.method} ${routeKey(r.method, r.path).slice(r.method.length + 1)} needs the ${need} role`, label);
        t.notMatch(String(body.detail), /panther-|tester/, `${label}: no groups, no user`);
      }
    }
  }
  // Analysts are denied every admin route; read-only users every admin and analyst route.
  const admin = Object.values(ROUTE_ROLES).filter((v) => v === 'admin').length;
  const analyst = Object.values(ROUTE_ROLES).filter((v) => v === 'analyst').length;
  t.equal(denied, admin * 2 + analyst, 'denials: admin routes for two roles, analyst routes for one');
});

t.test('applying a remediation needs admin; a dry run is for analysts', async (t) => {
  const body = (dryRun: boolean) => JSON.stringify({ policyId: 'AWS.S3.Bucket.Encryption', resourceId: 'arn:aws:s3:::nope', dryRun });
  const post = (role: Role, dryRun: boolean) =>
    app.request('/api/compliance/remediate', { method: 'POST', headers: { 'x-test-role': role, 'content-type': 'application/json' }, body: body(dryRun) });
  const apply = await post('analyst', false);
  t.equal(apply.status, 403);
  t.match(await apply.json(), { title: 'Forbidden', detail: 'applying a remediation (dryRun: false) needs the admin role' });
  t.not((await post('analyst', true)).status, 403, 'an analyst dry run goes through (then 404: no snapshot)');
  t.not((await post('admin', false)).status, 403);
  t.equal((await post('read-only', true)).status, 403);
});

t.test('GET /api/me: the caller and their role', async (t) => {
  for (const role of ROLES) {
    const r = await app.request('/api/me', { headers: { 'x-test-role': role } });
    t.same(await r.json(), { username: 'tester@example.com', role });
  }
  const TOKEN = 'roles-test-token-0123456789';
  const tokenApp = createApp({ ...local.deps, auth: tokenAuth(TOKEN) });
  const me = await tokenApp.request('/api/me', { headers: { authorization: `Bearer ${TOKEN}` } });
  t.same(await me.json(), { username: 'local', role: 'admin' }, 'locally the token holder is admin');
  t.same(LOCAL_PRINCIPAL, { kind: 'token', username: 'local', role: 'admin' });
  const open = createApp({ ...local.deps, auth: noAuth() });
  t.same(await (await open.request('/api/me')).json(), { username: 'local', role: 'admin' }, 'authentication off: the local user');
  const del = await tokenApp.request('/api/sources/placeholder-id', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
  t.equal(del.status, 404, 'the local admin passes the role check');
});
