import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles } from '../../parsers/samples.js';
import { panther } from '../helpers/cli.js';
import { lakeKeys } from '../helpers/lake.js';

t.test('local mode (npm start) ingests every shipped sample into the lake and says so', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-local-'));
  const r = panther(['local', '--quiet', '--lake', lake]);
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

  const again = panther(['local', '--quiet', '--lake', lake]);
  t.equal(again.status, 0);
  t.same(await lakeKeys(new DirObjectStore(lake)), keys, 'a second run replaces the same files');
});
