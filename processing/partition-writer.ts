import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../adapters/object-store.js';
import { drained } from './drained.js';

/** Lines are batched before compression: one zlib call per line would dominate the cost. */
const BATCH_CHARS = 256 * 1024;
const WRITE_BUFFER_BYTES = 8 * 1024 * 1024;

interface OpenFile {
  readonly gz: Gzip;
  readonly done: Promise<void>;
  pending: string[];
  pendingChars: number;
  bytesOut: number;
  error?: Error;
}

/** Writes JSON lines into one gzip object per key, streaming, with back-pressure. */
export class PartitionWriter {
  private readonly files = new Map<string, OpenFile>();

  constructor(
    private readonly store: ObjectStore,
    private readonly gzipLevel = 6,
  ) {}

  write(key: string, line: string): void {
    let f = this.files.get(key);
    if (f === undefined) f = this.open(key);
    f.pending.push(line);
    f.pendingChars += line.length + 1;
    if (f.pendingChars >= BATCH_CHARS) this.push(f);
  }

  private open(key: string): OpenFile {
    // A deep write buffer lets zlib compress on the thread pool while the main thread parses on.
    const gz = createGzip({ level: this.gzipLevel, writableHighWaterMark: WRITE_BUFFER_BYTES } as ZlibOptions);
    const upload = this.store.upload(key, 'application/x-ndjson+gzip');
    const done = Promise.all([pipeline(gz, upload.stream), upload.done]).then(() => undefined);
    const f: OpenFile = { gz, done, pending: [], pendingChars: 0, bytesOut: 0 };
    gz.on('data', (chunk: Buffer) => {
      f.bytesOut += chunk.length;
    });
    // Remembered so the next back-pressure check stops the whole object early; close() reports it too.
    done.catch((err: unknown) => {
      f.error = err instanceof Error ? err : new Error(String(err));
    });
    this.files.set(key, f);
    return f;
  }

  private push(f: OpenFile): void {
    if (f.pending.length === 0) return;
    f.pending.push('');
    f.gz.write(f.pending.join('\n'));
    f.pending = [];
    f.pendingChars = 0;
  }

  /** Resolves once no open file is over its buffer limit (call between input chunks); rejects once a file failed. */
  async backpressure(): Promise<void> {
    for (const f of this.files.values()) {
      if (f.error !== undefined) throw f.error;
      await drained(f.gz);
    }
  }

  /** Finishes every file; rejects if any failed to store. Returns the keys and compressed bytes. */
  async close(): Promise<{ keys: string[]; bytesOut: number }> {
    for (const f of this.files.values()) {
      this.push(f);
      f.gz.end();
    }
    await Promise.all([...this.files.values()].map((f) => f.done));
    let bytesOut = 0;
    for (const f of this.files.values()) bytesOut += f.bytesOut;
    return { keys: [...this.files.keys()], bytesOut };
  }

  /** Abandons every file (after a failure) and waits until each is cleaned up; nothing half-written becomes visible. */
  async abort(err: Error): Promise<void> {
    for (const f of this.files.values()) f.gz.destroy(err);
    await Promise.allSettled([...this.files.values()].map((f) => f.done));
  }
}
