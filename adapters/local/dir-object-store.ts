import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectMeta, ObjectStore, ObjectUpload, StoredObject } from '../object-store.js';

/** The embedded object store: a directory whose relative paths are the keys. */
export class DirObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get location(): string {
    return this.root;
  }

  private pathOf(key: string): string {
    if (key === '' || key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '')) {
      throw new Error(`invalid object key "${key}": keys are relative, with no empty or ".." segments`);
    }
    return join(this.root, ...key.split('/'));
  }

  async get(key: string): Promise<StoredObject> {
    const path = this.pathOf(key);
    const s = await stat(path);
    return {
      meta: { key, size: s.size, lastModified: s.mtime, etag: `${s.size}-${s.mtimeMs}` },
      body: createReadStream(path, { highWaterMark: 1 << 20 }),
    };
  }

  upload(key: string, _contentType?: string): ObjectUpload {
    const path = this.pathOf(key);
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const stream = new PassThrough({ highWaterMark: 1 << 20 });
    // Write to a temporary name and rename: readers never see half an object, and a rerun replaces it whole.
    const done = (async () => {
      await mkdir(dirname(path), { recursive: true });
      try {
        await pipeline(stream, createWriteStream(tmp));
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    })();
    done.catch(() => stream.destroy());
    return { stream, done };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<ObjectMeta> {
    const start = prefix === '' ? this.root : join(this.root, ...prefix.split('/').slice(0, -1));
    yield* this.walk(start, prefix);
  }

  private async *walk(dir: string, prefix: string): AsyncGenerator<ObjectMeta> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      const key = relative(this.root, full).split(sep).join('/');
      if (e.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* this.walk(full, prefix);
      } else if (e.isFile() && key.startsWith(prefix) && !e.name.endsWith('.tmp')) {
        const s = await stat(full);
        yield { key, size: s.size, lastModified: s.mtime };
      }
    }
  }
}
