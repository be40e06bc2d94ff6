// The local snapshot fixture: two accounts' resources, of every type the scanners snapshot, as the
// real scanners produced them against a mocked AWS organization
// (tests/cloud-security/fixtures/record-fixture.ts records it), one JSON snapshot per line. Local
// mode scans it instead of AWS, so `npm start` shows compliance results.
//
// The fixture was recorded as of FIXTURE_AS_OF. Policies measure ages against the clock (access
// keys older than 90 days...), so loading rebases every timestamp by (asOf - FIXTURE_AS_OF): the
// resources keep their ages, and the PASS/FAIL counts do not drift as the calendar moves on.
import { DirObjectStore } from '../adapters/local/dir-object-store.js';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PolicyItem } from '../detections/analysis/spec.js';
import { EmbeddedAlertStore } from '../detections/alerting/embedded-store.js';
import { alertStateDir } from '../detections/pipeline/local.js';
import { EmbeddedComplianceStore } from './compliance/embedded-store.js';
import { loadPolicies } from './evaluate.js';
import { scanAndEvaluate, type ScanAndEvaluateResult } from './pipeline.js';
import { saveResources } from './resource-store.js';
import { parseFixture } from './snapshots-jsonl.js';
import type { ResourceSnapshot } from './types.js';

export { parseFixture, serializeFixture } from './snapshots-jsonl.js';

export const FIXTURE_FILE = fileURLToPath(new URL('./fixtures/snapshots.jsonl', import.meta.url));
export const FIXTURE_AS_OF = new Date('2026-03-01T00:00:00.000Z');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Every ISO-8601 timestamp string (at any depth) moved by `deltaMs`; other values as they are. */
export function rebaseTimes<T>(value: T, deltaMs: number): T {
  if (deltaMs === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ISO.test(v) ? new Date(Date.parse(v) + deltaMs).toISOString() : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The fixture's snapshots, rebased to `asOf` (default now; FIXTURE_AS_OF gives them as recorded). */
export async function loadFixture(asOf: Date = new Date(), file = FIXTURE_FILE): Promise<ResourceSnapshot[]> {
  const snapshots = parseFixture(await readFile(file, 'utf8'));
  return rebaseTimes(snapshots, asOf.getTime() - FIXTURE_AS_OF.getTime());
}

export interface ScanFixtureOptions {
  /** The local lake directory: compliance and alerts are kept under <lake>/state/. */
  readonly lakeDir: string;
  readonly now?: Date;
  /** Policies to run (default: the built-in pack). */
  readonly policies?: readonly PolicyItem[];
  /** A Panther-format directory of extra policies (replacing pack policies with the same ID). */
  readonly policiesDir?: string;
  readonly timeLimitMs?: number;
}

/** Local mode's scan: the fixture, evaluated, recorded in the embedded stores, policy alerts opened. */
export async function scanFixture(opts: ScanFixtureOptions): Promise<ScanAndEvaluateResult & { loadErrors: string[] }> {
  const now = opts.now ?? new Date();
  let policies = opts.policies;
  const specErrors: string[] = [];
  if (policies === undefined) {
    const loaded = await loadPolicies(opts.policiesDir);
    policies = loaded.policies;
    specErrors.push(...loaded.errors);
  }
  const dir = alertStateDir(opts.lakeDir);
  const result = await scanAndEvaluate({
    snapshots: await loadFixture(now),
    policies,
    compliance: new EmbeddedComplianceStore({ dir }),
    alerts: new EmbeddedAlertStore({ dir }),
    // Compliance.History and Resource.History rows, queryable like any lake table.
    lake: new DirObjectStore(opts.lakeDir),
    now,
    ...(opts.timeLimitMs !== undefined ? { timeLimitMs: opts.timeLimitMs } : {}),
  });
  await saveResources(dir, result.snapshots);
  return { ...result, loadErrors: [...specErrors, ...result.loadErrors] };
}
