import t from 'tap';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles, sampleLogType } from '../../parsers/samples.js';
import { lakeRows } from '../helpers/lake.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { panther } from '../helpers/cli.js';
import { classifier } from '../helpers/parse.js';

const names = builtinLogTypes.map((l) => l.name);

/** What a sample file should yield: events of its type, and header lines (formats announced by a header). */
function expected(file: string): { logType: string; events: number; headers: number } {
  const logType = sampleLogType(file, names);
  if (logType === undefined) throw new Error(`${file}: sample name does not start with a log type`);
  const text = readFileSync(file, 'utf8');
  if (/^\s*\{\s*"Records"/.test(text)) {
    const records = (JSON.parse(text) as { Records: unknown[] }).Records.length;
    return { logType, events: records, headers: 0 };
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  // Which lines are headers is the parsers' call (tested with each family); every other line must be an event of the file's type.
  const c = classifier(builtinLogTypes);
  const headers = lines.filter((l) => c.classify(l.replace(/\r$/, '')).kind === 'header').length;
  return { logType, events: lines.length - headers, headers };
}

t.test('a directory of every log type mixed with junk: each line classified right, every line accounted for', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'panther-mixed-'));
  const lake = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const want: Record<string, number> = {};
  let headers = 0;
  const files = sampleFiles();
  t.ok(files.length >= 16, `${files.length} sample files`);
  files.forEach((f, i) => {
    const e = expected(f);
    want[e.logType] = (want[e.logType] ?? 0) + e.events;
    headers += e.headers;
    // Half of them gzip'd, as S3 sources often are.
    if (i % 2 === 0) copyFileSync(f, join(dir, basename(f)));
    else writeFileSync(join(dir, `${basename(f)}.gz`), gzipSync(readFileSync(f)));
  });
  t.same(Object.keys(want).sort(), [...names].sort(), 'the samples cover every log type');

  mkdirSync(join(dir, 'junk'));
  writeFileSync(join(dir, 'junk', 'empty.log'), '');
  writeFileSync(join(dir, 'junk', 'binary.bin'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x0a, 0x80, 0x81, 0x0a]));
  writeFileSync(join(dir, 'junk', 'text.log'), 'hello world\n{"truncated": \n[1, 2, 3]\n42\n');
  writeFileSync(join(dir, 'junk', 'cut.gz'), gzipSync('not a log line\n'.repeat(1000)).subarray(0, 40));
  const junkLines = 2 + 4 + 1;

  const r = panther(['process', '--json', '--quiet', '--lake', lake, dir]);
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { lines: number; classified: Record<string, number>; unclassified: number; headers: number; bytesIn: number; bytesOut: number; seconds: number };
  t.same(out.classified, Object.fromEntries(Object.entries(want).sort(([a], [b]) => (a < b ? -1 : 1))), 'each log type gets exactly its samples');
  t.equal(out.headers, headers);
  t.equal(out.unclassified, junkLines, 'only the junk is unclassified');
  const classified = Object.values(out.classified).reduce((a, b) => a + b, 0);
  t.equal(out.lines, classified + out.unclassified + out.headers, 'every non-empty line is accounted for');
  t.ok(out.bytesIn > 0 && out.bytesOut > 0 && out.seconds >= 0);
  t.match(r.stderr, /warning: .*cut\.gz: gzip: stream truncated/);

  const store = new DirObjectStore(lake);
  const unclassified = await lakeRows(store, 'logs/unclassified/');
  t.equal(unclassified.length, junkLines);
  t.ok(unclassified.every((u) => typeof u.object_key === 'string' && (u.object_key as string).includes('/junk/')), 'junk rows name their file');
  for (const lt of builtinLogTypes) {
    const rows = await lakeRows(store, `logs/${lt.table}/`);
    t.equal(rows.length, want[lt.name], `${lt.table}: ${want[lt.name]} rows in the lake`);
    t.ok(rows.every((row) => row.p_log_type === lt.name && row.p_source_label === 'cli' && typeof row.p_event_time === 'string'), `${lt.table}: standard fields`);
  }
});

t.test('--log-types limits the classifier and unknown names are a clear error', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const files = sampleFiles().filter((f) => sampleLogType(f, names) === 'AWS.ALB');
  const r = panther(['process', '--json', '--quiet', '--log-types', 'AWS.VPCFlow', '--lake', lake, ...files]);
  t.equal(r.status, 0);
  const out = JSON.parse(r.stdout) as { lines: number; unclassified: number; classified: Record<string, number> };
  t.equal(out.unclassified, out.lines, 'ALB lines are not VPC flow lines');
  const rows = await lakeRows(new DirObjectStore(lake), 'logs/unclassified/');
  t.match(rows[0], { reasons: [{ logType: 'AWS.VPCFlow', reason: /.+/ }] });

  const bad = panther(['process', '--log-types', 'AWS.Nope', '--lake', lake, ...files]);
  t.equal(bad.status, 1);
  t.match(bad.stderr, /unknown log type "AWS.Nope"; known: AWS.CloudTrail/);
  const missing = panther(['process', '--lake', lake, '/no/such/path']);
  t.equal(missing.status, 1);
  t.match(missing.stderr, /\/no\/such\/path: no such file or directory/);
});

t.test('the table summary and --help', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const vpc = sampleFiles().filter((f) => sampleLogType(f, names) === 'AWS.VPCFlow');
  const r = panther(['process', '--lake', lake, ...vpc]);
  t.equal(r.status, 0);
  t.match(r.stdout, /Processed \d+ file\(s\), \d+ line\(s\)/);
  t.match(r.stdout, /AWS\.VPCFlow\s+\d+/);
  t.match(r.stdout, /format headers\s+\d+/);
  for (const cmd of [[], ['process'], ['local'], ['logtypes'], ['docs']]) {
    const h = panther([...cmd, '--help']);
    t.equal(h.status, 0, `${cmd.join(' ') || 'panther'} --help`);
    t.match(h.stdout, /Usage: panther/);
  }
  t.match(panther(['process', '--help']).stdout, /--log-types <names>/);
});
