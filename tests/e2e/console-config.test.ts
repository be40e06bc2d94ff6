// The console's configuration and cloud-security pages in a real browser (Debian's chromium through
// playwright-core) against the real local server, over a lake with the shipped samples and the
// cloud-security fixture scanned into it (two accounts' recorded resources, evaluated by the
// built-in policies): log sources, cloud accounts, compliance, users, and a detection whose id is `new`.
import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { screenshot, startConsoleWorld, type ConsoleWorld, type PageWatch } from '../helpers/browser.js';
import { signedInPage } from './fixtures/console-page.js';

// A build, a lake, a scan, a server and a browser: generous for a busy 2-core machine (well under a
// minute on an idle one).
t.setTimeout(240_000);

let world: ConsoleWorld;
t.before(async () => {
  world = await startConsoleWorld({ cloudFixture: true });
});
t.teardown(async () => {
  await world?.close();
});

const signedIn = (t: Test, hash: string): Promise<PageWatch> => signedInPage(t, world, hash);

/** The page's headings in document order, as [level, text]. */
async function headings(page: Page): Promise<Array<[number, string]>> {
  const hs = page.locator('main h1, main h2, main h3, main h4');
  const out: Array<[number, string]> = [];
  for (let i = 0; i < (await hs.count()); i++) {
    const h = hs.nth(i);
    // (The element typed by hand: the tests compile without the DOM types.)
    out.push([Number((await h.evaluate((e) => (e as unknown as { tagName: string }).tagName)).slice(1)), (await h.innerText()).trim()]);
  }
  return out;
}

/** What breaks the outline: anything but one h1 first, or a level skipped on the way down. */
async function headingProblems(page: Page): Promise<string[]> {
  const hs = await headings(page);
  const problems: string[] = [];
  if (hs[0]?.[0] !== 1) problems.push(`first heading is not an h1: ${JSON.stringify(hs[0])}`);
  if (hs.filter(([l]) => l === 1).length !== 1) problems.push(`not one h1: ${JSON.stringify(hs)}`);
  hs.forEach(([l, text], i) => {
    const prev = hs[i - 1]?.[0];
    if (prev !== undefined && l > prev + 1) problems.push(`h${l} "${text}" after an h${prev}`);
  });
  return problems;
}

/** Inputs, selects and textareas without an accessible name (label, aria-label), and buttons without text. */
async function unlabelled(page: Page): Promise<string[]> {
  const bad: string[] = [];
  const fields = page.locator('main input:visible, main select:visible, main textarea:visible');
  for (let i = 0; i < (await fields.count()); i++) {
    const f = fields.nth(i);
    const labelled = await f.evaluate((e) => {
      const el = e as unknown as { labels: { length: number } | null; getAttribute(name: string): string | null };
      return (el.labels?.length ?? 0) > 0 || (el.getAttribute('aria-label') ?? '').trim() !== '';
    });
    if (!labelled) bad.push(`field ${(await f.getAttribute('name')) ?? '?'}`);
  }
  const buttons = page.locator('main button:visible');
  for (let i = 0; i < (await buttons.count()); i++) {
    const b = buttons.nth(i);
    if ((await b.innerText()).trim() === '' && ((await b.getAttribute('aria-label')) ?? '').trim() === '') bad.push('button without text');
  }
  return bad;
}

interface SourceDoc {
  id: string;
  label: string;
  bucket: string;
  prefixes: Array<{ prefix: string; logTypes: string[] }>;
  roleArn?: string;
}

t.test('a log source: created with log types per prefix, edited, deleted', async (t) => {
  const w = await signedIn(t, '#/sources');
  await w.page.getByTestId('sources-page').waitFor();
  await w.page.getByRole('button', { name: 'Add an S3 source' }).click();
  const form = w.page.getByRole('form', { name: 'New S3 source' });
  await form.getByLabel('Label').fill('E2E org trail');
  await form.getByLabel('Bucket').fill('e2e-org-logs');
  await form.getByLabel('Prefix 1', { exact: true }).fill('AWSLogs/cloudtrail/');
  await form.getByLabel('Log types of prefix 1').fill('AWS.CloudTrail');
  await form.getByRole('button', { name: 'Add a prefix' }).click();
  await form.getByLabel('Prefix 2', { exact: true }).fill('vpc/');
  await form.getByLabel('Log types of prefix 2').fill('AWS.VPCFlow, AWS.ALB');
  await form.getByLabel('Read role ARN').fill('arn:aws:iam::123456789012:role/PantherLogReader');
  t.same(await unlabelled(w.page), [], 'every field of the form has a label, every button text');
  await screenshot(w.page, 'sources-form');
  await form.getByRole('button', { name: 'Save' }).click();

  const row = w.page.getByTestId('sources-table').locator('tr', { hasText: 'E2E org trail' });
  await row.waitFor();
  t.match(await row.innerText(), 'AWSLogs/cloudtrail/ → AWS.CloudTrail; vpc/ → AWS.VPCFlow, AWS.ALB', 'each prefix with its own log types');
  const created = (await world.api<{ items: SourceDoc[] }>('/api/sources')).body.items.find((s) => s.label === 'E2E org trail');
  t.match(created, {
    bucket: 'e2e-org-logs',
    prefixes: [
      { prefix: 'AWSLogs/cloudtrail/', logTypes: ['AWS.CloudTrail'] },
      { prefix: 'vpc/', logTypes: ['AWS.VPCFlow', 'AWS.ALB'] },
    ],
    roleArn: 'arn:aws:iam::123456789012:role/PantherLogReader',
  });
  if (created === undefined) throw new Error('the source was not created');

  // An unknown log type is refused by the API and the form says which key.
  await row.getByRole('button', { name: 'Edit E2E org trail' }).click();
  const edit = w.page.getByRole('form', { name: 'Edit E2E org trail' });
  t.equal(await edit.getByLabel('Log types of prefix 2').inputValue(), 'AWS.VPCFlow, AWS.ALB', 'the form holds the stored log types');
  await edit.getByLabel('Log types of prefix 2').fill('AWS.NoSuchLogs');
  await edit.getByRole('button', { name: 'Save' }).click();
  await w.page.locator('.error').waitFor();
  t.match(await w.page.locator('.error').innerText(), 'AWS.NoSuchLogs');
  // Then a valid edit: prefix 1 removed, prefix 2 with other log types.
  await edit.getByLabel('Log types of prefix 2').fill('AWS.VPCFlow');
  await edit.getByRole('button', { name: 'Remove prefix 1' }).click();
  t.equal(await edit.getByLabel('Prefix 1', { exact: true }).inputValue(), 'vpc/', 'the second prefix moved up');
  await edit.getByRole('button', { name: 'Save' }).click();
  await edit.waitFor({ state: 'detached' });
  // The reloaded row (its cell's whole text: the old one also held "vpc/ → AWS.VPCFlow").
  await row.getByText('vpc/ → AWS.VPCFlow', { exact: true }).waitFor();
  t.notMatch(await row.innerText(), 'AWSLogs/cloudtrail/');
  const edited = await world.api<SourceDoc>(`/api/sources/${encodeURIComponent(created.id)}`);
  t.same(edited.body.prefixes, [{ prefix: 'vpc/', logTypes: ['AWS.VPCFlow'] }], 'the API has the edit');
  t.equal(edited.body.label, 'E2E org trail');
  await screenshot(w.page, 'sources');

  // Deleting asks first.
  w.dialogAnswer = 'accept';
  await row.getByRole('button', { name: 'Delete E2E org trail' }).click();
  await row.waitFor({ state: 'detached' });
  t.match(w.dialogs, ['confirm: Delete the source E2E org trail?']);
  t.equal((await world.api(`/api/sources/${encodeURIComponent(created.id)}`)).status, 404, 'gone from the API');
  t.same(await headingProblems(w.page), [], 'headings in order');
  t.same(w.errors, []);
  t.same(w.cspViolations, []);
});

t.test('a cloud account is onboarded from the Accounts tab', async (t) => {
  const w = await signedIn(t, '#/cloud/accounts');
  await w.page.getByRole('button', { name: 'Onboard an account' }).click();
  const form = w.page.getByRole('form', { name: 'Onboard an account' });
  await form.getByLabel('Account ID').fill('210987654321');
  await form.getByLabel('Label').fill('E2E security tooling');
  await form.getByLabel('Audit role ARN').fill('arn:aws:iam::210987654321:role/PantherAuditRole');
  await form.getByLabel('External ID').fill('e2e-external-id');
  await form.getByLabel('Regions').fill('us-east-1, eu-west-1');
  await form.getByLabel('Scan interval (minutes)').fill('60');
  t.same(await unlabelled(w.page), []);
  await form.getByRole('button', { name: 'Save' }).click();
  const row = w.page.getByTestId('accounts-table').locator('tr', { hasText: 'E2E security tooling' });
  await row.waitFor();
  t.match(await row.innerText(), /210987654321\s+arn:aws:iam::210987654321:role\/PantherAuditRole\s+us-east-1, eu-west-1\s+60/);
  const stored = await world.api<{ accountId: string; label: string; externalId?: string; regions?: string[]; scanIntervalMinutes?: number }>('/api/cloud-accounts/210987654321');
  t.equal(stored.status, 200);
  t.match(stored.body, { accountId: '210987654321', label: 'E2E security tooling', externalId: 'e2e-external-id', regions: ['us-east-1', 'eu-west-1'], scanIntervalMinutes: 60 });
  await screenshot(w.page, 'cloud-accounts');
  t.same(await headingProblems(w.page), [], 'headings in order');
  t.same(w.errors, []);
});

interface PolicyRow {
  policyId: string;
  displayName?: string;
  pass: number;
  fail: number;
  error: number;
}

t.test("Cloud Security shows the fixture's compliance and a policy's failing resources", async (t) => {
  const overview = await world.api<{ totals: { pass: number; fail: number; error: number }; byAccount: Array<{ accountId: string }> }>('/api/compliance/overview');
  const { pass, fail, error } = overview.body.totals;
  t.ok(pass > 0 && fail > 0, `the fixture scan recorded results (${pass} pass, ${fail} fail)`);

  const w = await signedIn(t, '#/cloud');
  const totals = w.page.getByTestId('compliance-totals');
  await totals.waitFor();
  t.equal(await totals.innerText(), `${pass} pass · ${fail} fail · ${error} error`, 'the totals of the API');
  t.equal(overview.body.byAccount.length, 2, 'the fixture has two accounts');
  for (const a of overview.body.byAccount) t.match(await w.page.getByTestId('cloud-page').innerText(), a.accountId, `account ${a.accountId} shown`);
  t.same(await headingProblems(w.page), [], 'headings in order');
  await screenshot(w.page, 'cloud-security');

  // The policy with the most failures: its page lists exactly its failing resources.
  const policies = (await world.api<{ items: PolicyRow[] }>('/api/compliance/policies')).body.items;
  const worst = [...policies].sort((a, b) => b.fail - a.fail || a.policyId.localeCompare(b.policyId))[0];
  if (worst === undefined || worst.fail === 0) throw new Error('no failing policy in the fixture');
  await w.page.getByRole('link', { name: 'Policies' }).click();
  const table = w.page.getByTestId('policies-table');
  await table.waitFor();
  t.equal(await table.locator('tbody tr').count(), policies.length, 'one row per policy');
  await screenshot(w.page, 'cloud-policies');
  await table.getByRole('link', { name: worst.displayName ?? worst.policyId, exact: true }).click();
  await w.page.getByTestId('policy-title').waitFor();
  t.match(await w.page.getByTestId('policy-counts').innerText(), `${worst.pass} pass · ${worst.fail} fail`);
  const filtered = w.page.waitForResponse((r) => r.url().includes(`/api/compliance/policies/${encodeURIComponent(worst.policyId)}?status=FAIL`));
  await w.page.getByLabel('Status').selectOption('FAIL');
  await filtered;
  const failing = (await world.api<{ items: Array<{ resourceId: string; status: string }> }>(`/api/compliance/policies/${encodeURIComponent(worst.policyId)}?status=FAIL&limit=50`)).body.items;
  t.equal(failing.length, Math.min(50, worst.fail));
  const entries = w.page.getByTestId('compliance-entries');
  // The list of every status is replaced by the failing ones (no sleep: wait for the other rows to go).
  await entries.locator('tbody tr td:nth-child(2)', { hasNotText: 'FAIL' }).first().waitFor({ state: 'detached' });
  await entries.locator('tbody tr').nth(failing.length).waitFor({ state: 'detached' });
  t.same(await entries.locator('tbody tr td:nth-child(2)').allInnerTexts(), failing.map(() => 'FAIL'), 'only failures');
  t.same(new Set(await entries.locator('tbody tr td:first-child').allInnerTexts()), new Set(failing.map((e) => e.resourceId)), 'the failing resources of the API');
  t.same(await headingProblems(w.page), [], 'headings in order');
  t.same(await unlabelled(w.page), [], 'labelled fields and buttons');
  await screenshot(w.page, 'cloud-policy-failing');

  // A failing resource's own page lists the policies it fails.
  const first = failing[0];
  if (first === undefined) throw new Error('unreachable');
  await entries.getByRole('link', { name: first.resourceId, exact: true }).click();
  await w.page.locator('main h2 code', { hasText: first.resourceId }).waitFor();
  await w.page.getByTestId('compliance-entries').locator('tr', { hasText: worst.policyId }).waitFor();
  t.match(await w.page.getByTestId('compliance-entries').locator('tr', { hasText: worst.policyId }).innerText(), 'FAIL');
  t.same(w.errors, []);
  t.same(w.cspViolations, []);
});

t.test('the Users page shows the local user and says users are managed in Cognito on AWS', async (t) => {
  const w = await signedIn(t, '#/users');
  const note = w.page.getByTestId('users-local-note');
  await note.waitFor();
  t.match(await note.innerText(), 'Users are managed in Cognito on AWS');
  const rows = w.page.getByTestId('users-page').locator('tbody tr');
  await rows.first().waitFor();
  t.equal(await rows.count(), 1, 'one user');
  t.match(await rows.first().innerText(), /^local\s+LOCAL\s+yes/);
  t.equal(await w.page.getByRole('button', { name: /Invite|Delete/ }).count(), 0, 'nothing to invite or delete locally');
  t.same(await headingProblems(w.page), [], 'headings in order');
  await screenshot(w.page, 'users');
  t.same(w.errors, []);
});

t.test('a detection whose id is `new` has its own page beside the new-detection editor', async (t) => {
  const yaml = ['AnalysisType: rule', 'RuleID: new', 'DisplayName: A rule called new', 'Enabled: true', 'Severity: Low', 'LogTypes:', '  - AWS.CloudTrail', 'Filename: new.py', ''].join('\n');
  const body = "def rule(event):\n    return event.get('eventName') == 'new'\n";
  const created = await world.api<{ id: string }>('/api/detections', { method: 'POST', body: { yaml, body, language: 'python' } });
  t.equal(created.status, 201, JSON.stringify(created.body));

  const w = await signedIn(t, '#/detections?q=new');
  await w.page.getByTestId('detections-table').getByRole('link', { name: 'new', exact: true }).click();
  await w.page.waitForURL(/#\/detections\/id\/new$/);
  await w.page.getByRole('heading', { level: 1, name: 'new', exact: true }).waitFor();
  // The editor shows the saved YAML, not the new-detection template.
  await w.page.getByTestId('yaml-editor').getByText('DisplayName: A rule called new').waitFor();
  t.match((await w.page.getByTestId('yaml-editor').locator('.cm-line').allTextContents()).join('\n'), 'DisplayName: A rule called new', 'the saved detection is loaded');
  t.equal(await w.page.getByRole('button', { name: 'Delete' }).count(), 1);
  t.same(await headingProblems(w.page), [], 'headings in order');
  t.same(await unlabelled(w.page), [], 'labelled fields and buttons');

  // The "New detection" button still opens an empty editor.
  await w.page.goto(`${world.origin}/#/detections`);
  await w.page.getByRole('link', { name: 'New detection' }).click();
  await w.page.waitForURL(/#\/detections\/new$/);
  await w.page.getByRole('heading', { level: 1, name: 'New detection' }).waitFor();
  t.equal(await w.page.getByRole('button', { name: 'Delete' }).count(), 0, 'nothing to delete in a new detection');
  t.notMatch((await w.page.getByTestId('yaml-editor').locator('.cm-line').allTextContents()).join('\n'), 'A rule called new');

  // Deleting `new` from its page.
  await w.page.goto(`${world.origin}/#/detections/id/new`);
  await w.page.getByRole('heading', { level: 1, name: 'new', exact: true }).waitFor();
  w.dialogAnswer = 'accept';
  await w.page.getByRole('button', { name: 'Delete' }).click();
  await w.page.waitForURL(/#\/detections$/);
  t.equal((await world.api('/api/detections/new')).status, 404, 'deleted');
  t.same(w.errors, []);
});

t.test('the server logged no unexpected errors meanwhile', async (t) => {
  t.same(world.serverLog.filter((l) => /^(GET|POST|PUT|PATCH|DELETE|HEAD) \//.test(l)), []);
});
