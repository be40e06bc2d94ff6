// CIS 3.2: successful console sign-ins without MFA. SSO/SAML sign-ins are excluded: the IdP does MFA.
import type { CloudTrail } from '../../../../parsers/aws/cloudtrail.js';
import type { EventFor } from '../../../../detections/engine/event.js';
import { changeTitle, cloudTrailContext, isChange } from '../../helpers/cloudtrail.js';

type Event = EventFor<typeof CloudTrail>;

export function rule(event: Event): boolean {
  if (event.get('eventName') !== 'ConsoleLogin' || event.deepGet('responseElements', 'ConsoleLogin') !== 'Success') return false;
  const type = event.deepGet('userIdentity', 'type');
  if (type !== 'IAMUser' && type !== 'Root') return false;
  if (event.deepGet('additionalEventData', 'SamlProviderArn') !== undefined) return false;
  return event.deepGet('additionalEventData', 'MFAUsed') !== 'Yes';
}

export function title(event: Event): string {
  return changeTitle(event, 'Console sign-in without MFA');
}

export function dedup(event: Event): string {
  return String(event.deepGet('userIdentity', 'arn', { default: 'unknown' }));
}

export function alertContext(event: Event): Record<string, unknown> {
  return { ...cloudTrailContext(event), additionalEventData: event.get('additionalEventData') ?? null };
}
