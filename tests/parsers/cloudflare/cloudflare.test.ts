// The Cloudflare family among all log types: each sample lands on its own type, exactly one
// Cloudflare type accepts each sample, and no other family's sample is taken for a Cloudflare record.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename, sep } from 'node:path';
import { logTypes } from '../../../parsers/cloudflare/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles, sampleLogType } from '../../../parsers/samples.js';
import { classifyLines } from '../../helpers/parse.js';

const FAMILY = 'cloudflare';
const names = logTypes.map((l) => l.name);
const isOurs = (file: string): boolean => file.includes(`${sep}${FAMILY}${sep}samples${sep}`);

/** The units the processor classifies: records of a CloudTrail Records file, else non-empty lines. */
function units(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (/^\s*\{\s*"Records"/.test(text)) return (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r));
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}
const name = (r: ReturnType<typeof classifyLines>[number]): string => (r.kind === 'event' ? r.logType.name : r.kind);

t.test('with every log type, each sample lands on the type its file is named for', async (t) => {
  t.ok(builtinLogTypes.length > names.length, 'all built-in types, not only ours');
  const files = sampleFiles().filter(isOurs);
  t.same(files.map((f) => sampleLogType(f, names)).sort(), [...names].sort(), 'one sample file per type');
  for (const file of files) {
    const want = sampleLogType(file, names);
    const lines = units(file);
    t.ok(lines.length >= 2, `${basename(file)}: at least two samples`);
    t.same(classifyLines(builtinLogTypes, lines).map(name), lines.map(() => want), basename(file));
  }
});

t.test('exactly one Cloudflare type accepts each sample', async (t) => {
  for (const file of sampleFiles().filter(isOurs)) {
    for (const line of units(file)) {
      const accepting = logTypes.filter((lt) => classifyLines([lt], [line])[0]?.kind === 'event').map((lt) => lt.name);
      t.same(accepting, [sampleLogType(file, names)], `${basename(file)}: ${line.slice(0, 60)}`);
    }
  }
});
