// Shared by every scanner: the common snapshot fields, the classification of AWS errors, the
// list and detail call wrappers, and the conversion of SDK output into snapshot JSON.
import type { ResourceSnapshot, ScanContext, ScanProblem } from '../types.js';

/** The common fields of a snapshot; the type's own fields are spread after them. */
export function baseSnapshot(
  ctx: ScanContext,
  resourceType: string,
  fields: { id: string; arn?: string | null; name?: string | null; tags?: Record<string, string>; created?: Date | string | null; region?: string },
): ResourceSnapshot {
  const created = fields.created instanceof Date ? fields.created.toISOString() : (fields.created ?? null);
  return {
    ResourceId: fields.id,
    ResourceType: resourceType,
    AccountId: ctx.accountId,
    Region: fields.region ?? ctx.region,
    Name: fields.name ?? null,
    ARN: fields.arn ?? null,
    Tags: fields.tags ?? {},
    TimeCreated: created,
  };
}

/** The identifiers a rescan can name a resource by: its snapshot's ResourceId, ARN and Name. */
export interface ResourceKeys {
  readonly id: string;
  readonly arn?: string | null;
  readonly name?: string | null;
}

/**
 * Whether a rescan's key names the resource: the key is its ResourceId, ARN or Name, or the last
 * segment of its ARN-like id (a security group id, a KMS key id, a bucket name). The one matching
 * rule for scanners (before their detail calls) and for the rescan's filter of snapshots.
 */
export function matchesKey(r: ResourceKeys, key: string): boolean {
  if (key === '') return false;
  return r.id === key || r.arn === key || r.name === key || r.id.endsWith(`/${key}`) || r.id.endsWith(`:${key}`);
}

/**
 * Whether a targeted scan asked for the resource (always, for a full scan). Scanners call it on
 * listed items before their per-resource detail calls, with the keys the snapshot will carry.
 */
export function wanted(ctx: Pick<ScanContext, 'only'>, r: ResourceKeys): boolean {
  return ctx.only === undefined || ctx.only.some((k) => matchesKey(r, k));
}

/** The listed items a targeted scan asked for: the same array for a full scan. */
export function onlyWanted<T>(ctx: Pick<ScanContext, 'only'>, items: readonly T[], keys: (item: T) => ResourceKeys): T[] {
  if (ctx.only === undefined) return items as T[];
  return items.filter((i) => wanted(ctx, keys(i)));
}

/** AWS tag lists ([{Key, Value}] in any of the casings services use) as a map. */
export function tagMap(tags: ReadonlyArray<{ Key?: string; Value?: string; key?: string; value?: string; TagKey?: string; TagValue?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    const k = t.Key ?? t.key ?? t.TagKey;
    if (k !== undefined) out[k] = t.Value ?? t.value ?? t.TagValue ?? '';
  }
  return out;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'AuthorizationErrorException', 'Forbidden']);
// SQS answers RequestThrottled and WAF Classic WAFLimitsExceededException for its rate limits.
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'ThrottledException',
  'RequestThrottled',
  'WAFLimitsExceededException',
]);
const REGION_OFF = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'OptInRequired', 'AuthFailure']);

/** What kind of problem an AWS SDK error is (its `name` is the error code). */
export function problemKind(err: unknown): ScanProblem['kind'] {
  const name = (err as { name?: string })?.name ?? '';
  if (DENIED.has(name)) return 'access-denied';
  if (THROTTLED.has(name)) return 'throttled';
  if (REGION_OFF.has(name)) return 'region-disabled';
  return 'error';
}

/** Records an error as a problem of the scan: `<Code>: <message>`. */
export function recordProblem(ctx: ScanContext, resourceType: string, err: unknown, resourceId?: string): void {
  const e = err as { name?: string; message?: string };
  ctx.problem({
    resourceType,
    region: ctx.region,
    ...(resourceId !== undefined ? { resourceId } : {}),
    kind: problemKind(err),
    message: `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`,
  });
}

/**
 * Runs `fn` over items with at most `limit` in flight: per-resource detail calls (tags, policies)
 * go in parallel without tripping the service's rate limits.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Per-resource detail calls in flight at once, per scanner. */
export const DETAIL_CONCURRENCY = 5;

/**
 * Runs one per-resource detail call. An error whose code is in `notConfigured` means the setting
 * does not exist (NoSuchEntity, NoSuchBucketPolicy...): null, nothing recorded. Any other error
 * (denied, throttled past the SDK's retries, unexpected) is recorded against the resource and also
 * gives null, so the resource is still yielded.
 */
export async function detail<T>(
  ctx: ScanContext,
  resourceType: string,
  resourceId: string,
  call: () => Promise<T>,
  notConfigured: readonly string[] = [],
): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    const name = (err as { name?: string })?.name ?? '';
    if (!notConfigured.includes(name)) recordProblem(ctx, resourceType, err, resourceId);
    return null;
  }
}

/** Collects every item of every page of an SDK paginator (errors propagate to the caller). */
export async function collect<P, I>(pages: AsyncIterable<P>, items: (page: P) => readonly I[] | undefined): Promise<I[]> {
  const out: I[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

/**
 * Runs the list call(s) of a type: a failure is recorded and gives null, and the caller yields
 * nothing for the type (a partial list would look like deleted resources).
 */
export async function listOrProblem<T>(ctx: ScanContext, resourceType: string, list: () => Promise<T>): Promise<T | null> {
  try {
    return await list();
  } catch (err) {
    recordProblem(ctx, resourceType, err);
    return null;
  }
}

/** A whole paginated listing, read before anything is yielded; see `listOrProblem`. */
export function listAll<P, I>(
  ctx: ScanContext,
  resourceType: string,
  pages: () => AsyncIterable<P>,
  items: (page: P) => readonly I[] | undefined,
): Promise<I[] | null> {
  return listOrProblem(ctx, resourceType, () => collect(pages(), items));
}

/**
 * SDK output as snapshot JSON: Dates become ISO strings (at any depth), byte arrays base64,
 * `$metadata` (the SDK's transport bookkeeping) and undefined fields are dropped.
 */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined) continue;
      out[k] = plain(v);
    }
    return out;
  }
  return value;
}

/** `plain` of an API object, without the fields the common snapshot fields already hold. */
export function plainObject(value: object | null | undefined, omit: readonly string[] = []): Record<string, unknown> {
  const out = plain(value ?? {}) as Record<string, unknown>;
  for (const k of omit) delete out[k];
  return out;
}

/**
 * Services whose JSON protocol uses camelCase (ECS, EKS): keys get an upper-case first letter, as
 * Panther's snapshots hold them (e.g. `ResourcesVpcConfig`). The values of free-form maps (tags,
 * labels) keep their keys as they are.
 */
export function pascalKeys(value: unknown, freeFormMaps: ReadonlySet<string> = new Set(['tags', 'labels'])): unknown {
  const v = plain(value);
  if (Array.isArray(v)) return v.map((x) => pascalKeys(x, freeFormMaps));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k.charAt(0).toUpperCase() + k.slice(1)] = freeFormMaps.has(k) ? x : pascalKeys(x, freeFormMaps);
    }
    return out;
  }
  return v;
}

/** A Date or ISO string as an ISO string, null when absent. */
export function iso(d: Date | string | undefined | null): string | null {
  if (d === undefined || d === null) return null;
  return d instanceof Date ? d.toISOString() : d;
}

/** Epoch seconds or milliseconds (as number or string, as SQS and Logs give them) as ISO. */
export function epochToIso(v: number | string | undefined, unit: 's' | 'ms'): string | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n)) return null;
  return new Date(unit === 's' ? n * 1000 : n).toISOString();
}
