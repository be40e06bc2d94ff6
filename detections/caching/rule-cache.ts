// The caching helpers TypeScript detections import: Panther's panther_detection_helpers.caching
// with camelCase names, async (await them). Same semantics and TTL convention as the Python module:
// `epochSeconds` below 604,801 counts seconds from now, a larger value is an epoch time, and
// omitting it means 90 days from now.
//
//   import { incrementCounter } from '../../../../detections/caching/rule-cache.js';
//   export async function rule(event: Event): Promise<boolean> {
//     return (await incrementCounter(`failed:${event.get('user')}`, 1, 3600)) >= 5;
//   }
//
// The store is the one the engine runs with (runDetections' `cache`; in the worker pool, the main
// thread's store through messages). Without one it is an in-memory store, lost when the process ends.
import type { CacheStore } from '../types.js';
import { EmbeddedCacheStore } from './embedded-cache.js';
import { resolveEpochSeconds } from './entry.js';

let active: CacheStore = new EmbeddedCacheStore();
let clock: () => number = Date.now;

/**
 * Makes `store` the one detections in this thread use (the engine calls it); returns the previous
 * one so the caller can restore it. Without a store: a fresh in-memory one.
 */
export function useCacheStore(store: CacheStore | undefined, now: () => number = Date.now): CacheStore {
  const previous = active;
  active = store ?? new EmbeddedCacheStore();
  clock = now;
  return previous;
}

const expiry = (epochSeconds: number | string | null | undefined): number => resolveEpochSeconds(epochSeconds, clock());
const strings = (val: string | Iterable<string>): string[] => (typeof val === 'string' ? [val] : [...new Set(val)].map(String));

export function getCounter(key: string): Promise<number> {
  return active.getCounter(key);
}

export function incrementCounter(key: string, val = 1, epochSeconds?: number | string | null): Promise<number> {
  return active.incrementCounter(key, val, expiry(epochSeconds));
}

export function resetCounter(key: string): Promise<void> {
  return active.resetCounter(key);
}

export function setKeyExpiration(key: string, epochSeconds: number | string | null | undefined): Promise<void> {
  return active.setKeyExpiration(key, expiry(epochSeconds));
}

export async function getStringSet(key: string): Promise<Set<string>> {
  return new Set(await active.getStringSet(key));
}

export function putStringSet(key: string, val: Iterable<string>, epochSeconds?: number | string | null): Promise<void> {
  return active.putStringSet(key, strings(val), expiry(epochSeconds));
}

export async function addToStringSet(key: string, val: string | Iterable<string>, epochSeconds?: number | string | null): Promise<Set<string>> {
  const values = strings(val);
  if (values.length === 0) return getStringSet(key);
  return new Set(await active.addToStringSet(key, values, expiry(epochSeconds)));
}

export async function removeFromStringSet(key: string, val: string | Iterable<string>, epochSeconds?: number | string | null): Promise<Set<string>> {
  const values = strings(val);
  if (values.length === 0) return getStringSet(key);
  return new Set(await active.removeFromStringSet(key, values, expiry(epochSeconds)));
}

export function resetStringSet(key: string): Promise<void> {
  return active.resetStringSet(key);
}

export function putDictionary(key: string, val: Readonly<Record<string, unknown>>, epochSeconds?: number | string | null): Promise<void> {
  if (val === null || typeof val !== 'object' || Array.isArray(val)) return Promise.reject(new TypeError('putDictionary: value is not a dictionary'));
  return active.putDictionary(key, JSON.stringify(val), expiry(epochSeconds));
}

export async function getDictionary(key: string): Promise<Record<string, unknown>> {
  const data = await active.getDictionary(key);
  return data ? (JSON.parse(data) as Record<string, unknown>) : {};
}

/** Counts one occurrence; true (and reset) once the count within `expirySeconds` of the first reaches `threshold`. */
export async function evaluateThreshold(key: string, threshold = 10, expirySeconds = 3600): Promise<boolean> {
  const count = await active.incrementCounter(key, 1);
  if (count === 1) await active.setKeyExpiration(key, Math.floor(clock() / 1000) + expirySeconds);
  if (count >= threshold) {
    await active.resetCounter(key);
    return true;
  }
  return false;
}
