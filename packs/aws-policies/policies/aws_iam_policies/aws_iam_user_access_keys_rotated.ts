// IAM User Access Keys Rotated Every 90 Days: Active access keys are younger than 90 days.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface User {
  readonly CredentialReport: {
    readonly AccessKey1Active: boolean | null;
    readonly AccessKey1LastRotated: string | null;
    readonly AccessKey2Active: boolean | null;
    readonly AccessKey2LastRotated: string | null;
  } | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days since an ISO date, or undefined when there is none. */
function daysSince(iso: string | null, now: number): number | undefined {
  if (iso === null) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / DAY_MS);
}

const MAX_AGE_DAYS = 90;

export function policy(event: PantherEvent<User>): boolean {
  const resource = event.data;
  const r = resource.CredentialReport;
  if (r === null) return true;
  const now = Date.now();
  const old = (active: boolean | null, rotated: string | null) => active === true && (daysSince(rotated, now) ?? 0) > MAX_AGE_DAYS;
  return !old(r.AccessKey1Active, r.AccessKey1LastRotated) && !old(r.AccessKey2Active, r.AccessKey2LastRotated);
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'IAM User Access Keys Rotated Every 90 Days');
}
