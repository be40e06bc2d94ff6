import t from 'tap';
import { progressLine } from '../../cli/commands/process.js';
import { formatBytes, Progress } from '../../cli/progress.js';
import { emptyStats } from '../../processing/process-object.js';

t.test('progress lines say how far, in bytes, files and lines', async (t) => {
  const s = { ...emptyStats(), bytesIn: 3 * 1024 * 1024, lines: 1200, unclassified: 3 };
  t.equal(
    progressLine(s, { file: '/logs/a.gz', filesDone: 1, totalBytes: 12 * 1024 * 1024 }, 4),
    'processing: 3.00 MiB of 12.0 MiB (25%), 1/4 files done, 1200 lines, 3 unclassified; now /logs/a.gz',
  );
  t.equal(formatBytes(512), '512 B');
  t.equal(formatBytes(1536), '1.50 KiB');
  t.equal(formatBytes(5 * 1024 ** 4), '5.00 TiB');
});

t.test('progress is throttled and can be silenced', async (t) => {
  const written: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    written.push(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const p = new Progress(true, 0);
    p.tick(() => 'one');
    p.tick(() => 'two');
    const slow = new Progress(true, 60_000);
    slow.tick(() => 'too soon');
    new Progress(false, 0).tick(() => 'quiet');
  } finally {
    process.stderr.write = orig;
  }
  t.same(written, ['one\n', 'two\n']);
});
