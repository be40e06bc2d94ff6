import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import { bundleEntries, bundleZip } from '../../../detections/testing/bundle.js';
import { crc32, readZip, writeZip } from '../../../detections/testing/zip.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/repo', import.meta.url));
const hasUnzip = spawnSync('unzip', ['-v'], { encoding: 'utf8' }).status === 0;

t.test('crc32 gives the standard check values', async (t) => {
  t.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  t.equal(crc32(Buffer.alloc(0)), 0);
  t.equal(crc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
});

t.test('writeZip round-trips stored and deflated entries, sorted, and is deterministic', async (t) => {
  const big = Buffer.from('rule '.repeat(500));
  const tiny = Buffer.from('x');
  const zip = writeZip([
    { name: 'b/big.py', data: big },
    { name: 'a.yml', data: tiny },
  ]);
  const back = readZip(zip);
  t.same(back.map((e) => e.name), ['a.yml', 'b/big.py']);
  t.same(back.map((e) => e.data.toString()), ['x', big.toString()]);
  t.ok(zip.length < big.length, 'the repetitive file is deflated');
  t.same(writeZip([{ name: 'a.yml', data: tiny }, { name: 'b/big.py', data: big }]), zip, 'input order does not change the bytes');
  t.throws(() => writeZip([{ name: 'a', data: tiny }, { name: 'a', data: tiny }]), /duplicate zip entry a/);
  const corrupt = Buffer.from(zip);
  const at = 30 + 'a.yml'.length; // the stored byte of a.yml
  corrupt[at] = (corrupt[at] ?? 0) ^ 0xff;
  t.throws(() => readZip(corrupt), /a\.yml: size or CRC mismatch/);
});

t.test('the bundle holds every spec and body of the repository, with their bytes', async (t) => {
  const loaded = await loadAnalysisDir(FIXTURE);
  const zip = await bundleZip(loaded);
  const names = readZip(zip).map((e) => e.name);
  t.same(names, [
    'data_models/aws_cloudtrail.py',
    'data_models/aws_cloudtrail.yml',
    'global_helpers/acme_helpers.py',
    'global_helpers/acme_helpers.yml',
    'packs/acme.yml',
    'policies/s3_encryption.py',
    'policies/s3_encryption.yml',
    'rules/aws_cloudtrail_rules/bad_ip_login.py',
    'rules/aws_cloudtrail_rules/bad_ip_login.yml',
    'rules/aws_cloudtrail_rules/root_activity.py',
    'rules/aws_cloudtrail_rules/root_activity.yml',
    'rules/ts_rules/console_login_failure.ts',
    'rules/ts_rules/console_login_failure.yml',
  ]);
  const entries = await bundleEntries(loaded);
  for (const e of readZip(zip)) t.same(e.data, entries.find((x) => x.name === e.name)?.data, e.name);
  t.same(await bundleZip(await loadAnalysisDir(FIXTURE)), zip, 'the same repository gives the same bytes');

  if (hasUnzip) {
    const dir = mkdtempSync(join(tmpdir(), 'panther-zip-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bundle.zip');
    writeFileSync(file, zip);
    const list = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
    t.equal(list.status, 0, list.stderr);
    for (const n of names) t.match(list.stdout, n);
    t.match(list.stdout, `${names.length} files`);
    const check = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    t.match(check.stdout, 'No errors detected', 'unzip verifies every CRC');
  }
});
