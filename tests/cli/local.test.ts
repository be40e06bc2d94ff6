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

  // The detection stage ran on the samples: the sample CloudTrail has a root console login.
  t.match(r.stdout, /Detections: 50 rule\(s\) over \d+ event\(s\): [1-9]\d* match\(es\), 0 rule error\(s\), [1-9]\d* alert\(s\) opened\./);
  t.match(r.stdout, /AWS\.CloudTrail\.RootAccountUsed\s+1 match\(es\)/);
  t.match(r.stdout, `npx panther alerts --lake ${lake}`);
  const alerts = JSON.parse(panther(['alerts', '--json', '--lake', lake]).stdout) as Array<{ ruleId: string; eventCount: number }>;
  t.match(alerts.find((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed'), { eventCount: 1 });

  const again = panther(['local', '--quiet', '--lake', lake]);
  t.equal(again.status, 0);
  t.same(await lakeKeys(new DirObjectStore(lake)), keys, 'a second run replaces the same files');
  // The alert state persists in the lake: the second run counts into the same dedup window.
  const after = JSON.parse(panther(['alerts', '--json', '--lake', lake]).stdout) as Array<{ ruleId: string; eventCount: number }>;
  t.equal(after.length, alerts.length, 'no duplicate alerts');
  t.match(after.find((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed'), { eventCount: 2 });
  const skip = panther(['local', '--quiet', '--no-detections', '--lake', lake]);
  t.notMatch(skip.stdout, /Detections:/);
});
