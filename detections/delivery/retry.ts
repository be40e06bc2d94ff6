// Retries with exponential backoff and full jitter, honouring Retry-After on 429/503.

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Cap on a server's Retry-After, so one destination cannot stall delivery for long. */
  readonly maxRetryAfterMs: number;
  /** Per-attempt timeout; a timeout counts as a network error. */
  readonly timeoutMs: number;
  /** Injectable for tests. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** What one attempt came to. */
export type AttemptOutcome =
  | { readonly kind: 'ok'; readonly status?: number }
  | { readonly kind: 'http'; readonly status: number; readonly message: string; readonly retryAfter?: string | null }
  | { readonly kind: 'network'; readonly message: string };

export function isRetryable(o: AttemptOutcome): boolean {
  if (o.kind === 'network') return true;
  if (o.kind === 'http') return o.status === 429 || o.status >= 500;
  return false;
}

/** Retry-After: delay-seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before attempt n+1 after attempt n (1-based) failed with `o`. */
export function backoffDelay(attempt: number, o: AttemptOutcome, policy: RetryPolicy, now = Date.now()): number {
  const retryAfter = o.kind === 'http' ? parseRetryAfter(o.retryAfter, now) : undefined;
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

export interface RetryResult {
  readonly last: AttemptOutcome;
  readonly attempts: number;
  readonly delays: number[];
}

export async function withRetries(attempt: (n: number) => Promise<AttemptOutcome>, policy: RetryPolicy): Promise<RetryResult> {
  const delays: number[] = [];
  for (let n = 1; ; n++) {
    const last = await attempt(n);
    if (last.kind === 'ok' || !isRetryable(last) || n >= policy.maxAttempts) return { last, attempts: n, delays };
    const d = backoffDelay(n, last, policy);
    delays.push(d);
    await policy.sleep(d);
  }
}
