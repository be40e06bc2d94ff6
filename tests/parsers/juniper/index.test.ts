import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { logTypes } from '../../../parsers/juniper/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles } from '../../../parsers/samples.js';
import { classifier } from '../../helpers/parse.js';

const FAMILY = '/parsers/juniper/samples/';
const mine = logTypes.map((l) => l.name);

/** The units the processor classifies: records of a Records file, else non-empty lines. */
function units(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (/^\s*\{\s*"Records"/.test(text)) return (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r));
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

t.test('with every log type, each Juniper sample lands on the type its file is named for', async (t) => {
  const files = sampleFiles().filter((f) => f.includes(FAMILY));
  t.same(files.map((f) => basename(f).split('.').slice(0, 2).join('.')).sort(), [...mine].sort(), 'one sample file per type');
  for (const file of files) {
    const want = mine.find((n) => basename(file).startsWith(`${n}.`));
    const c = classifier(builtinLogTypes);
    const got = units(file).map((l) => {
      const r = c.classify(l);
      return r.kind === 'unclassified' ? 'unclassified' : r.logType.name;
    });
    t.ok(got.length >= 3, `${basename(file)}: at least three lines`);
    t.same(got, got.map(() => want), basename(file));
  }
});

t.test('the types are named and documented', async (t) => {
  t.same(mine, ['Juniper.Access', 'Juniper.Audit', 'Juniper.Firewall', 'Juniper.MWS', 'Juniper.Postgres', 'Juniper.Security']);
  for (const lt of logTypes) {
    t.ok(lt.description.length > 10, lt.name);
    t.match(lt.reference, /^https:\/\/www\.juniper\.net\//);
    t.equal(lt.eventTime, 'timestamp');
  }
});
