import { parseEpoch, parseRfc3339 } from '../core/time.js';

/**
 * Cloudflare Logpush timestamps, in whichever encoding the job's timestamp_format chose:
 * RFC 3339 strings (rfc3339, rfc3339ms, rfc3339ns) or epoch numbers (unix seconds, unixmilli,
 * unixnano, the default). Panther told seconds from nanoseconds by size; milli- and
 * microseconds are told the same way. Nanosecond numbers beyond 2^53 lose their last digits
 * in any JSON parser, so their sub-microsecond part is approximate.
 */
export function cloudflareTimestamp(raw: unknown): string | null {
  if (typeof raw === 'string') return parseRfc3339(raw);
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) return null;
  if (raw < 1e11) return parseEpoch(raw, 'unix'); // seconds, up to the year 5138
  if (raw < 1e14) return parseEpoch(raw, 'unix_ms');
  return fraction(raw, raw < 1e17 ? 6 : 9);
}

/** Micro- or nanoseconds split into whole seconds and fraction digits, so no float scaling blurs them. */
function fraction(n: number, digits: 6 | 9): string | null {
  const scale = digits === 6 ? 1e6 : 1e9;
  const secs = Math.floor(n / scale);
  const rest = Math.max(0, Math.round(n - secs * scale));
  return parseEpoch(`${secs}.${String(rest).padStart(digits, '0')}`, 'unix');
}

/** Which of these keys the object has, for accept() checks. */
export function hasAny(obj: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) return true;
  return false;
}
