// CloudWatch Log Group Keeps Logs At Least A Year: The log group keeps its events at least 365 days (never expiring counts).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface LogGroup {
  readonly RetentionInDays: number | null;
}

export function policy(event: PantherEvent<LogGroup>): boolean {
  const resource = event.data;
  // No retention setting: events never expire.
  return resource.RetentionInDays === null || resource.RetentionInDays >= 365;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudWatch Log Group Keeps Logs At Least A Year');
}
