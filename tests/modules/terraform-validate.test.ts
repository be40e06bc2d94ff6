// `terraform init && terraform validate` on an HCL example calling every module, when a terraform
// binary AND an offline copy of the AWS provider are both available (no registry access here).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModules, synthModules } from '../../modules/index.js';
import { moduleExample } from '../../modules/lib/docs.js';

function terraformOnPath(): boolean {
  const r = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  return r.status === 0 && /Terraform v\d/.test(r.stdout);
}

/** A plugin directory holding the AWS provider in the filesystem-mirror layout, if any. */
export function awsProviderMirror(env: NodeJS.ProcessEnv = process.env, home = homedir()): string | undefined {
  const candidates = [
    env.TF_PLUGIN_CACHE_DIR,
    join(home, '.terraform.d', 'plugins'),
    join(home, '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  for (const rc of [env.TF_CLI_CONFIG_FILE, join(home, '.terraformrc')]) {
    if (rc === undefined || !existsSync(rc)) continue;
    for (const m of readFileSync(rc, 'utf8').matchAll(/(?:filesystem_mirror\s*\{[^}]*?path|plugin_cache_dir)\s*=\s*"([^"]+)"/g)) candidates.push(m[1]);
  }
  return candidates.find((d): d is string => d !== undefined && d !== '' && existsSync(join(d, 'registry.terraform.io', 'hashicorp', 'aws')));
}

t.test('the guard finds a provider mirror only where one is', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'tf-home-'));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  t.equal(awsProviderMirror({}, home), undefined);
  const mirror = join(home, 'mirror');
  mkdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
  writeFileSync(join(home, '.terraformrc'), `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
  t.equal(awsProviderMirror({}, home), mirror);
});

const haveTerraform = terraformOnPath();
const mirror = awsProviderMirror();
const reason = !haveTerraform ? 'no terraform on PATH' : mirror === undefined ? 'terraform is on PATH but no offline AWS provider mirror' : false;
// Guarded by presence rather than skipped: where the tools are missing, the run says so in a comment.
t.comment(`terraform validate guard: ${reason === false ? `running with ${mirror}` : `not run: ${reason}`}`);

if (reason === false) t.test('terraform validate accepts an example calling every module', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-modules-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  synthModules(join(dir, 'modules'));
  const calls = buildModules().map((m) => moduleExample(m, `./modules/${m.moduleName}`));
  writeFileSync(join(dir, 'main.tf'), ['provider "aws" {\n  region = "us-east-1"\n}\n', ...calls].join('\n'));
  const run = (args: string[]) => spawnSync('terraform', [`-chdir=${dir}`, ...args], { encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1' } });
  const init = run(['init', '-backend=false', '-input=false', `-plugin-dir=${mirror}`]);
  t.equal(init.status, 0, init.stderr);
  const validate = run(['validate', '-json']);
  const result = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: unknown[] };
  t.same({ valid: result.valid, diagnostics: result.diagnostics }, { valid: true, diagnostics: [] });
});

// `terraform fmt` parses HCL without any provider: it checks the examples' syntax wherever terraform is.
if (haveTerraform) t.test('the HCL examples parse and are canonically formatted', async (t) => {
  for (const m of buildModules()) {
    const r = spawnSync('terraform', ['fmt', '-check', '-'], { input: moduleExample(m, '..'), encoding: 'utf8' });
    t.equal(r.status, 0, `${m.moduleName}: ${r.stderr}${r.stdout}`);
  }
  const bad = spawnSync('terraform', ['fmt', '-check', '-'], { input: 'module "x" {\n  source = \n}\n', encoding: 'utf8' });
  t.not(bad.status, 0, 'a syntax error is reported');
});
