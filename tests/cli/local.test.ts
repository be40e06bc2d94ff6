import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles } from '../../parsers/samples.js';
import { childEnv } from '../helpers/child-env.js';
import { panther, ROOT } from '../helpers/cli.js';
import { lakeKeys } from '../helpers/lake.js';

t.test('local mode (npm start) ingests every shipped sample into the lake and says so', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-local-'));
  const r = panther(['local', '--quiet', '--no-serve', '--no-scan', '--lake', lake]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, `Local mode: embedded object store at ${lake}`);
  t.match(r.stdout, `Ingesting ${sampleFiles().length} sample file(s) of ${builtinLogTypes.length} log types`);
  t.match(r.stdout, /unclassified\s+0\n/);
  t.equal(r.stderr, '', 'no warnings on the shipped samples');
  const keys = await lakeKeys(new DirObjectStore(lake));
  for (const lt of builtinLogTypes) {
    t.match(r.stdout, new RegExp(`${lt.name.replace('.', '\\.')}\\s+\\d+`), `${lt.name} in the summary`);
    t.ok(keys.some((k) => k.startsWith(`logs/${lt.table}/year=`)), `${lt.table} has lake files`);
  }
  t.notOk(keys.some((k) => k.startsWith('logs/unclassified/')), 'nothing unclassified');

  // The detection stage ran on the samples: the sample CloudTrail has a root console login.
  t.match(r.stdout, /Detections: 50 rule\(s\) over \d+ event\(s\): [1-9]\d* match\(es\), 0 rule error\(s\), [1-9]\d* alert\(s\) opened\./);
  t.match(r.stdout, /AWS\.CloudTrail\.RootAccountUsed\s+1 match\(es\)/);
  t.match(r.stdout, `npx panther alerts --lake ${lake}`);
  // Every scheduled query of the pack ran once over the samples.
  t.match(r.stdout, /Scheduled: [1-9]\d* enabled query\(ies\), [1-9]\d* rule\(s\); [1-9]\d* due\./);
  t.notMatch(r.stdout, /Console: http/, '--no-serve: nothing served');
  const alerts = JSON.parse(panther(['alerts', '--json', '--lake', lake]).stdout) as Array<{ ruleId: string; eventCount: number }>;
  t.match(alerts.find((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed'), { eventCount: 1 });

  const again = panther(['local', '--quiet', '--no-serve', '--no-scan', '--lake', lake]);
  t.equal(again.status, 0);
  t.same(await lakeKeys(new DirObjectStore(lake)), keys, 'a second run replaces the same files');
  // The alert state persists in the lake: the second run counts into the same dedup window.
  const after = JSON.parse(panther(['alerts', '--json', '--lake', lake]).stdout) as Array<{ ruleId: string; eventCount: number }>;
  t.equal(after.length, alerts.length, 'no duplicate alerts');
  t.match(after.find((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed'), { eventCount: 2 });
  const skip = panther(['local', '--quiet', '--no-serve', '--no-scan', '--no-detections', '--lake', lake]);
  t.notMatch(skip.stdout, /Detections:/);
});

t.test('npm start serves the console and the API on loopback with a random token, with compliance from the fixture scan', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-serve-'));
  const child = spawn(process.execPath, [`${ROOT}/bin/panther.js`, 'local', '--quiet', '--lake', lake, '--port', '0'], { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Console: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(stdout);
      if (m !== null) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before serving:\n${stdout}\n${stderr}`)));
  });
  const origin = new URL(url).origin;
  const token = new URL(url).hash.slice('#token='.length);
  t.ok(token.length >= 32, 'a long random token');
  t.match(stdout, /Compliance|compliance/, 'the fixture scan ran');

  const page = await fetch(`${origin}/`);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  t.match(await page.text(), /<script type="module"/);
  t.equal((await fetch(`${origin}/api/alerts`)).status, 401, 'the API needs the token');
  const auth = { authorization: `Bearer ${token}` };
  const alerts = (await (await fetch(`${origin}/api/alerts?limit=500`, { headers: auth })).json()) as { items: Array<{ type: string; ruleId: string }> };
  t.ok(alerts.items.some((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed'), 'rule alerts from the samples');
  t.ok(alerts.items.some((a) => a.type === 'POLICY'), 'policy alerts from the fixture scan');
  const overview = (await (await fetch(`${origin}/api/compliance/overview`, { headers: auth })).json()) as { totals: { pass: number; fail: number } };
  t.ok(overview.totals.fail > 0 && overview.totals.pass > 0, `compliance recorded: ${JSON.stringify(overview.totals)}`);

  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  t.equal(await exited, 0, 'Ctrl-C stops it cleanly');
});
