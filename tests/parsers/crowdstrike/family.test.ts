import t from 'tap';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { epochSecondsOrMillis, humanTime } from '../../../parsers/crowdstrike/common.js';
import { DNSRequest } from '../../../parsers/crowdstrike/dns-request.js';
import { logTypes } from '../../../parsers/crowdstrike/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { sampleFiles, sampleLogType } from '../../../parsers/samples.js';
import { classifier, classifyLines } from '../../helpers/parse.js';

const names = logTypes.map((l) => l.name);
const ours = (f: string): boolean => f.includes('/crowdstrike/samples/');

/** The units the processor classifies: records of a Records file, else non-empty lines. */
function units(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (/^\s*\{\s*"Records"/.test(text)) return (JSON.parse(text) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r));
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

t.test('every Crowdstrike sample, classified among ALL log types, lands on its own type', async (t) => {
  const all = builtinLogTypes;
  const files = sampleFiles().filter(ours);
  const seen = new Set<string>();
  for (const file of files) {
    const want = sampleLogType(file, names);
    t.ok(want !== undefined, `${basename(file)} is named after a Crowdstrike type`);
    if (want === undefined) continue;
    seen.add(want);
    const lines = units(file);
    t.ok(lines.length >= 3, `${basename(file)}: at least three samples`);
    const c = classifier(all);
    lines.forEach((line, i) => {
      const r = c.classify(line);
      t.equal(r.kind === 'event' ? r.logType.name : `${r.kind}`, want, `${basename(file)} line ${i + 1}`);
    });
  }
  t.same([...seen].sort(), [...names].sort(), 'samples cover every type of the family');
});

t.test('each sample is accepted by its own type only', async (t) => {
  for (const file of sampleFiles().filter(ours)) {
    const want = sampleLogType(file, names);
    for (const line of units(file)) {
      const accepting = logTypes.filter((lt) => classifyLines([lt], [line])[0]?.kind === 'event').map((lt) => lt.name);
      t.same(accepting, [want], `${basename(file)}: ${line.slice(0, 60)}`);
    }
  }
});

t.test('shared timestamp formats', async (t) => {
  t.equal(humanTime('05/24/2020 23:50:07.259'), '2020-05-24 23:50:07.259000000', "Panther's human layout");
  t.equal(humanTime('05/24/2020 23:50:07'), '2020-05-24 23:50:07.000000000');
  t.equal(humanTime('1590364207.259'), '2020-05-24 23:50:07.259000000', 'epoch seconds as on the metadata files');
  t.equal(humanTime(1590364207), '2020-05-24 23:50:07.000000000');
  t.equal(humanTime('13/45/2020 23:50:07'), null);
  t.equal(humanTime('yesterday'), null);
  t.equal(epochSecondsOrMillis('1590364206.989'), '2020-05-24 23:50:06.989000000');
  t.equal(epochSecondsOrMillis('1590364206989'), '2020-05-24 23:50:06.989000000');
  t.equal(epochSecondsOrMillis(1590364206989), '2020-05-24 23:50:06.989000000');
  t.equal(epochSecondsOrMillis(''), null);
  t.equal(epochSecondsOrMillis(true), null);

  const line = readFileSync(new URL('../../../parsers/crowdstrike/samples/Crowdstrike.DNSRequest.jsonl', import.meta.url), 'utf8').split('\n')[0] as string;
  const withExtras = JSON.stringify({ ...(JSON.parse(line) as object), _time: '05/24/2020 23:50:07.259', ContextTimeStamp_decimal: '1590364206989', TreeId: '4295032833', TreeId_decimal: 4295032833 });
  const [r] = classifyLines([DNSRequest], [withExtras]);
  t.match(r?.kind === 'event' ? r.event : r, {
    _time: '2020-05-24 23:50:07.259000000',
    ContextTimeStamp_decimal: '2020-05-24 23:50:06.989000000',
    TreeId_decimal: '4295032833',
    p_any_trace_ids: ['0cfb1a68ef6b49fdb0d2b12725057057', '307dc41ce39744f060622095f2805249', '4295032833'],
  });
});
