// Secrets Manager Secret Rotates Automatically: Automatic rotation is on, at most every 90 days.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Secret {
  readonly RotationEnabled: boolean;
  readonly RotationRules: { readonly AutomaticallyAfterDays?: number; readonly ScheduleExpression?: string } | null;
}

export function policy(event: PantherEvent<Secret>): boolean {
  const resource = event.data;
  if (resource.RotationEnabled !== true) return false;
  // A schedule expression (cron/rate) is accepted as configured; a day count must be <= 90.
  const days = resource.RotationRules?.AutomaticallyAfterDays;
  return days === undefined || days <= 90;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Secrets Manager Secret Rotates Automatically');
}
