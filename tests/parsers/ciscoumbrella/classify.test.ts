import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { logTypes } from '../../../parsers/ciscoumbrella/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles } from '../../../parsers/samples.js';
import { classifyLines } from '../../helpers/parse.js';

/** The units the processor classifies: records of a Records file, else non-empty lines. */
function units(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (/^\s*\{\s*"Records"/.test(text)) return (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r));
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

const ours = sampleFiles().filter((f) => basename(f).startsWith('CiscoUmbrella.'));

t.test('among ALL log types, each Umbrella sample lands on its own type', async (t) => {
  t.equal(ours.length, 5);
  const all = [...builtinLogTypes.filter((l) => !l.name.startsWith('CiscoUmbrella.')), ...logTypes];
  for (const file of ours) {
    const want = basename(file).split('.').slice(0, 2).join('.');
    classifyLines(all, units(file)).forEach((r, i) => {
      const got = r.kind === 'unclassified' ? `unclassified: ${r.reasons.filter((x) => x.logType.startsWith('CiscoUmbrella')).map((x) => `${x.logType}: ${x.reason}`).join(' | ')}` : r.logType.name;
      t.equal(got, want, `${basename(file)} line ${i + 1}`);
    });
  }
});
