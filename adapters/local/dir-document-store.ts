// The embedded document store: one JSON file per document, <dir>/<collection>/<id>.json, holding
// `{ id, version, updatedAt, value }`. Writes go to a temporary file renamed into place, so a
// reader never sees half a document. Files are owner-only (0600): some collections hold secrets.
//
// Version checks are exact within one process (writes to one document are serialized there); two
// processes writing the same document are not coordinated (local mode runs one server).
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { VersionConflictError, type DocumentCollection, type DocumentStore, type StoredDocument } from '../document-store.js';

// Ids and collection names become file names (and DynamoDB keys): a conservative alphabet, no
// leading dot (no hidden files, no `.`/`..`), no separators, so no id can leave its directory.
const ID_RE = /^[A-Za-z0-9_][A-Za-z0-9._:@+=-]{0,199}$/;
const COLLECTION_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class InvalidDocumentIdError extends Error {
  constructor(what: 'id' | 'collection', value: string) {
    super(
      what === 'id'
        ? `invalid document id ${JSON.stringify(value.slice(0, 80))}: 1-200 characters among A-Z a-z 0-9 . _ : @ + = -, not starting with "." or "-"`
        : `invalid collection name ${JSON.stringify(value.slice(0, 80))}: 1-64 characters among a-z 0-9 _ -`,
    );
    this.name = 'InvalidDocumentIdError';
  }
}

/** True when `id` is acceptable as a document id in every DocumentStore implementation. */
export function isValidDocumentId(id: string): boolean {
  return ID_RE.test(id);
}

export function assertDocumentId(id: string): void {
  if (!ID_RE.test(id)) throw new InvalidDocumentIdError('id', id);
}

export function assertCollectionName(name: string): void {
  if (!COLLECTION_RE.test(name)) throw new InvalidDocumentIdError('collection', name);
}

interface FileContent<T> {
  id: string;
  version: number;
  updatedAt: string;
  value: T;
}

export interface DirDocumentStoreOptions {
  /** The clock of `updatedAt` (tests). */
  readonly now?: () => Date;
}

export class DirDocumentStore implements DocumentStore {
  readonly dir: string;
  private readonly now: () => Date;
  /** Per-file queue of writes, so the version check and the rename of one document never interleave. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(dir: string, options: DirDocumentStoreOptions = {}) {
    this.dir = resolve(dir);
    this.now = options.now ?? (() => new Date());
  }

  collection<T>(name: string): DocumentCollection<T> {
    assertCollectionName(name);
    const dir = join(this.dir, name);
    const pathOf = (id: string): string => {
      assertDocumentId(id);
      return join(dir, `${id}.json`);
    };
    return {
      get: async (id) => read<T>(pathOf(id), id),
      put: async (id, value, opts) => {
        const path = pathOf(id);
        return this.serialized(path, async () => {
          const current = await read<T>(path, id);
          const expected = opts?.ifVersion;
          if (expected !== undefined && (expected === 'absent' ? current !== undefined : current?.version !== expected)) {
            throw new VersionConflictError(name, id, expected);
          }
          const doc: FileContent<T> = { id, version: (current?.version ?? 0) + 1, updatedAt: this.now().toISOString(), value };
          await mkdir(dir, { recursive: true, mode: 0o700 });
          // The temporary name starts with a dot: never an id, so listings skip it.
          const tmp = join(dir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
          try {
            await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
            await rename(tmp, path);
          } catch (err) {
            await rm(tmp, { force: true });
            throw err;
          }
          return doc;
        });
      },
      delete: async (id) => {
        const path = pathOf(id);
        return this.serialized(path, async () => {
          try {
            await rm(path);
            return true;
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
            throw err;
          }
        });
      },
      list: async () => {
        let names: string[];
        try {
          names = await readdir(dir);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
          throw err;
        }
        const ids = names
          .filter((n) => n.endsWith('.json'))
          .map((n) => n.slice(0, -'.json'.length))
          .filter((id) => ID_RE.test(id))
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const docs = await Promise.all(ids.map((id) => read<T>(join(dir, `${id}.json`), id)));
        // A document deleted between readdir and read is simply not listed.
        return docs.filter((d): d is StoredDocument<T> => d !== undefined);
      },
    };
  }

  private serialized<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return run;
  }
}

/** The file name is the id (a copied file answers to its new name). */
async function read<T>(path: string, id: string): Promise<StoredDocument<T> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let doc: FileContent<T>;
  try {
    doc = JSON.parse(text) as FileContent<T>;
  } catch (err) {
    throw new Error(`${path}: not a JSON document (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || typeof doc.version !== 'number' || typeof doc.updatedAt !== 'string' || !('value' in doc)) {
    throw new Error(`${path}: not a stored document (expected id, version, updatedAt and value)`);
  }
  return { id, value: doc.value, version: doc.version, updatedAt: doc.updatedAt };
}
