// The embedded cache store for local mode and tests: in memory, optionally persisted to one JSON
// file (`cache.json`) in the local state directory. Expiries are honoured on every read; expired
// keys are dropped when the file is written. Safe under concurrent async callers in one process:
// each operation's read-modify-write runs synchronously between awaits.

import { join } from 'node:path';
import { readIfExists, StateFileWriter } from '../alerting/state-file.js';
import type { CacheStore } from '../types.js';
import { assertCacheKey, assertExpiresAt, assertStrings, isExpired, sortedUnique, type CacheEntry } from './entry.js';

export const EMBEDDED_CACHE_FILE = 'cache.json';

export interface EmbeddedCacheStoreOptions {
  /** Directory of `cache.json`; without it the cache lives in memory only. */
  readonly dir?: string;
  /** Clock in epoch milliseconds (tests). */
  readonly now?: () => number;
}

interface PersistedCache {
  readonly version: 1;
  /** [key, entry] pairs: keys come from rules (often from log data), so never object property names. */
  readonly entries: Array<[string, CacheEntry]>;
}

export class EmbeddedCacheStore implements CacheStore {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly file: string | undefined;
  private readonly now: () => number;
  private readonly ready: Promise<void>;
  private readonly writer: StateFileWriter | undefined;

  constructor(options: EmbeddedCacheStoreOptions = {}) {
    this.file = options.dir === undefined ? undefined : join(options.dir, EMBEDDED_CACHE_FILE);
    this.now = options.now ?? Date.now;
    this.writer = this.file === undefined ? undefined : new StateFileWriter(this.file, () => this.snapshot());
    this.ready = this.load();
    this.ready.catch(() => undefined);
  }

  async getCounter(key: string): Promise<number> {
    return (await this.read(key))?.count ?? 0;
  }

  incrementCounter(key: string, by: number, expiresAt?: number): Promise<number> {
    if (!Number.isFinite(by)) return Promise.reject(new Error('invalid increment: expected a number'));
    return this.write(key, expiresAt, (e) => {
      e.count = (e.count ?? 0) + by;
      return e.count;
    });
  }

  async resetCounter(key: string): Promise<void> {
    await this.write(key, undefined, (e) => {
      delete e.count;
    });
  }

  async getStringSet(key: string): Promise<string[]> {
    return [...((await this.read(key))?.set ?? [])];
  }

  async putStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<void> {
    assertStrings(values);
    await this.write(key, expiresAt, (e) => {
      if (values.length === 0) delete e.set;
      else e.set = sortedUnique(values);
    });
  }

  addToStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]> {
    assertStrings(values);
    return this.write(key, expiresAt, (e) => {
      e.set = sortedUnique([...(e.set ?? []), ...values]);
      if (e.set.length === 0) delete e.set;
      return [...(e.set ?? [])];
    });
  }

  removeFromStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]> {
    assertStrings(values);
    return this.write(key, expiresAt, (e) => {
      const drop = new Set(values);
      const left = (e.set ?? []).filter((v) => !drop.has(v));
      if (left.length === 0) delete e.set;
      else e.set = left;
      return left;
    });
  }

  async resetStringSet(key: string): Promise<void> {
    await this.write(key, undefined, (e) => {
      delete e.set;
    });
  }

  async getDictionary(key: string): Promise<string | undefined> {
    return (await this.read(key))?.dict;
  }

  async putDictionary(key: string, json: string, expiresAt?: number): Promise<void> {
    if (typeof json !== 'string') throw new Error('invalid dictionary: expected JSON text');
    await this.write(key, expiresAt, (e) => {
      e.dict = json;
    });
  }

  async setKeyExpiration(key: string, expiresAt: number): Promise<void> {
    if (expiresAt === undefined) throw new Error('invalid expiresAt: expected epoch seconds');
    await this.write(key, expiresAt, () => undefined);
  }

  /** The live entry of a key, or undefined (absent or expired). */
  private async read(key: string): Promise<CacheEntry | undefined> {
    assertCacheKey(key);
    await this.ready;
    const e = this.entries.get(key);
    return e === undefined || isExpired(e, this.now()) ? undefined : e;
  }

  /** Applies `step` to the key's live entry (a fresh one when absent or expired), then persists. */
  private async write<T>(key: string, expiresAt: number | undefined, step: (e: CacheEntry) => T): Promise<T> {
    assertCacheKey(key);
    assertExpiresAt(expiresAt);
    await this.ready;
    // From here to the flush nothing awaits: concurrent callers see each other's writes.
    let e = this.entries.get(key);
    if (e === undefined || isExpired(e, this.now())) {
      e = {};
      this.entries.set(key, e);
    }
    const out = step(e);
    if (expiresAt !== undefined) e.expiresAt = expiresAt;
    await this.writer?.flush();
    return out;
  }

  private snapshot(): PersistedCache {
    const now = this.now();
    const entries: Array<[string, CacheEntry]> = [];
    for (const [k, e] of this.entries) {
      if (isExpired(e, now)) this.entries.delete(k);
      else entries.push([k, e]);
    }
    return { version: 1, entries };
  }

  private async load(): Promise<void> {
    if (this.file === undefined) return;
    const text = await readIfExists(this.file);
    if (text === undefined) return;
    const state = JSON.parse(text) as PersistedCache;
    if (state.version !== 1 || !Array.isArray(state.entries)) {
      throw new Error(`${this.file}: not a cache file (expected version 1 with entries)`);
    }
    for (const [k, e] of state.entries) this.entries.set(k, e);
  }
}
