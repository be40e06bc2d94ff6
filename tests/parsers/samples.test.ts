import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles, sampleLogType } from '../../parsers/samples.js';
import { classifier } from '../helpers/parse.js';

const names = builtinLogTypes.map((l) => l.name);

/** The units the processor classifies: records of a Records file, else non-empty lines. */
function units(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (/^\s*\{\s*"Records"/.test(text)) return (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r));
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

t.test('every sample line, classified among ALL log types, lands on the type its file is named for', async (t) => {
  const seen = new Set<string>();
  for (const file of sampleFiles()) {
    const want = sampleLogType(file, names);
    t.ok(want !== undefined, `${basename(file)} is named after a log type`);
    if (want === undefined) continue;
    seen.add(want);
    const c = classifier(builtinLogTypes);
    const lines = units(file);
    t.ok(lines.length >= 2, `${basename(file)}: at least two samples`);
    lines.forEach((line, i) => {
      const r = c.classify(line);
      const got = r.kind === 'unclassified' ? `unclassified: ${r.reasons.map((x) => `${x.logType}: ${x.reason}`).join(' | ')}` : r.logType.name;
      t.equal(got, want, `${basename(file)} line ${i + 1}`);
      if (r.kind === 'event') {
        t.equal(r.event.p_log_type, want);
        t.match(r.event.p_event_time, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{9}$/);
      }
    });
  }
  t.same([...seen].sort(), [...names].sort(), 'samples cover every log type');
});

/**
 * Formats that are the same format under two names: a line of one is a line of the other. The
 * source's log types decide which one a prefix holds.
 */
const SAME_FORMAT: ReadonlyMap<string, readonly string[]> = new Map([
  // nginx's default "combined" log_format is Apache's combined format.
  ['Apache.AccessCombined', ['Nginx.Access']],
  ['Nginx.Access', ['Apache.AccessCombined']],
]);

t.test('no log type accepts another type\'s sample, except formats that are the same', async (t) => {
  let checked = 0;
  for (const file of sampleFiles()) {
    const want = sampleLogType(file, names);
    if (want === undefined) continue;
    const lines = units(file);
    for (const lt of builtinLogTypes) {
      if (lt.name === want || SAME_FORMAT.get(want)?.includes(lt.name) === true) continue;
      // The whole file through one classifier, so header lines set the state they would.
      const taken = classifier([lt]);
      const accepted = lines.filter((line) => taken.classify(line).kind === 'event');
      checked++;
      if (accepted.length > 0) t.same(accepted, [], `${lt.name} accepts lines of ${basename(file)}`);
    }
  }
  t.ok(checked > 9000, `${checked} (sample file, log type) pairs checked`);
  t.same([...SAME_FORMAT.keys()].filter((n) => !names.includes(n)), [], 'the overlaps name existing types');
});

t.test('log type names and tables are unique and follow the convention', async (t) => {
  t.equal(new Set(builtinLogTypes.map((l) => l.table)).size, builtinLogTypes.length);
  for (const lt of builtinLogTypes) {
    t.equal(lt.table, lt.name.toLowerCase().replace(/\./g, '_'));
    t.ok(lt.description.length > 10 && /^https?:\/\//.test(lt.reference), `${lt.name} documents itself`);
  }
});
