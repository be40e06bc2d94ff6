// The shared list and form scaffolding in a real browser: the alert pager's cursors (a filter change
// starts from the first page, never with the old cursor), the destination form's errors and row buttons.
import t from 'tap';
import { startConsoleWorld, type ConsoleWorld } from '../helpers/browser.js';
import { signedInPage } from './fixtures/console-page.js';

t.setTimeout(240_000);
let world: ConsoleWorld;
t.before(async () => {
  world = await startConsoleWorld({});
});
t.teardown(async () => {
  await world?.close();
});

t.test('alert pages: next/prev carry cursors; a filter starts from the first page', async (t) => {
  const w = await signedInPage(t, world);
  const seen: string[] = [];
  await w.page.route('**/api/alerts?**', async (route) => {
    const u = new URL(route.request().url());
    seen.push(u.search);
    const cursor = u.searchParams.get('cursor');
    const n = cursor === null ? 1 : Number(cursor.slice(1)) + 1;
    const item = { alertId: `a${n}`, title: `page ${n} ${u.searchParams.get('severity') ?? ''}`, ruleId: 'r', type: 'RULE', severity: 'HIGH', status: 'OPEN', eventCount: 1, creationTime: '2024-01-01T00:00:00Z', updateTime: '2024-01-01T00:00:00Z' };
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: [item], next: n < 3 ? `c${n}` : undefined }) });
  });
  await w.page.goto(`${world.origin}/#/alerts`);
  const table = w.page.getByTestId('alerts-table');
  await table.getByText('page 1').waitFor();
  t.equal(await w.page.getByRole('button', { name: '← Previous' }).isDisabled(), true);
  await w.page.getByRole('button', { name: 'Next →' }).click();
  await table.getByText('page 2').waitFor();
  await w.page.getByRole('button', { name: 'Next →' }).click();
  await table.getByText('page 3').waitFor();
  t.equal(await w.page.getByRole('button', { name: 'Next →' }).isDisabled(), true, 'no next on the last page');
  await w.page.getByRole('button', { name: '← Previous' }).click();
  await table.getByText('page 2').waitFor();
  await w.page.locator('select[name=severity]').selectOption('HIGH');
  await table.getByText('page 1 HIGH').waitFor();
  t.match(w.page.url(), /#\/alerts\?severity=HIGH$/);
  t.same(seen, ['?limit=25', '?limit=25&cursor=c1', '?limit=25&cursor=c2', '?limit=25&cursor=c1', '?severity=HIGH&limit=25'], 'a filter change never sends the old cursor');
  t.same(w.errors, []);
});

t.test('destinations: a JSON error shows and clears, Edit/Delete per row, secrets stay write-only, Cancel closes', async (t) => {
  const w = await signedInPage(t, world, '#/destinations');
  await w.page.getByRole('button', { name: 'Add a destination' }).click();
  const form = w.page.getByRole('form', { name: 'New destination' });
  await form.getByLabel('Name').fill('Scratch dest');
  await form.locator('textarea[name=settings]').fill('{nope');
  await form.getByRole('button', { name: 'Save' }).click();
  await w.page.locator('.error').waitFor();
  t.equal(await w.page.locator('.error').innerText(), 'settings: not valid JSON');
  await form.locator('textarea[name=settings]').fill('{"channel":"#x"}');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  t.equal(await w.page.locator('.error').count(), 0, 'the error cleared on a good save');
  const row = w.page.getByTestId('destinations-table').locator('tr', { hasText: 'Scratch dest' });
  await row.getByRole('button', { name: 'Edit Scratch dest' }).click();
  const edit = w.page.getByRole('form', { name: 'Edit Scratch dest' });
  t.equal(await edit.locator('select[name=type]').isDisabled(), true, 'the type is fixed once created');
  t.equal(await edit.locator('textarea[name=secrets]').inputValue(), '', 'secrets are write-only');
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await edit.waitFor({ state: 'detached' });
  w.dialogAnswer = 'accept';
  await row.getByRole('button', { name: 'Delete Scratch dest' }).click();
  await row.waitFor({ state: 'detached' });
  t.match(w.dialogs, ['confirm: Delete the destination Scratch dest?']);
  t.same(w.errors, []);
});
