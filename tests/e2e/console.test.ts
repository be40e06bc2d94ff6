// The console in a real browser (Debian's chromium through playwright-core) against the real local
// server over a lake with the shipped samples, the built-in detections' alerts, and one CloudTrail
// event whose fields carry HTML/script payloads.
import t from 'tap';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Alert } from '../../detections/types.js';
import { openPage, screenshot, startConsoleWorld, type ConsoleWorld } from '../helpers/browser.js';
import { editorText, paste, setEditor, signedInPage } from './fixtures/console-page.js';

const XSS_FILE = fileURLToPath(new URL('./fixtures/AWS.CloudTrail.xss.jsonl', import.meta.url));
const XSS_EVENT_NAME = '<img src=x onerror="window.__xss=1">';
const XSS_USER_AGENT = '<script>window.__xss=2</script>';

// A build, a lake, a server and a browser: on a busy 2-core machine this file may need more than
// the runner's default per-file timeout (it takes well under a minute on an idle one).
t.setTimeout(240_000);

let world: ConsoleWorld;
t.before(async () => {
  world = await startConsoleWorld({ extraFiles: [XSS_FILE] });
});
t.teardown(async () => {
  await world?.close();
});

t.test('without a token the console asks for one and the API answers 401', async (t) => {
  const w = await openPage(world);
  t.teardown(() => w.context.close());
  await w.page.goto(`${world.origin}/`);
  const signIn = w.page.getByTestId('sign-in');
  await signIn.waitFor();
  t.match(await signIn.innerText(), /A token is required/);
  t.equal(await w.page.locator('nav a[href="#/alerts"]').count(), 0, 'no navigation before signing in');
  // A wrong token pasted into the form is refused by the API: the console stays on the sign-in screen and says why.
  await w.page.locator('input[name=token]').fill('not-the-token');
  await w.page.getByRole('button', { name: 'Continue' }).click();
  await w.page.getByText('The session ended or the token was not accepted').waitFor();
  t.equal(await w.page.getByTestId('sign-in').count(), 1);
  await screenshot(w.page, 'sign-in');
  const res = await fetch(`${world.origin}/api/alerts`);
  t.equal(res.status, 401);
  t.same(w.errors, [], 'no page errors');
});

t.test('with the token: the overview, then the alerts of the sample data', async (t) => {
  const w = await signedInPage(t, world);
  t.notMatch(w.page.url(), /token/, 'the token left the address bar');
  t.equal(await w.page.evaluate('sessionStorage.getItem("panther.token")'), world.token, 'kept for this tab');
  await w.page.locator('canvas').first().waitFor();
  t.ok((await w.page.locator('canvas').count()) >= 2, 'charts drawn');
  await screenshot(w.page, 'overview');

  await w.page.locator('nav a[href="#/alerts"]').click();
  const table = w.page.getByTestId('alerts-table');
  await table.waitFor();
  const text = await table.innerText();
  t.match(text, 'Root user of account 111122223333 called ConsoleLogin from 203.0.113.77', 'the sample root login alert');
  t.match(text, 'AWS.CloudTrail.RootAccountUsed');
  const api = await world.api<{ items: Alert[] }>('/api/alerts?limit=100');
  t.equal(await table.locator('tbody tr').count(), Math.min(25, api.body.items.length), 'one row per alert of the first page');
  await screenshot(w.page, 'alerts');

  // The severity filter goes to the API and into the URL.
  await w.page.locator('select[name=severity]').selectOption('HIGH');
  await w.page.waitForURL(/severity=HIGH/);
  const high = api.body.items.filter((a) => a.severity === 'HIGH');
  t.ok(high.length > 0 && high.length < api.body.items.length, 'the samples have HIGH and other alerts');
  // (No waitForFunction: it evaluates a string in the page, which the console's CSP forbids.)
  await w.page.locator('[data-testid=alerts-table] tbody tr').nth(high.length).waitFor({ state: 'detached' });
  t.equal(await w.page.locator('[data-testid=alerts-table] tbody tr').count(), high.length);
  const shown = await w.page.locator('[data-testid=alerts-table] tbody tr td:nth-child(2)').allInnerTexts();
  t.same(new Set(shown), new Set(['HIGH']), 'only HIGH alerts');
  t.same(w.errors, []);
  t.same(w.cspViolations, [], 'nothing blocked by the CSP');
});

t.test('an alert: its fields and events, and a status change the API confirms', async (t) => {
  const list = await world.api<{ items: Alert[] }>('/api/alerts?ruleId=AWS.CloudTrail.RootAccountUsed');
  const alert = list.body.items.find((a) => a.title.includes('111122223333'));
  if (alert === undefined) throw new Error('the sample root login alert is missing');
  t.equal(alert.status, 'OPEN');
  const w = await signedInPage(t, world, '#/alerts?ruleId=AWS.CloudTrail.RootAccountUsed');
  await w.page.getByRole('link', { name: alert.title }).click();
  await w.page.getByTestId('alert-detail').waitFor();
  t.equal(await w.page.getByTestId('alert-title').innerText(), alert.title);
  const events = w.page.getByTestId('alert-events');
  await events.waitFor();
  t.match(await events.innerText(), '203.0.113.77', 'the matching event is listed');
  await screenshot(w.page, 'alert-detail');

  await w.page.locator('select[name=alert-status]').selectOption('TRIAGED');
  await w.page.getByRole('button', { name: 'Update status' }).click();
  await w.page.getByText('Status set to TRIAGED.').waitFor();
  const after = await world.api<{ alert: Alert }>(`/api/alerts/${encodeURIComponent(alert.alertId)}`);
  t.equal(after.body.alert.status, 'TRIAGED', 'the API has the new status');
  t.same(w.errors, []);
});

t.test('the detection editor runs the tests of an unsaved rule', async (t) => {
  const w = await signedInPage(t, world, '#/detections/new');
  await w.page.getByTestId('detection-editor').waitFor();
  // TypeScript: its tests run in a worker in about a second (a Python run boots the embedded interpreter first).
  await w.page.locator('select[name=language]').selectOption('typescript');
  const yaml = [
    'AnalysisType: rule',
    'RuleID: E2E.ConsoleLoginWithoutMFA',
    'DisplayName: Console login without MFA',
    'Enabled: true',
    'Severity: Medium',
    'LogTypes:',
    '  - AWS.CloudTrail',
    'Filename: e2e_console_login_without_mfa.ts',
    'Tests:',
    '  - Name: Login without MFA',
    '    ExpectedResult: true',
    '    Log:',
    '      eventName: ConsoleLogin',
    '      additionalEventData:',
    '        MFAUsed: "No"',
    '  - Name: Login with MFA',
    '    ExpectedResult: false',
    '    Log:',
    '      eventName: ConsoleLogin',
    '      additionalEventData:',
    '        MFAUsed: "Yes"',
    '',
  ].join('\n');
  const body = [
    'export function rule(event: any): boolean {',
    "  return event.get('eventName') === 'ConsoleLogin' && event.deepGet('additionalEventData', 'MFAUsed') === 'No';",
    '}',
    '',
    'export function title(): string {',
    "  return 'Console login without MFA';",
    '}',
    '',
  ].join('\n');
  await setEditor(w.page, 'yaml-editor', yaml);
  await setEditor(w.page, 'body-editor', body);
  t.equal(await editorText(w.page, 'yaml-editor'), yaml, 'the YAML as pasted');
  t.equal(await editorText(w.page, 'body-editor'), body, 'the body as pasted (no auto-indent, no bracket closing)');
  // Undo brings the template back, redo the pasted body.
  await w.page.keyboard.press('Control+z');
  t.match(await editorText(w.page, 'body-editor'), 'Root console login from', 'undo');
  await w.page.keyboard.press('Control+Shift+z');
  t.equal(await editorText(w.page, 'body-editor'), body, 'redo');
  await w.page.getByTestId('run-tests').click();
  const results = w.page.getByTestId('test-results');
  await results.waitFor({ timeout: 60_000 });
  const text = await results.innerText();
  t.match(text, 'Tests: 2 passed, 0 failed');
  t.match(text, '[PASS] Login without MFA');
  t.match(text, '[PASS] Login with MFA');
  t.notMatch(text, '[FAIL]');
  await screenshot(w.page, 'detection-editor');

  // Save: the new detection gets its own page and the API has it, body and all.
  await w.page.getByRole('button', { name: 'Save' }).click();
  await w.page.waitForURL(/#\/detections\/id\/E2E\.ConsoleLoginWithoutMFA$/);
  await w.page.getByRole('heading', { name: 'E2E.ConsoleLoginWithoutMFA' }).waitFor();
  const saved = await world.api<{ builtin: boolean; language: string; body: string }>('/api/detections/E2E.ConsoleLoginWithoutMFA');
  t.equal(saved.status, 200);
  t.match(saved.body, { builtin: false, language: 'typescript', body });
  await w.page.getByTestId('body-editor').locator('.cm-line').first().waitFor();
  t.equal(await editorText(w.page, 'body-editor'), body, 'the saved body is loaded back');

  // A wrong expectation shows as [FAIL].
  await setEditor(w.page, 'yaml-editor', yaml.replace('ExpectedResult: false', 'ExpectedResult: true'));
  await w.page.getByTestId('run-tests').click();
  await w.page.getByText('Tests: 1 passed, 1 failed').waitFor({ timeout: 60_000 });
  t.match(await w.page.getByTestId('test-results').innerText(), '[FAIL] Login with MFA');
  t.same(w.errors, []);
  t.same(w.cspViolations, [], 'the editor runs under the CSP');
});

t.test("the code editors use CodeMirror's own keymap: indentation, undo and redo", async (t) => {
  const w = await signedInPage(t, world, '#/detections/new');
  await w.page.getByTestId('detection-editor').waitFor();
  await setEditor(w.page, 'body-editor', 'def rule(event):');
  // The cursor ends after the pasted text: Enter opens the function's body, indented by the language
  // (once the parser has seen the line, which it does in slices: wait for its highlighted tokens).
  await w.page.locator('[data-testid=body-editor] .cm-line span').first().waitFor();
  await w.page.keyboard.press('Enter');
  await paste(w.page, 'body-editor', 'return True');
  t.equal(await editorText(w.page, 'body-editor'), 'def rule(event):\n    return True', 'Enter indents a Python block');
  // Home goes to the end of the indentation; Shift-Tab dedents, Tab indents (indentWithTab).
  await w.page.keyboard.press('Home');
  await w.page.keyboard.press('Shift+Tab');
  t.equal(await editorText(w.page, 'body-editor'), 'def rule(event):\nreturn True', 'Shift-Tab dedents');
  await w.page.keyboard.press('Tab');
  t.equal(await editorText(w.page, 'body-editor'), 'def rule(event):\n    return True', 'Tab indents the line');
  t.match(await w.page.evaluate("document.querySelector('[data-testid=body-editor]').shadowRoot.activeElement?.className ?? ''"), /\bcm-content\b/, 'Tab kept the focus in the editor');
  await w.page.keyboard.press('Control+z');
  t.equal(await editorText(w.page, 'body-editor'), 'def rule(event):\nreturn True', 'undo takes back the indent');
  await w.page.keyboard.press('Control+y');
  t.equal(await editorText(w.page, 'body-editor'), 'def rule(event):\n    return True', 'redo (Ctrl-Y) puts it back');
  // Ctrl-A selects the whole document, not only the lines on screen.
  await w.page.keyboard.press('Control+a');
  await w.page.keyboard.press('Delete');
  t.equal(await editorText(w.page, 'body-editor'), '', 'select all, then Delete empties the document');
  t.same(w.errors, []);
  t.same(w.cspViolations, []);
});

t.test('the Data Explorer runs SQL over the lake and lists the tables', async (t) => {
  const w = await signedInPage(t, world);
  await w.page.locator('nav a[href="#/data"]').click();
  const logs = w.page.getByTestId('tables-panther_logs');
  await logs.waitFor();
  t.match(await logs.innerText(), 'aws_cloudtrail');
  const sql = "SELECT eventName, sourceIPAddress FROM panther_logs.aws_cloudtrail WHERE eventName = 'ConsoleLogin' ORDER BY sourceIPAddress";
  await setEditor(w.page, 'sql-editor', sql);
  await w.page.getByTestId('run-query').click();
  const results = w.page.getByTestId('query-results');
  await results.waitFor();
  const rows = results.locator('tbody tr');
  const expected = await world.api<{ id: string }>('/api/queries', { method: 'POST', body: { sql } });
  let job: { state: string; result?: { rows: unknown[] } } = { state: 'RUNNING' };
  while (job.state === 'RUNNING') job = (await world.api<typeof job>(`/api/queries/${expected.body.id}`)).body;
  t.equal(job.state, 'SUCCEEDED');
  t.ok((job.result?.rows.length ?? 0) > 0, 'the samples have console logins');
  t.equal(await rows.count(), job.result?.rows.length, 'every row shown');
  t.match(await results.innerText(), '203.0.113.77');
  t.match(await w.page.getByTestId('query-state').innerText(), /SUCCEEDED · \d+ row\(s\)/);
  await screenshot(w.page, 'data-explorer');
  t.same(w.errors, []);
});

t.test('HTML and script in event fields render as text and run nothing', async (t) => {
  const list = await world.api<{ items: Alert[] }>('/api/alerts?ruleId=AWS.CloudTrail.RootAccountUsed');
  const alert = list.body.items.find((a) => a.title.includes('444455556666'));
  if (alert === undefined) throw new Error('the payload event raised no alert');
  t.match(alert.title, XSS_EVENT_NAME, 'the payload is in the alert title');

  const w = await signedInPage(t, world, '#/alerts');
  await w.page.getByTestId('alerts-table').waitFor();
  t.match(await w.page.getByTestId('alerts-table').innerText(), XSS_EVENT_NAME, 'the alert list shows the payload as text');

  await w.page.goto(`${world.origin}/#/alerts/${encodeURIComponent(alert.alertId)}`);
  await w.page.getByTestId('alert-events').waitFor();
  t.equal(await w.page.getByTestId('alert-title').innerText(), alert.title);
  const events = await w.page.getByTestId('alert-events').innerText();
  t.match(events, XSS_EVENT_NAME);
  t.match(events, XSS_USER_AGENT);
  await screenshot(w.page, 'xss-alert-detail');

  await w.page.goto(`${world.origin}/#/data`);
  await setEditor(w.page, 'sql-editor', "SELECT eventName, userAgent FROM panther_logs.aws_cloudtrail WHERE recipientAccountId = '444455556666'");
  await w.page.getByTestId('run-query').click();
  await w.page.getByTestId('query-results').waitFor();
  const rows = await w.page.getByTestId('query-results').innerText();
  t.match(rows, XSS_EVENT_NAME);
  t.match(rows, XSS_USER_AGENT);

  t.equal(await w.page.locator('img[src=x]').count(), 0, 'no <img> element from the payload');
  t.equal(await w.page.locator('#root script').count(), 0, 'no <script> element from the payload');
  t.equal(await w.page.evaluate('typeof window.__xss'), 'undefined', 'no payload ran');
  t.same(w.dialogs, [], 'no dialog opened');
  t.same(w.errors, []);
});

t.test('a webhook destination: added in the form, a test alert and a resend reach a real local server', async (t) => {
  const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => hook.close(() => r())));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;

  const w = await signedInPage(t, world, '#/destinations');
  await w.page.getByRole('button', { name: 'Add a destination' }).click();
  await w.page.locator('input[name=name]').fill('E2E hook');
  await w.page.locator('select[name=type]').selectOption('webhook');
  await w.page.locator('textarea[name=secrets]').fill(JSON.stringify({ url: hookUrl, headers: { authorization: 'Bearer hook-secret' } }));
  await w.page.getByRole('button', { name: 'Save' }).click();
  const row = w.page.getByTestId('destinations-table').locator('tr', { hasText: 'E2E hook' });
  await row.waitFor();
  t.match(await row.innerText(), /webhook\s+HIGH, CRITICAL/);
  const stored = await world.api<{ items: Array<{ name: string; secrets: Record<string, unknown> }> }>('/api/destinations');
  const dest = stored.body.items.find((d) => d.name === 'E2E hook');
  t.equal(dest?.secrets.url, '<redacted>', 'the API never shows the secret again');
  t.notMatch(await w.page.content(), 'hook-secret', 'nor does the page');

  await row.getByRole('button', { name: 'Send test' }).click();
  await row.getByText('delivered (HTTP 200)').waitFor();
  t.equal(received.length, 1, 'the test alert arrived');
  t.equal(received[0]?.url, '/hook');
  t.equal(received[0]?.headers.authorization, 'Bearer hook-secret', 'with the secret header');
  await screenshot(w.page, 'destinations');

  // A HIGH alert goes to destinations that default to HIGH: resending it reaches the hook again.
  const alerts = await world.api<{ items: Alert[] }>('/api/alerts?ruleId=AWS.CloudTrail.RootAccountUsed');
  const alert = alerts.body.items.find((a) => a.title.includes('111122223333'));
  if (alert === undefined) throw new Error('the sample root login alert is missing');
  await w.page.goto(`${world.origin}/#/alerts/${encodeURIComponent(alert.alertId)}`);
  await w.page.getByRole('button', { name: 'Resend to destinations' }).click();
  const results = w.page.getByTestId('resend-results');
  await results.waitFor();
  t.match(await results.innerText(), 'E2E hook: sent (HTTP 200)');
  t.equal(received.length, 2);
  t.match(received[1]?.body, alert.title, 'the alert itself was sent');
  t.same(w.errors, []);
});

t.test('screenshots of the other pages (console-config.test.ts takes those of the configuration and cloud pages)', async (t) => {
  const w = await signedInPage(t, world);
  for (const [hash, testId, name] of [
    ['#/detections', 'detections-table', 'detections'],
    ['#/settings', 'settings-page', 'settings'],
  ] as const) {
    await w.page.goto(`${world.origin}/${hash}`);
    await w.page.getByTestId(testId).waitFor();
    await w.page.waitForLoadState('networkidle');
    t.equal(await w.page.locator('.error').count(), 0, `${name}: no error shown`);
    await screenshot(w.page, name);
  }
  t.match(await w.page.getByTestId('settings-page').innerText(), /duckdb/);
  t.same(w.errors, []);
  t.same(w.cspViolations, []);
});

t.test('the server logged no unexpected errors meanwhile', async (t) => {
  // The app logs a request that failed unexpectedly (a 500) as "<METHOD> <path>: <error>".
  t.same(world.serverLog.filter((l) => /^(GET|POST|PUT|PATCH|DELETE|HEAD) \//.test(l)), []);
});
