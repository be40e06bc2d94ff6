import { string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const TYPES = new Set(['Sign in', 'Sign out']);

/**
 * Sign in / sign out records only: operation logs (operator, category_type, action,
 * operation_detail) are another shape and are not taken here.
 */
export const Activity = defineLogType({
  name: 'Zoom.Activity',
  description: 'Zoom sign in / sign out activity report records of the users of a Zoom account.',
  reference: 'https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/reportSignInSignOutActivities',
  fields: {
    email: string({ required: true, indicators: ['email'], description: 'The email address of the user.' }),
    time: timestamp({ required: true, description: 'When the activity happened.' }),
    type: string({ required: true, description: 'The activity: "Sign in" or "Sign out".' }),
    ip_address: string({ indicators: ['ip'], description: 'The IP address of the device used.' }),
    client_type: string({ description: 'The client the user used, e.g. Browser, Mac, Windows, iOS, Android.' }),
    version: string({ description: 'The Zoom client version ("-" for browsers).' }),
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => (typeof obj.type === 'string' && !TYPES.has(obj.type) ? `type "${obj.type.slice(0, 40)}" is not "Sign in" or "Sign out"` : null),
  },
});
