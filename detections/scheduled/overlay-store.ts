// An object store that serves a few in-memory objects and passes everything else to the lake (or
// discards writes when there is no lake). Scheduled query results are handed to the streaming
// rules engine this way, as if the processor had just written them, so both share one engine.
import { Writable } from 'node:stream';
import type { ObjectMeta, ObjectStore, ObjectUpload, StoredObject } from '../../adapters/object-store.js';

export class OverlayObjectStore implements ObjectStore {
  readonly location: string;
  private readonly objects = new Map<string, Uint8Array>();

  constructor(private readonly lake: ObjectStore | undefined) {
    this.location = lake?.location ?? '(no lake: writes discarded)';
  }

  /** Serves `body` at `key` from memory (never written to the lake). */
  put(key: string, body: Uint8Array): void {
    this.objects.set(key, body);
  }

  async get(key: string, versionId?: string): Promise<StoredObject> {
    const body = this.objects.get(key);
    if (body !== undefined) {
      return { meta: { key, size: body.byteLength, lastModified: new Date(0) }, body: (async function* () { yield body; })() };
    }
    if (this.lake === undefined) throw new Error(`${key}: not found`);
    return this.lake.get(key, versionId);
  }

  upload(key: string, contentType: string): ObjectUpload {
    if (this.lake !== undefined) return this.lake.upload(key, contentType);
    const stream = new Writable({ write: (_chunk, _enc, cb) => cb() });
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', () => resolve());
      stream.on('error', reject);
    });
    return { stream, done };
  }

  async *list(prefix: string): AsyncIterable<ObjectMeta> {
    if (this.lake !== undefined) yield* this.lake.list(prefix);
  }

  async delete(key: string): Promise<void> {
    if (this.objects.delete(key)) return;
    await this.lake?.delete(key);
  }
}
