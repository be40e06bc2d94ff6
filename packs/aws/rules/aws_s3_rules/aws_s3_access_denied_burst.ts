// HTTP 403 from S3; the Threshold makes it a burst per (remote IP, bucket).
import type { S3ServerAccess } from '../../../../parsers/aws/s3-server-access.js';
import type { EventFor } from '../../../../detections/engine/event.js';

type Event = EventFor<typeof S3ServerAccess>;

export function rule(event: Event): boolean {
  return event.get('httpstatus') === 403;
}

export function title(event: Event): string {
  return `${event.get('requester') ?? 'anonymous'} from ${event.get('remoteip') ?? 'unknown'} denied repeatedly on bucket ${event.get('bucket') ?? 'unknown'}`;
}

export function dedup(event: Event): string {
  return `${event.get('remoteip') ?? ''}:${event.get('bucket') ?? ''}`;
}

export function alertContext(event: Event): Record<string, unknown> {
  return {
    bucket: event.get('bucket') ?? null,
    remoteip: event.get('remoteip') ?? null,
    requester: event.get('requester') ?? null,
    operation: event.get('operation') ?? null,
    key: event.get('key') ?? null,
    errorcode: event.get('errorcode') ?? null,
    useragent: event.get('useragent') ?? null,
  };
}
