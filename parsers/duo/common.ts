// What the four Duo Admin API log types share: the pair of timestamps every record carries and
// the indicators hidden in the JSON text of `description`.
import { timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';

export const REFERENCE = 'https://duo.com/docs/adminapi#logs';

export const isoTimestampField = timestamp({ required: true, description: 'ISO 8601 timestamp of the event.' });
export const unixTimestampField = timestamp({ format: 'unix', description: 'Unix timestamp of the event (seconds).' });

/** Duo's description is free text or a serialized JSON object; the object, or undefined. */
export function descriptionObject(description: string | undefined): Record<string, unknown> | undefined {
  if (description === undefined || !description.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(description);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Indicators of a description object (admin_login details, user updates, Windows Logon clients). */
export function descriptionIndicators(description: string | undefined, set: IndicatorSet): void {
  const d = descriptionObject(description);
  if (d === undefined) return;
  set.add('ip', d.ip_address);
  set.add('email', d.email);
  set.add('hostname', d.hostname);
  set.add('username', d.username);
}

/**
 * The actions of offline enrollment records (Duo Authentication for Windows Logon). These records
 * have exactly the administrator log's keys, so the action value alone tells the two apart.
 */
export const OFFLINE_ENROLLMENT_ACTIONS: ReadonlySet<unknown> = new Set(['o2fa_user_provisioned', 'o2fa_user_deprovisioned', 'o2fa_user_reenrolled']);

/** Keys of authentication and telephony records: an administrator-shaped record with them is something else. */
export function foreignKey(obj: Record<string, unknown>, keys: readonly string[]): string | undefined {
  return keys.find((k) => obj[k] !== undefined);
}
