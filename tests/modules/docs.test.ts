import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildModules, committedDocs } from '../../modules/index.js';
import { exampleProblems, moduleExample, moduleReadme } from '../../modules/lib/docs.js';
import { moduleJson } from '../../modules/lib/module-stack.js';
import { AuditRoleModule } from '../../modules/audit-role/index.js';
import { ROOT } from '../helpers/cli.js';

t.test('committed module READMEs, examples and index are generated and current', async (t) => {
  const docs = committedDocs();
  t.equal(docs.size, 1 + 2 * buildModules().length);
  for (const [path, content] of docs) t.equal(readFileSync(join(ROOT, path), 'utf8'), content, `${path} is current: run \`node bin/run-ts.js modules/write-docs.ts\``);
});

t.test('each README lists every input with its type and default, and every output', async (t) => {
  for (const m of buildModules()) {
    const tf = moduleJson(m);
    const readme = moduleReadme(m, `./${m.moduleName}`);
    for (const [name, v] of Object.entries(tf.variable ?? {})) {
      const def = 'default' in v ? `\`${JSON.stringify(v.default)}\`` : 'required';
      t.match(readme, `| \`${name}\` | \`${v.type}\` | ${def} |`, `${m.moduleName}: input ${name}`);
    }
    for (const name of Object.keys(tf.output ?? {})) t.match(readme, `| \`${name}\` |`, `${m.moduleName}: output ${name}`);
    t.match(readme, `source `, 'has the usage example');
  }
});

t.test('the example sets every required input and nothing else', async (t) => {
  for (const m of buildModules()) {
    t.same(exampleProblems(m), [], m.moduleName);
    const hcl = moduleExample(m, '..');
    for (const [k, v] of Object.entries(m.exampleInputs)) t.match(hcl, new RegExp(`\\n  ${k} +=\\s${JSON.stringify(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`), `${m.moduleName}: ${k}`);
  }
  // A module whose example misses a required input, or names an unknown one, is refused.
  class Broken extends AuditRoleModule {
    override readonly exampleInputs = { scanner_role_arn: 'x', nope: 'y' };
  }
  const broken = new Broken(Testing.app());
  t.same(exampleProblems(broken), ['required variable external_id is missing from the example', 'example input nope is not a variable']);
  t.throws(() => moduleExample(broken, '..'), /external_id is missing/);
});
