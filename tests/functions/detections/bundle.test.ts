// The packaged pack works where the function runs: bundled by the same bundler with the same
// included folders, and run by plain Node without a TypeScript loader.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFunction } from '../../../stacks/constructs/bundle.js';
import { BUILTIN_PACK, PACK_FOLDER, stagePack } from '../../../stacks/detections.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import { rootLogin } from '../../helpers/cloudtrail.js';

const work = mkdtempSync(join(tmpdir(), 'panther-detections-bundle-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const staged = stagePack(BUILTIN_PACK, join(work, 'packs'));
// As stacks/detections.ts packages it: the pack only (TypeScript is compiled by the bundled sucrase, see bundle-runtime.test.ts).
const include = [{ dir: staged.packDir, as: PACK_FOLDER }];

t.test('the staged pack: flat, every detection of the source pack, no errors; staging is deterministic', async (t) => {
  t.ok(readdirSync(staged.packDir).every((n) => !n.includes('/')));
  const [a, b] = await Promise.all([loadAnalysisDir(BUILTIN_PACK), loadAnalysisDir(staged.packDir)]);
  t.same(b.errors, []);
  t.same(b.items.map((i) => i.id).sort(), a.items.map((i) => i.id).sort());
  t.ok(b.items.length >= 40);
  t.equal(stagePack(BUILTIN_PACK, join(work, 'packs')).hash, staged.hash);
});

t.test('the detections function bundles with the pack and the TypeScript compiler, without esbuild', async (t) => {
  const bundle = bundleFunction('detections', { outRoot: join(work, 'lambda'), include });
  t.ok(existsSync(join(bundle.dir, 'index.mjs')));
  t.ok(existsSync(join(bundle.dir, PACK_FOLDER, 'package.json')));
  t.ok(existsSync(join(bundle.dir, 'sucrase.mjs')));
  t.notOk(existsSync(join(bundle.dir, 'node_modules')));
  t.ok(readdirSync(join(bundle.dir, PACK_FOLDER)).some((n) => n.startsWith('rules__aws_cloudtrail_rules__') && n.endsWith('.ts')));
});

t.test('plain Node loads the packaged pack from a bundle and runs a rule', async (t) => {
  const functionsDir = fileURLToPath(new URL('./fixtures', import.meta.url));
  const probe = bundleFunction('pack-probe', { outRoot: join(work, 'lambda'), functionsDir, include });
  const event = { ...(JSON.parse(rootLogin) as Record<string, unknown>), p_log_type: 'AWS.CloudTrail' };
  const script = `const m = await import(${JSON.stringify(pathToFileURL(probe.file).href)}); process.stdout.write(JSON.stringify(await m.handler(${JSON.stringify(event)})));`;
  // No TypeScript loader: the test runner's NODE_OPTIONS are not passed on.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: work, env, encoding: 'utf8', timeout: 60_000 });
  const r = JSON.parse(out) as { items: number; errors: number; matched: unknown; title: unknown };
  t.equal(r.errors, 0);
  t.ok(r.items >= 40);
  t.equal(r.matched, true, 'the root login matches the packaged root rule');
  t.match(r.title, /root/i);
});
