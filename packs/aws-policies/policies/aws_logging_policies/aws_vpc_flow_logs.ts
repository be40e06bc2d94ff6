// VPC Flow Logging Enabled: The VPC has an active flow log capturing rejected (or all) traffic.
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface Vpc {
  readonly FlowLogs: ReadonlyArray<{ readonly FlowLogStatus?: string; readonly TrafficType?: string }> | null;
}

export function policy(event: PantherEvent<Vpc>): boolean {
  const resource = event.data;
  // null: the flow logs could not be listed (recorded by the scan); [] means none exists.
  if (resource.FlowLogs === null) return true;
  return resource.FlowLogs.some((f) => f.FlowLogStatus === 'ACTIVE' && (f.TrafficType === 'ALL' || f.TrafficType === 'REJECT'));
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'VPC Flow Logging Enabled');
}
