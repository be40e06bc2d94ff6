import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles } from '../../../parsers/samples.js';
import { logTypes } from '../../../parsers/suricata/index.js';
import { classifyLines } from '../../helpers/parse.js';

/** The units the processor classifies: records of a Records file, else non-empty lines. */
function units(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (/^\s*\{\s*"Records"/.test(text)) return (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r));
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

const ours = sampleFiles().filter((f) => basename(f).startsWith('Suricata.'));

t.test('among ALL log types, each Suricata sample lands on its own type', async (t) => {
  t.equal(ours.length, 6);
  t.same(ours.map((f) => basename(f).split('.').slice(0, 2).join('.')).sort(), logTypes.map((l) => l.name).sort(), 'one sample file per type');
  // The registry as the processor uses it, in its order: every built-in type gets its chance first.
  t.ok(logTypes.every((l) => builtinLogTypes.includes(l)), 'every Suricata type is registered');
  for (const file of ours) {
    const want = basename(file).split('.').slice(0, 2).join('.');
    const lines = units(file);
    t.ok(lines.length >= 2, `${basename(file)}: at least two samples`);
    classifyLines(builtinLogTypes, lines).forEach((r, i) => {
      const got = r.kind === 'unclassified' ? `unclassified: ${r.reasons.filter((x) => x.logType.startsWith('Suricata')).map((x) => `${x.logType}: ${x.reason}`).join(' | ')}` : r.logType.name;
      t.equal(got, want, `${basename(file)} line ${i + 1}`);
    });
  }
});
