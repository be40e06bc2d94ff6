// IAM User Credentials Unused For 45 Days Are Disabled: An enabled password or active access key that was not used in 45 days (or never, 45 days after it was made) should be disabled.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Report {
  readonly UserCreationTime: string | null;
  readonly PasswordEnabled: boolean | null;
  readonly PasswordLastUsed: string | null;
  readonly PasswordLastChanged: string | null;
  readonly AccessKey1Active: boolean | null;
  readonly AccessKey1LastRotated: string | null;
  readonly AccessKey1LastUsedDate: string | null;
  readonly AccessKey2Active: boolean | null;
  readonly AccessKey2LastRotated: string | null;
  readonly AccessKey2LastUsedDate: string | null;
}
interface User {
  readonly CredentialReport: Report | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days since an ISO date, or undefined when there is none. */
function daysSince(iso: string | null, now: number): number | undefined {
  if (iso === null) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / DAY_MS);
}

const MAX_IDLE_DAYS = 45;

/** A credential is stale when its last use (else its creation) is older than the limit. */
function stale(lastUsed: string | null, issued: string | null, now: number): boolean {
  const days = daysSince(lastUsed ?? issued, now);
  return days !== undefined && days > MAX_IDLE_DAYS;
}

export function policy(event: PantherEvent<User>): boolean {
  const resource = event.data;
  const r = resource.CredentialReport;
  if (r === null) return true;
  const now = Date.now();
  if (r.PasswordEnabled === true && stale(r.PasswordLastUsed, r.PasswordLastChanged ?? r.UserCreationTime, now)) return false;
  if (r.AccessKey1Active === true && stale(r.AccessKey1LastUsedDate, r.AccessKey1LastRotated, now)) return false;
  if (r.AccessKey2Active === true && stale(r.AccessKey2LastUsedDate, r.AccessKey2LastRotated, now)) return false;
  return true;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'IAM User Credentials Unused For 45 Days Are Disabled');
}
