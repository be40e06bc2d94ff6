// The console and the caller's role (GET /api/me) in a real browser: what a role may not do is not
// shown at all. The local token is admin; the other roles are answered by routing /api/me in the
// page (the server still enforces its table: these tests check what the console hides).
import t from 'tap';
import type { Test } from 'tap';
import type { Page, Route } from 'playwright-core';
import { ROUTE_ROLES } from '../../api/route-roles.js';
import { ROLES as SERVER_ROLES } from '../../api/roles.js';
import { CONSOLE_ROUTE_ROLES, ROLES as CONSOLE_ROLES } from '../../console/src/auth/roles.js';
import { openPage, screenshot, startConsoleWorld, type ConsoleWorld, type PageWatch } from '../helpers/browser.js';
import { signedInPage } from './fixtures/console-page.js';

t.setTimeout(240_000);
let world: ConsoleWorld;
let alertId: string;
const SOURCE = 'Role test bucket';
t.before(async () => {
  world = await startConsoleWorld({});
  const created = await world.api('/api/sources', { method: 'POST', body: { label: SOURCE, bucket: 'role-test-bucket', prefixes: [{ prefix: '', logTypes: ['AWS.CloudTrail'] }] } });
  if (created.status !== 201) throw new Error(`creating the source: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  const alerts = await world.api<{ items: Array<{ alertId: string }> }>('/api/alerts?limit=1');
  const first = alerts.body.items[0];
  if (first === undefined) throw new Error('the sample lake has no alert');
  alertId = first.alertId;
});
t.teardown(async () => {
  await world?.close();
});

const json = (route: Route, status: number, body: unknown, contentType = 'application/json'): Promise<void> => route.fulfill({ status, contentType, body: JSON.stringify(body) });

/** A signed-in page whose /api/me answers `role` (the real token stays: reads still reach the server), at `hash`. */
async function pageAs(t: Test, role: 'read-only' | 'analyst', hash: string): Promise<PageWatch> {
  const w = await openPage(world);
  t.teardown(() => w.context.close());
  await w.page.route('**/api/me', (route) => json(route, 200, { username: `a-${role}`, role }));
  await w.page.goto(world.url);
  await w.page.getByTestId('open-alerts').waitFor();
  await w.page.goto(`${world.origin}/${hash}`);
  return w;
}

async function whoami(page: Page): Promise<string> {
  const who = page.getByTestId('whoami');
  await who.waitFor();
  return who.innerText();
}

t.test("the console's role map mirrors the server's route table", async (t) => {
  t.same([...CONSOLE_ROLES], [...SERVER_ROLES], 'the same roles in the same order');
  const differ = Object.entries(CONSOLE_ROUTE_ROLES).filter(([route, role]) => ROUTE_ROLES[route] !== role);
  t.same(differ, [], 'every route the console checks needs the same role on the server');
  t.equal(CONSOLE_ROUTE_ROLES['POST /api/sources'], 'admin');
  t.equal(CONSOLE_ROUTE_ROLES['POST /api/saved-queries'], 'analyst');
});

t.test('read-only: the sources page shows no Add/Edit/Delete; the alert shows no status change or resend', async (t) => {
  const w = await pageAs(t, 'read-only', '#/sources');
  t.equal(await whoami(w.page), 'a-read-only · read-only', 'the header names the user and the role');
  const row = w.page.getByTestId('sources-table').locator('tr', { hasText: SOURCE });
  await row.waitFor();
  t.equal(await row.getByRole('button', { name: `Check the health of ${SOURCE}` }).count(), 1, 'reading the health stays');
  t.equal(await w.page.getByRole('button', { name: `Edit ${SOURCE}` }).count(), 0, 'no Edit');
  t.equal(await w.page.getByRole('button', { name: `Delete ${SOURCE}` }).count(), 0, 'no Delete');
  t.equal(await w.page.getByRole('button', { name: 'Add an S3 source' }).count(), 0, 'no Add');
  t.same(await w.page.getByTestId('sources-table').locator('th').allInnerTexts(), ['Label', 'Bucket', 'Prefixes → log types', 'Health'], 'no Actions column');
  t.equal(await w.page.locator('nav a[href="#/users"]').count(), 0, 'no Users entry');
  await screenshot(w.page, 'roles-read-only-sources');

  await w.page.goto(`${world.origin}/#/alerts/${encodeURIComponent(alertId)}`);
  await w.page.getByTestId('alert-title').waitFor();
  t.equal(await w.page.locator('select[name=alert-status]').count(), 0, 'no status select');
  t.equal(await w.page.getByRole('button', { name: 'Update status' }).count(), 0, 'no Update status');
  t.equal(await w.page.getByRole('button', { name: 'Resend to destinations' }).count(), 0, 'no Resend');

  await w.page.goto(`${world.origin}/#/data`);
  await w.page.getByTestId('run-query').waitFor();
  t.equal(await w.page.getByTestId('run-query').innerText(), 'Run query', 'running queries stays');
  t.equal(await w.page.getByRole('button', { name: 'Save query' }).count(), 0, 'no Save query');
  t.same(w.errors, []);
});

t.test('analyst: the detection editor shows Save and Run tests; no Users entry; no source writes', async (t) => {
  const w = await pageAs(t, 'analyst', '#/detections');
  t.equal(await whoami(w.page), 'a-analyst · analyst');
  await w.page.getByTestId('detections-table').waitFor();
  t.equal(await w.page.getByRole('link', { name: 'New detection' }).count(), 1, 'New detection');
  t.ok((await w.page.getByTestId('detections-table').getByRole('checkbox').count()) > 0, 'enable switches');
  t.equal(await w.page.locator('nav a[href="#/users"]').count(), 0, 'no Users entry');
  t.same(await w.page.locator('nav a').allInnerTexts(), ['Overview', 'Alerts', 'Detections', 'Data Explorer', 'Cloud Security', 'Sources', 'Destinations', 'Settings']);

  await w.page.getByRole('link', { name: 'New detection' }).click();
  await w.page.getByTestId('detection-editor').waitFor();
  t.equal(await w.page.getByRole('button', { name: 'Save', exact: true }).count(), 1, 'Save');
  t.equal(await w.page.getByTestId('run-tests').innerText(), 'Run tests');

  await w.page.goto(`${world.origin}/#/sources`);
  await w.page.getByTestId('sources-table').locator('tr', { hasText: SOURCE }).waitFor();
  t.equal(await w.page.getByRole('button', { name: 'Add an S3 source' }).count(), 0, 'sources are admin');
  t.equal(await w.page.getByRole('button', { name: `Edit ${SOURCE}` }).count(), 0);

  await w.page.goto(`${world.origin}/#/users`);
  const note = w.page.getByTestId('users-admin-only');
  await note.waitFor();
  t.equal(await note.innerText(), 'Managing users needs the admin role.');
  t.same(w.errors, []);
});

t.test('admin (the local token): the header, the Users entry, and the Role column', async (t) => {
  const w = await signedInPage(t, world, '#/users');
  t.equal(await whoami(w.page), 'local · admin');
  t.equal(await w.page.locator('nav a[href="#/users"]').count(), 1, 'the Users entry');
  const table = w.page.getByTestId('users-table');
  await table.waitFor();
  t.same(await table.locator('th').allInnerTexts(), ['User', 'Email', 'Status', 'Enabled', 'Role', 'Created']);
  t.same((await table.locator('tbody tr td').allInnerTexts()).slice(0, 5), ['local', '', 'LOCAL', 'yes', 'admin']);
  await w.page.goto(`${world.origin}/#/sources`);
  await w.page.getByRole('button', { name: `Edit ${SOURCE}` }).waitFor();
  t.equal(await w.page.getByRole('button', { name: 'Add an S3 source' }).count(), 1, 'admin writes sources');
  t.same(w.errors, []);
});

t.test('admin on AWS: invite with a role, change a role, and the 409 detail shows', async (t) => {
  const w = await signedInPage(t, world);
  const sent: Array<{ method: string; path: string; body: unknown }> = [];
  const users = [
    { username: 'u-admin', email: 'admin@example.com', status: 'CONFIRMED', enabled: true, role: 'admin' },
    { username: 'u-bob', email: 'bob@example.com', status: 'CONFIRMED', enabled: true, role: 'analyst' },
  ];
  await w.page.route('**/api/settings', (route) => json(route, 200, { mode: 'aws', version: 'test', engine: 'athena', lake: 's3://lake' }));
  await w.page.route('**/api/users', async (route) => {
    const r = route.request();
    if (r.method() === 'GET') return json(route, 200, { items: users });
    sent.push({ method: r.method(), path: new URL(r.url()).pathname, body: r.postDataJSON() });
    return json(route, 201, { username: 'u-new', email: 'new@example.com', status: 'FORCE_CHANGE_PASSWORD', enabled: true, role: 'analyst' });
  });
  await w.page.route('**/api/users/*', async (route) => {
    const r = route.request();
    sent.push({ method: r.method(), path: new URL(r.url()).pathname, body: r.postDataJSON() });
    return json(route, 409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'an admin cannot demote themself' }, 'application/problem+json');
  });
  await w.page.goto(`${world.origin}/#/users`);
  const invite = w.page.getByRole('form', { name: 'Invite a user' });
  await invite.waitFor();
  t.equal(await invite.locator('select[name=role]').inputValue(), 'read-only', 'invites default to read-only');
  await invite.getByLabel('Email').fill('new@example.com');
  await invite.locator('select[name=role]').selectOption('analyst');
  await invite.getByRole('button', { name: 'Invite' }).click();
  await w.page.getByText('Invited new@example.com as analyst').waitFor();
  t.same(sent.shift(), { method: 'POST', path: '/api/users', body: { email: 'new@example.com', role: 'analyst' } });

  t.equal(await w.page.getByLabel('Role of admin@example.com').inputValue(), 'admin');
  await w.page.getByLabel('Role of admin@example.com').selectOption('read-only');
  const error = w.page.getByRole('alert');
  await error.waitFor();
  t.equal(await error.innerText(), 'Conflict — an admin cannot demote themself', 'the problem detail shows');
  t.same(sent.shift(), { method: 'PATCH', path: '/api/users/u-admin', body: { role: 'read-only' } });
  t.equal(await w.page.getByLabel('Role of admin@example.com').inputValue(), 'admin', 'the list shows the role the server kept');
  t.same(w.errors, []);
});

t.test('a 403 shows the problem detail that names the role needed', async (t) => {
  const w = await signedInPage(t, world);
  await w.page.route('**/api/alerts/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.fallback();
    return json(route, 403, { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'PATCH /api/alerts/:id needs the analyst role' }, 'application/problem+json');
  });
  await w.page.goto(`${world.origin}/#/alerts/${encodeURIComponent(alertId)}`);
  await w.page.getByTestId('alert-title').waitFor();
  const current = await w.page.locator('select[name=alert-status]').inputValue();
  await w.page.locator('select[name=alert-status]').selectOption(current === 'TRIAGED' ? 'CLOSED' : 'TRIAGED');
  await w.page.getByRole('button', { name: 'Update status' }).click();
  const error = w.page.getByRole('alert');
  await error.waitFor();
  t.equal(await error.innerText(), 'Forbidden — PATCH /api/alerts/:id needs the analyst role');
  t.same(w.errors, []);
});
