// What both cache stores share: key validation, the Panther TTL convention, and the pure state
// steps of one key (the embedded store applies them directly; DynamoDB expresses them as updates).

/** Panther's default expiry of a key written without one: 90 days. */
export const DEFAULT_TTL_SECONDS = 90 * 24 * 3600;
/** Panther reads an `epoch_seconds` below this as seconds from now rather than an epoch time (7 days + 1 s). */
export const RELATIVE_TTL_LIMIT = 604_801;
/** Longest key in characters: at most 2,000 UTF-8 bytes, within DynamoDB's 2,048-byte partition key limit. */
export const MAX_KEY_LENGTH = 500;

export function assertCacheKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new Error(`invalid cache key: expected a string of 1 to ${MAX_KEY_LENGTH} characters`);
  }
}

export function assertExpiresAt(expiresAt: unknown): asserts expiresAt is number | undefined {
  if (expiresAt !== undefined && !(typeof expiresAt === 'number' && Number.isFinite(expiresAt))) {
    throw new Error('invalid expiresAt: expected epoch seconds');
  }
}

export function assertStrings(values: unknown): asserts values is readonly string[] {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) throw new Error('invalid string set: expected strings');
}

/**
 * Panther's `epoch_seconds` argument as an absolute expiry (epoch seconds): a number (or numeric
 * string) below RELATIVE_TTL_LIMIT counts from now, a larger one is an epoch time; anything else
 * (None, undefined) means the default of 90 days from now.
 */
export function resolveEpochSeconds(epochSeconds: unknown, nowMs: number): number {
  let v = epochSeconds;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) v = Number(v);
  const now = Math.floor(nowMs / 1000);
  if (typeof v !== 'number' || !Number.isFinite(v)) return now + DEFAULT_TTL_SECONDS;
  const t = Math.trunc(v);
  return t < RELATIVE_TTL_LIMIT ? now + t : t;
}

/** One key's state; absent fields are absent values. */
export interface CacheEntry {
  count?: number;
  /** Sorted, unique. */
  set?: string[];
  dict?: string;
  /** Epoch seconds. */
  expiresAt?: number;
}

/** Whether the entry's expiry has passed at `nowMs`. */
export function isExpired(entry: Pick<CacheEntry, 'expiresAt'>, nowMs: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt * 1000 <= nowMs;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
