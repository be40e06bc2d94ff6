// CIS 3.1: API calls denied by IAM. Threshold 10 per principal: one denial is routine, a burst is probing.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

// AWS services probe permissions themselves (e.g. Config, Access Analyzer); their denials are not a signal.
function isServiceCall(event: Event): boolean {
  return event.deepGet('userIdentity', 'type') === 'AWSService' || typeof event.deepGet('userIdentity', 'invokedBy') === 'string';
}

export function rule(event: Event): boolean {
  const code = event.get('errorCode') ?? '';
  return (code.endsWith('UnauthorizedOperation') || code.startsWith('AccessDenied')) && !isServiceCall(event);
}

export function title(event: Event): string {
  return changeTitle(event, 'Unauthorized API calls');
}

export function dedup(event: Event): string {
  return String(event.deepGet('userIdentity', 'arn', { default: event.get('sourceIPAddress', 'unknown') }));
}

export function alertContext(event: Event): Record<string, unknown> {
  return { ...cloudTrailContext(event), errorMessage: event.get('errorMessage') ?? null };
}
