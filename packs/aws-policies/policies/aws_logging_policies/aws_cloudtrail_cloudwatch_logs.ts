// CloudTrail Delivers To CloudWatch Logs: The trail sends its events to a CloudWatch Logs group, where the CIS metric filters and alarms run.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Trail {
  readonly CloudWatchLogsLogGroupArn: string | null;
  readonly Status: { readonly IsLogging?: boolean } | null;
}

export function policy(event: PantherEvent<Trail>): boolean {
  const resource = event.data;
  return (resource.CloudWatchLogsLogGroupArn ?? '') !== '' && resource.Status?.IsLogging !== false;
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'CloudTrail Delivers To CloudWatch Logs');
}
