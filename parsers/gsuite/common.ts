// What GSuite.Reports (one activity as the Reports API lists it) and GSuite.ActivityEvent (one
// event of an activity, flattened) share: the activity's id, actor and the kind they both carry.
import { object, string, timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';

export const REFERENCE = 'https://developers.google.com/admin-sdk/reports/reference/rest/v1/activities/list';

/** The kind of every activity resource the Reports API returns. */
export const ACTIVITY_KIND = 'admin#reports#activity';

/**
 * The activity's time lives inside id; log types can only name a top-level event-time field, so
 * p_event_time is the parse time until the core takes a path (id.time is normalized either way).
 */
export const activityFields = {
  id: object(
    {
      time: timestamp({ required: true, description: 'When the activity occurred (RFC 3339).' }),
      uniqueQualifier: string({ description: 'Tells apart activities that share a time.' }),
      applicationName: string({ required: true, description: 'The application the activity belongs to, e.g. login, admin, drive, token.' }),
      customerId: string({ description: 'The unique identifier of the Google Workspace account.' }),
    },
    { required: true, description: 'The unique identifier of the activity.' },
  ),
  actor: object(
    {
      email: string({ indicators: ['email'], description: 'The primary email address of the actor; absent when it has none.' }),
      profileId: string({ description: 'The unique Google Workspace profile ID of the actor; absent when the actor is no Workspace user.' }),
      callerType: string({ description: 'The type of actor: USER, or KEY for an OAuth 2LO request or a robot account.' }),
      key: string({ description: 'Only when callerType is KEY: the consumer key of the requestor or the robot account identifier.' }),
    },
    { description: 'The user who did the action.' },
  ),
  kind: string({ required: true, description: 'The type of API resource: always admin#reports#activity.' }),
  etag: string({ description: 'The ETag of the entry.' }),
  ownerDomain: string({ indicators: ['domain'], description: "The domain affected by the event, e.g. the Drive document owner's domain." }),
  ipAddress: string({ indicators: ['ip'], description: "The IP address of the user doing the action (may be a proxy's or VPN's); IPv4 or IPv6." }),
} as const;

/** Activity resources carry their kind; a different (or no) kind is some other Google export. */
export function checkKind(obj: Record<string, unknown>): string | null {
  return obj.kind === ACTIVITY_KIND ? null : `kind is ${JSON.stringify(obj.kind)}, not "${ACTIVITY_KIND}"`;
}

// Parameters naming people or addresses (login, admin, drive, token and groups applications):
// the set validates each value, so names that sometimes hold non-emails ("owner" of a shared
// drive is a name) cost nothing.
const EMAIL_PARAM = /email|^(owner|new_owner|target_user|user|actor|member_id|affected_user)$|_user$/i;
const IP_PARAM = /(^|_)ip(_address)?$/i;

/** Indicators of one parameter, by its name, from its value or values. */
export function parameterIndicators(name: string, values: readonly unknown[], set: IndicatorSet): void {
  const email = EMAIL_PARAM.test(name);
  const ip = IP_PARAM.test(name);
  if (!email && !ip) return;
  for (const v of values) {
    if (email) set.add('email', v);
    if (ip) set.add('ip', v);
  }
}
