import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthModules } from '../../modules/index.js';

t.test('synthModules writes each module directory: main.tf.json, README.md, example/main.tf', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'modules-synth-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const dirs = synthModules(out);
  t.same(dirs.map((d) => d.slice(out.length + 1)).sort(), ['audit-role', 'deployment-role', 'log-source', 'realtime-events', 'remediation-role']);
  for (const d of dirs) {
    const tf = JSON.parse(readFileSync(join(d, 'main.tf.json'), 'utf8')) as Record<string, unknown>;
    t.same(Object.keys(tf).sort().filter((k) => !['data', 'locals'].includes(k)), ['output', 'resource', 'terraform', 'variable'], `${d}: blocks`);
    t.notOk('provider' in tf, 'no provider');
    t.match(readFileSync(join(d, 'README.md'), 'utf8'), /## Inputs/);
    t.match(readFileSync(join(d, 'example', 'main.tf'), 'utf8'), /source += "\.\."/, 'the example calls the module from its subdirectory');
    // Only main.tf.json is Terraform in the module directory: a .tf beside it would join the module.
    t.notOk(existsSync(join(d, 'example.tf')));
  }
  t.match(readFileSync(join(out, 'README.md'), 'utf8'), /\| \[audit-role\]\(audit-role\/README\.md\)/);
});
