// Plain JSON values shared by both engines, so the same query gives the same rows on either.

/**
 * `2023-07-19 21:44:40[.fffffffff]` (DuckDB and Athena text) → `2023-07-19T21:44:40.000Z`:
 * milliseconds always, microseconds only when they are not zero. Other text is returned as is.
 */
export function isoTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:Z|\+00(?::?00)?| UTC)?$/.exec(text);
  if (m === null) return text;
  let frac = (m[3] ?? '').slice(0, 6).padEnd(3, '0');
  if (frac.length > 3 && /^0+$/.test(frac.slice(3))) frac = frac.slice(0, 3);
  return `${m[1]}T${m[2]}.${frac}Z`;
}

/** A 64-bit integer as a number when that is exact, else its decimal text. */
export function safeInteger(v: bigint | string): number | string {
  const b = typeof v === 'bigint' ? v : BigInt(v);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b.toString();
}
