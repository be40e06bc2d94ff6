// One JSON state file of an embedded store (alerts, cache), written atomically and coalesced: the
// stores keep their state in memory and call flush() after each change.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temporary file then rename: a reader (or a crash) never sees half a file. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes `snapshot()` to `file` on flush(). Writes never overlap: callers arriving during a write
 * mark the state dirty and share the next write; flush() resolves once a write that includes the
 * state at the time of the call has finished.
 */
export class StateFileWriter {
  private dirty = false;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
  ) {}

  flush(): Promise<void> {
    this.dirty = true;
    this.flushing ??= this.drain();
    return this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeAtomically(this.file, `${JSON.stringify(this.snapshot(), null, 1)}\n`);
      }
    } finally {
      // Cleared in the same turn as the last dirty check: a later flush() starts a new drain.
      this.flushing = undefined;
    }
  }
}
