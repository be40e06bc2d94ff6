// The scan of one account: global scanners once, regional scanners in every region, with bounded
// concurrency, the account's ignore lists applied, and disabled regions skipped with one reason.
import { recordProblem } from './scanners/common.js';
import type { ResourceScanner, ResourceSnapshot, ScanContext, ScanProblem } from './types.js';

export interface ScanIgnore {
  /** Regions not scanned at all (their regional scanners are not run). */
  readonly regions?: readonly string[];
  /** Resource types whose scanners are not run. */
  readonly resourceTypes?: readonly string[];
  /** Regular expressions on ResourceId: matching snapshots, and problems about them, are dropped. */
  readonly resourceIdPatterns?: readonly (string | RegExp)[];
}

export interface AccountScanOptions {
  readonly accountId: string;
  readonly partition: string;
  /** The regions to scan regional resource types in. */
  readonly regions: readonly string[];
  /** SDK client configuration (credentials, retries) for a region. */
  readonly clientConfigFor: (region: string) => ScanContext['clientConfig'];
  readonly scanners: readonly ResourceScanner[];
  readonly ignore?: ScanIgnore;
  /** Scanners running at once across the account (default 4). */
  readonly concurrency?: number;
  /** A targeted scan: only these resources (ids, ARNs or names; see ScanContext.only). Absent: all. */
  readonly only?: readonly string[];
}

export interface AccountScanResult {
  readonly snapshots: ResourceSnapshot[];
  readonly problems: ScanProblem[];
}

/** The resource type recorded with a problem that concerns a whole region, not one type. */
export const ALL_TYPES = '*';

/** Where global resources (IAM, CloudFront-scoped WAF) are read from, per partition. */
const GLOBAL_REGION: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1',
};

export function globalRegion(partition: string): string {
  return GLOBAL_REGION[partition] ?? 'us-east-1';
}

/** Runs at most `limit` of the functions given to it at once. */
function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (active < limit) active++;
    // Else wait for a finishing function to hand its slot over (active stays the same).
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export async function scanAccount(opts: AccountScanOptions): Promise<AccountScanResult> {
  const ignoredTypes = new Set(opts.ignore?.resourceTypes ?? []);
  const ignoredRegions = new Set(opts.ignore?.regions ?? []);
  const idPatterns = (opts.ignore?.resourceIdPatterns ?? []).map((p) => (typeof p === 'string' ? new RegExp(p) : p));
  const ignoredId = (id: string | undefined): boolean => id !== undefined && idPatterns.some((re) => re.test(id));

  const scanners = opts.scanners.filter((s) => !ignoredTypes.has(s.resourceType));
  const globals = scanners.filter((s) => s.global === true);
  const regionals = scanners.filter((s) => s.global !== true);
  const regions = [...new Set(opts.regions)].filter((r) => !ignoredRegions.has(r));

  const snapshots: ResourceSnapshot[] = [];
  const problems: ScanProblem[] = [];
  const limit = limiter(Math.max(1, opts.concurrency ?? 4));

  /** Runs one scanner in one region; what it yields and records is returned, not yet kept. */
  async function run(scanner: ResourceScanner, region: string): Promise<AccountScanResult> {
    const found: ResourceSnapshot[] = [];
    const recorded: ScanProblem[] = [];
    const ctx: ScanContext = {
      accountId: opts.accountId,
      region,
      partition: opts.partition,
      clientConfig: opts.clientConfigFor(region),
      problem: (p) => recorded.push(p),
      ...(opts.only !== undefined ? { only: opts.only } : {}),
    };
    try {
      for await (const s of scanner.scan(ctx)) if (!ignoredId(s.ResourceId)) found.push(s);
    } catch (err) {
      // A scanner that fails outright gives nothing for the type: a partial list would look
      // like deleted resources.
      found.length = 0;
      recordProblem(ctx, scanner.resourceType, err);
    }
    return { snapshots: found, problems: recorded.filter((p) => !ignoredId(p.resourceId)) };
  }

  function keep(r: AccountScanResult): void {
    snapshots.push(...r.snapshots);
    problems.push(...r.problems);
  }

  async function scanRegion(region: string): Promise<void> {
    const [first, ...rest] = regionals;
    if (first === undefined) return;
    // The region's first scanner goes alone: if its calls say the region is not enabled for the
    // account (or an SCP denies it), the region is skipped with one problem, not one per type.
    const probe = await limit(() => run(first, region));
    const off = probe.problems.find((p) => p.kind === 'region-disabled');
    if (off !== undefined) {
      problems.push({ resourceType: ALL_TYPES, region, kind: 'region-disabled', message: `region skipped: ${off.message}` });
      return;
    }
    keep(probe);
    await Promise.all(rest.map((s) => limit(() => run(s, region)).then(keep)));
  }

  const home = globalRegion(opts.partition);
  await Promise.all([
    ...globals.map((s) => limit(() => run(s, home)).then(keep)),
    ...regions.map((r) => scanRegion(r)),
  ]);
  return { snapshots, problems };
}
