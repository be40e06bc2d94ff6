import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logTypesReference, logTypesTable, replaceReadmeTable } from '../parsers/core/docs.js';
import { builtinLogTypes } from '../parsers/registry.js';
import { ROOT } from './helpers/cli.js';

t.test('README log type table and docs/log-types.md are generated from the declarations and current', async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  t.equal(readme, replaceReadmeTable(readme, logTypesTable(builtinLogTypes)), 'README.md is current: run `npm run docs`');
  t.equal(readFileSync(join(ROOT, 'docs', 'log-types.md'), 'utf8'), logTypesReference(builtinLogTypes), 'docs/log-types.md is current: run `npm run docs`');
  for (const lt of builtinLogTypes) t.match(readme, `| [${lt.name}](docs/log-types.md#`, `${lt.name} is in the README table`);
});

t.test('the table changes when a declaration changes', async (t) => {
  const table = logTypesTable(builtinLogTypes.slice(0, 1));
  t.match(table, /^\| Log type \| Table \| Event time \| Fields \| Description \|/);
  t.equal(table.split('\n').length, 3);
  t.throws(() => replaceReadmeTable('no markers', table), /lacks the markers/);
});
