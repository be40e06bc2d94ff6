// Rescans from processed AWS.CloudTrail events: the lake's ObjectCreated notification of a
// normalized CloudTrail object (gzip JSON lines under logs/aws_cloudtrail/) -> every line's
// rescan targets (a normalized event keeps CloudTrail's field names, so it is the record itself)
// -> the onboarded accounts' units, merged over the whole message -> the same debounced, delayed
// tail as the EventBridge path (enqueue.ts queueRescans). With both paths set up, one call arrives
// twice; the debouncer joins the second to the rescan the first left pending.
//
// The lines are log data, attacker-influenced: a line that is not a JSON object is counted and
// skipped, never fails the message. The object is streamed, and the targets are merged as they
// come, so memory follows the number of units (each capped at MAX_UNIT_RESOURCES resources, then
// widened to the whole type), not the number of lines.
import type { ObjectStore } from '../../adapters/object-store.js';
import { CLOUDTRAIL_LAKE_PREFIX, rescanTargets, type CloudTrailRecord, type RescanTarget } from '../../cloud-security/realtime/cloudtrail-targets.js';
import type { ScanUnit } from '../../cloud-security/units/unit.js';
import { objectsFromMessage } from '../../processing/notifications.js';
import { isoTimestamp } from '../../query/values.js';
import { readUnits } from '../../processing/reader.js';
import { onboardedCoalescer, queueRescans, type EnqueueDeps } from './enqueue.js';

export { CLOUDTRAIL_LAKE_PREFIX };

export interface LakeRescanDeps extends EnqueueDeps {
  /** The lake (S3 on AWS, a directory locally). */
  readonly lake: ObjectStore;
  /** Objects of other buckets named by a notification are ignored. */
  readonly lakeBucket: string;
  /**
   * Events older than this (by p_event_time) rescan nothing: a backfill of old trails must not
   * flood the scanners, and the scheduled full scans have seen those changes since. Default 24 h.
   */
  readonly maxEventAgeMs?: number;
}

export interface LakeRescanReport {
  readonly kind: 'lake';
  /** CloudTrail objects of the lake read. */
  readonly objects: number;
  readonly lines: number;
  /** Lines that are not a JSON object (skipped). */
  readonly malformed: number;
  /** Events older than maxEventAgeMs (skipped). */
  readonly stale: number;
  /** Targets of the lines, before accounts were checked and units merged. */
  readonly targets: number;
  readonly queued: number;
  readonly joined: number;
}

/** Targets held before they are merged into units: bounds memory on objects of many writes. */
const MERGE_EVERY = 1000;

const isRecord = (v: unknown): v is CloudTrailRecord & { p_event_time?: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);

const DEFAULT_MAX_EVENT_AGE_MS = 24 * 3600_000;

/** The lake's `YYYY-MM-DD HH:MM:SS.fffffffff` (UTC) as epoch ms; NaN when it is not one. */
function lakeTimeMs(v: unknown): number {
  return typeof v === 'string' ? Date.parse(isoTimestamp(v)) : Number.NaN;
}

/** A merged unit as a target again: coalescing its own output gives the same unit. */
const asTarget = (u: ScanUnit): RescanTarget => ({ accountId: u.accountId, region: u.region, resourceType: u.resourceType, partition: u.partition, resources: u.resources ?? [] });

/**
 * The lake keys of a notification that hold normalized CloudTrail events. The current version is
 * read, not the notified one: the role has s3:GetObject only, and a rerun of the processor
 * replaces an object with the same events.
 */
export function cloudTrailKeys(body: string, lakeBucket: string): string[] {
  return [...new Set(objectsFromMessage(body).filter((r) => r.bucket === lakeBucket && r.key.startsWith(CLOUDTRAIL_LAKE_PREFIX)).map((r) => r.key))];
}

/**
 * One queue message (an S3 notification, raw or SNS-wrapped): its CloudTrail objects read, their
 * rescans queued. Throws when the notification is not one or an object cannot be read (the message
 * is retried, then dead-lettered); bad lines only count.
 */
export async function rescanFromNotification(body: string, deps: LakeRescanDeps): Promise<LakeRescanReport> {
  const keys = cloudTrailKeys(body, deps.lakeBucket);
  let lines = 0;
  let malformed = 0;
  let stale = 0;
  let targets = 0;
  if (keys.length === 0) return { kind: 'lake', objects: 0, lines, malformed, stale, targets, queued: 0, joined: 0 };
  // An event without a readable time is kept: the processor always writes one, so this is rare.
  const oldest = deps.now().getTime() - (deps.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS);

  const coalesce = await onboardedCoalescer(deps);
  let units: ScanUnit[] = [];
  let pending: RescanTarget[] = [];
  const merge = (): void => {
    if (pending.length === 0) return;
    units = coalesce([...units.map(asTarget), ...pending]);
    pending = [];
  };
  for (const key of keys) {
    const obj = await deps.lake.get(key);
    await readUnits(
      obj.body,
      (u) => {
        lines++;
        let event: unknown;
        try {
          event = JSON.parse(u.bytes.toString('utf8'));
        } catch {
          malformed++;
          return;
        }
        if (!isRecord(event)) {
          malformed++;
          return;
        }
        if (lakeTimeMs(event.p_event_time) < oldest) {
          stale++;
          return;
        }
        const found = rescanTargets(event);
        targets += found.length;
        for (const t of found) pending.push(t);
      },
      () => {
        if (pending.length >= MERGE_EVERY) merge();
      },
    );
  }
  merge();
  return { kind: 'lake', objects: keys.length, lines, malformed, stale, targets, ...(await queueRescans(units, deps)) };
}
