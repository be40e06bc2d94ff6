import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { lakeRows } from '../helpers/lake.js';
import { panther, ROOT } from '../helpers/cli.js';

const EX = join(ROOT, 'schemas', 'examples');

t.test('schema test shows each line and fails when one does not match', async (t) => {
  const ok = panther(['schema', 'test', join(EX, 'Custom.WebAccess.yml'), join(EX, 'samples', 'Custom.WebAccess.log')]);
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /^line 1: ok \{"remote_ip":"192\.0\.2\.10"/m);
  t.match(ok.stderr, 'Custom.WebAccess: 3 matched, 0 did not');
  const dir = mkdtempSync(join(tmpdir(), 'schema-'));
  writeFileSync(join(dir, 'mixed.log'), '192.0.2.10 - frank [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5 4ms "10.0.3.7:8080"\n\ngarbage\n');
  const bad = panther(['schema', 'test', '--json', join(EX, 'Custom.WebAccess.yml'), join(dir, 'mixed.log')]);
  t.equal(bad.status, 1);
  const rows = bad.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; ok: boolean; reason?: string });
  t.same(rows.map((r) => [r.line, r.ok]), [[1, true], [3, false]]);
  t.match(rows[1]?.reason, /expected " " after %\{remote_ip\}/);
  const broken = join(dir, 'broken.yml');
  writeFileSync(broken, 'schema: Custom.Broken\nfields:\n  - name: a\n    type: nope\n');
  const err = panther(['schema', 'test', broken, join(dir, 'mixed.log')]);
  t.equal(err.status, 1);
  t.match(err.stderr, `panther: ${broken}:4: fields[0].type: Invalid option`);
});

t.test('schema infer prints a schema that schema test accepts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-'));
  const sample = join(dir, 'app.jsonl');
  writeFileSync(sample, '{"at": "2024-05-06T07:08:09Z", "user": "alice", "n": 1}\n{"at": "2024-05-06T07:08:10Z", "user": "bob"}\n');
  const r = panther(['schema', 'infer', '--name', 'Custom.App', sample]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^schema: Custom\.App$/m);
  t.match(r.stdout, /isEventTime: true/);
  writeFileSync(join(dir, 'app.yml'), r.stdout);
  const check = panther(['schema', 'test', join(dir, 'app.yml'), sample]);
  t.equal(check.status, 0, check.stderr);
  t.match(check.stderr, '2 matched, 0 did not');
});

t.test('process and logtypes load a schema directory', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'lake-'));
  const r = panther(['process', '--json', '--quiet', '--schemas', EX, '--lake', lake, join(EX, 'samples')]);
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { classified: Record<string, number>; unclassified: number; headers: number };
  t.same(out.classified, { 'Custom.AppAudit': 3, 'Custom.AppLog': 3, 'Custom.Inventory': 3, 'Custom.WebAccess': 3 });
  t.equal(out.unclassified, 0);
  t.equal(out.headers, 1);
  const rows = await lakeRows(new DirObjectStore(lake), 'logs/custom_webaccess/');
  t.equal(rows.length, 3);
  const lt = panther(['logtypes', '--json', '--schemas', EX]);
  const names = (JSON.parse(lt.stdout) as Array<{ name: string }>).map((l) => l.name);
  t.ok(names.includes('Custom.AppLog') && names.includes('AWS.CloudTrail'));
  const missing = panther(['logtypes', '--schemas', join(lake, 'nope')]);
  t.equal(missing.status, 1);
  t.match(missing.stderr, /cannot read the schema directory/);
});
