// A CacheStore across a thread boundary: detection code in a worker (Pyodide for Python, the
// TypeScript worker pool) calls the store the main thread holds. Requests name a method from a
// fixed list and carry its arguments as a JSON array (they come from detection code, so the
// store's own checks apply); replies are JSON `{ "value": ... }` or `{ "error": "..." }`.
import type { CacheStore } from '../types.js';

/** The CacheStore methods a worker may call. */
export const CACHE_OPS = [
  'getCounter',
  'incrementCounter',
  'resetCounter',
  'getStringSet',
  'putStringSet',
  'addToStringSet',
  'removeFromStringSet',
  'resetStringSet',
  'getDictionary',
  'putDictionary',
  'setKeyExpiration',
] as const;
export type CacheOp = (typeof CACHE_OPS)[number];

const isOp = (op: string): op is CacheOp => (CACHE_OPS as readonly string[]).includes(op);
/** JSON null (Python None) is "not given". */
const opt = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : (v as number));

function call(store: CacheStore, op: CacheOp, a: unknown[]): Promise<unknown> {
  const key = a[0] as string;
  switch (op) {
    case 'getCounter':
      return store.getCounter(key);
    case 'incrementCounter':
      return store.incrementCounter(key, a[1] as number, opt(a[2]));
    case 'resetCounter':
      return store.resetCounter(key);
    case 'getStringSet':
      return store.getStringSet(key);
    case 'putStringSet':
      return store.putStringSet(key, a[1] as string[], opt(a[2]));
    case 'addToStringSet':
      return store.addToStringSet(key, a[1] as string[], opt(a[2]));
    case 'removeFromStringSet':
      return store.removeFromStringSet(key, a[1] as string[], opt(a[2]));
    case 'resetStringSet':
      return store.resetStringSet(key);
    case 'getDictionary':
      return store.getDictionary(key);
    case 'putDictionary':
      return store.putDictionary(key, a[1] as string, opt(a[2]));
    case 'setKeyExpiration':
      return store.setKeyExpiration(key, a[1] as number);
  }
}

/** Runs one request on the store; never rejects (a failure is the reply). */
export async function serveCacheCall(store: CacheStore, op: string, argsJson: string): Promise<string> {
  try {
    if (!isOp(op)) throw new Error(`unknown cache operation ${JSON.stringify(op.slice(0, 40))}`);
    const args: unknown = JSON.parse(argsJson);
    if (!Array.isArray(args)) throw new Error('cache arguments: expected a JSON array');
    const value = await call(store, op, args);
    return JSON.stringify(value === undefined ? {} : { value });
  } catch (err) {
    // The store's own messages (invalid key, ...) or an AWS error's name and message: no secrets.
    return JSON.stringify({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
}

/** Sends one request to the thread holding the store and resolves with its JSON reply. */
export type CacheTransport = (op: CacheOp, argsJson: string) => Promise<string>;

/** The worker's side: a CacheStore whose every call goes through a transport. */
export class RemoteCacheStore implements CacheStore {
  constructor(private readonly send: CacheTransport) {}

  private async call<T>(op: CacheOp, ...args: unknown[]): Promise<T> {
    const reply = JSON.parse(await this.send(op, JSON.stringify(args.map((a) => (a === undefined ? null : a))))) as { value?: T; error?: string };
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.value as T;
  }

  getCounter(key: string): Promise<number> {
    return this.call('getCounter', key);
  }
  incrementCounter(key: string, by: number, expiresAt?: number): Promise<number> {
    return this.call('incrementCounter', key, by, expiresAt);
  }
  resetCounter(key: string): Promise<void> {
    return this.call('resetCounter', key);
  }
  getStringSet(key: string): Promise<string[]> {
    return this.call('getStringSet', key);
  }
  putStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<void> {
    return this.call('putStringSet', key, values, expiresAt);
  }
  addToStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]> {
    return this.call('addToStringSet', key, values, expiresAt);
  }
  removeFromStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]> {
    return this.call('removeFromStringSet', key, values, expiresAt);
  }
  resetStringSet(key: string): Promise<void> {
    return this.call('resetStringSet', key);
  }
  getDictionary(key: string): Promise<string | undefined> {
    return this.call<string | undefined>('getDictionary', key);
  }
  putDictionary(key: string, json: string, expiresAt?: number): Promise<void> {
    return this.call('putDictionary', key, json, expiresAt);
  }
  setKeyExpiration(key: string, expiresAt: number): Promise<void> {
    return this.call('setKeyExpiration', key, expiresAt);
  }
}
