// Turns an object's bytes (plain or gzip, possibly truncated, possibly binary junk) into the
// units the classifier sees: lines, or the records of a CloudTrail `{"Records":[...]}` file.
// Works chunk by chunk so memory follows the largest record, not the object.
import { createGunzip } from 'node:zlib';
import { drained } from './drained.js';

/** Lines longer than this are cut and kept whole-as-possible with a reason: memory must stay bounded. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface Unit {
  /** The bytes of one line or record, without the line break. */
  readonly bytes: Buffer;
  /** Why the unit is not whole (truncated stream, over-long line), if it is not. */
  readonly damage?: string;
}

export interface ReadStats {
  bytesIn: number;
  /** Problems with the stream itself (e.g. a truncated gzip member); the data before them is kept. */
  warnings: string[];
}

const LF = 0x0a;
const CR = 0x0d;

function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c !== 0x20 && c !== 0x09 && c !== CR && c !== LF) return false;
  }
  return true;
}

/** Splits a byte stream on LF, dropping CR and blank lines. */
class LineSplitter {
  private parts: Buffer[] = [];
  private partLen = 0;
  private cut = false;

  push(chunk: Buffer, emit: (u: Unit) => void): void {
    let start = 0;
    for (let nl = chunk.indexOf(LF); nl >= 0; nl = chunk.indexOf(LF, start)) {
      this.take(chunk.subarray(start, nl));
      this.flush(emit);
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start));
  }

  private take(piece: Buffer): void {
    if (this.partLen + piece.length > MAX_LINE_BYTES) {
      piece = piece.subarray(0, Math.max(0, MAX_LINE_BYTES - this.partLen));
      this.cut = true;
    }
    if (piece.length === 0) return;
    this.parts.push(Buffer.from(piece)); // copy: the chunk may be reused by the stream
    this.partLen += piece.length;
  }

  flush(emit: (u: Unit) => void, damage?: string): void {
    if (this.parts.length === 0) {
      this.cut = false;
      return;
    }
    let line = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partLen);
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    const reason = this.cut ? `line longer than ${MAX_LINE_BYTES} bytes: cut at that length` : damage;
    this.parts = [];
    this.partLen = 0;
    this.cut = false;
    if (isBlank(line)) return;
    emit(reason === undefined ? { bytes: line } : { bytes: line, damage: reason });
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;

/**
 * Emits the elements of top-level arrays (the `Records` of CloudTrail files) one by one, by
 * tracking JSON nesting over raw bytes. UTF-8 continuation bytes never equal ASCII
 * delimiters, so scanning bytes is safe.
 */
class RecordsSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: Buffer[] = [];
  private partLen = 0;
  /** Whether the current element started in this chunk, and where. */
  private startInChunk = -1;
  private inElement = false;

  push(chunk: Buffer, emit: (u: Unit) => void): void {
    this.startInChunk = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (this.depth === 2 && !this.inElement) {
          this.inElement = true;
          this.startInChunk = i;
        }
        this.depth++;
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        this.depth--;
        if (this.depth === 2 && this.inElement) {
          this.append(chunk.subarray(this.startInChunk, i + 1));
          this.emitElement(emit);
        }
        if (this.depth < 0) this.depth = 0; // stray closer: resynchronise rather than fail
      }
    }
    if (this.inElement) this.append(chunk.subarray(this.startInChunk));
  }

  private append(piece: Buffer): void {
    if (this.partLen + piece.length > MAX_LINE_BYTES) return; // emitted as damaged at close
    this.parts.push(Buffer.from(piece));
    this.partLen += piece.length;
  }

  private emitElement(emit: (u: Unit) => void, damage?: string): void {
    const bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partLen);
    this.parts = [];
    this.partLen = 0;
    this.inElement = false;
    this.startInChunk = -1;
    emit(damage === undefined ? { bytes } : { bytes, damage });
  }

  flush(emit: (u: Unit) => void, damage?: string): void {
    if (this.inElement && this.partLen > 0) this.emitElement(emit, damage ?? 'CloudTrail record truncated: the file ends inside it');
  }
}

const RECORDS_PREFIX = /^\s*\{\s*"Records"\s*:\s*\[/;

/**
 * Reads a byte stream, un-gzipping when it starts with the gzip magic, and calls `emit` for
 * each non-blank line or record. `onChunk` lets the caller apply back-pressure between chunks.
 */
export async function readUnits(
  source: AsyncIterable<Uint8Array>,
  emit: (u: Unit) => void,
  onChunk?: () => Promise<void> | void,
  /** Filled as the read goes on (bytesIn is live, for progress). */
  stats: ReadStats = { bytesIn: 0, warnings: [] },
): Promise<ReadStats> {
  const counted = countBytes(source, stats);
  const head = await peek(counted, 2);
  let body: AsyncIterable<Uint8Array> = head.stream;
  if (head.bytes.length >= 2 && head.bytes[0] === 0x1f && head.bytes[1] === 0x8b) body = gunzip(head.stream, stats);

  let splitter: LineSplitter | RecordsSplitter | undefined;
  let sniff: Buffer[] = [];
  let sniffLen = 0;
  const feed = (chunk: Buffer): void => {
    if (splitter === undefined) {
      sniff.push(chunk);
      sniffLen += chunk.length;
      if (sniffLen < 64) return;
      decide();
      return;
    }
    splitter.push(chunk, emit);
  };
  const decide = (): void => {
    const first = Buffer.concat(sniff, sniffLen);
    splitter = RECORDS_PREFIX.test(first.subarray(0, 256).toString('latin1')) ? new RecordsSplitter() : new LineSplitter();
    sniff = [];
    splitter.push(first, emit);
  };

  try {
    for await (const chunk of body) {
      feed(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (onChunk !== undefined) await onChunk();
    }
  } catch (err) {
    if (err instanceof SourceReadError) throw err;
    stats.warnings.push(`input stream failed after ${stats.bytesIn} bytes: ${(err as Error).message}`);
  }
  if (splitter === undefined) decide();
  const damage = stats.warnings.length > 0 ? `the input stream ended early (${stats.warnings.join('; ')})` : undefined;
  (splitter as unknown as LineSplitter | RecordsSplitter).flush(emit, damage);
  return stats;
}

/**
 * The source itself failed (a network error reading S3, a file read error): the object was not
 * read, so processing must fail and be retried, unlike damage in the bytes, which no retry mends.
 */
export class SourceReadError extends Error {
  override name = 'SourceReadError';
}

async function* countBytes(source: AsyncIterable<Uint8Array>, stats: ReadStats): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of source) {
      stats.bytesIn += chunk.length;
      yield chunk;
    }
  } catch (err) {
    throw new SourceReadError(`reading the object failed after ${stats.bytesIn} bytes: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads at least `n` bytes ahead and returns them with a stream that replays them. */
async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ bytes: Buffer; stream: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let len = 0;
  let done = false;
  while (len < n) {
    const r = await it.next();
    if (r.done === true) {
      done = true;
      break;
    }
    buffered.push(r.value);
    len += r.value.length;
  }
  const bytes = Buffer.concat(buffered.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (bytes.length > 0) yield bytes;
    if (done) return;
    for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value;
  }
  return { bytes, stream: replay() };
}

/** Gunzips (multi-member too); a truncated or corrupt stream ends with a warning, keeping what was decoded. */
async function* gunzip(source: AsyncIterable<Uint8Array>, stats: ReadStats): AsyncGenerator<Buffer> {
  const gz = createGunzip();
  const pump = (async () => {
    try {
      for await (const chunk of source) {
        if (gz.destroyed) return;
        if (!gz.write(chunk)) await drained(gz);
      }
      if (!gz.destroyed) gz.end();
    } catch (err) {
      gz.destroy(err as Error);
    }
  })();
  try {
    for await (const out of gz) yield out as Buffer;
  } catch (err) {
    if (err instanceof SourceReadError) throw err;
    const e = err as NodeJS.ErrnoException;
    stats.warnings.push(`gzip: ${e.code === 'Z_BUF_ERROR' ? 'stream truncated (unexpected end of file)' : e.message}`);
  }
  await pump;
}
