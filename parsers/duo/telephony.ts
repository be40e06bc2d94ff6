import { int, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { isoTimestampField, unixTimestampField } from './common.js';

const TYPES: ReadonlySet<unknown> = new Set(['sms', 'phone']);

export const Telephony = defineLogType({
  name: 'Duo.Telephony',
  description: 'Duo telephony log events: SMS messages and phone calls Duo placed, with the credits each cost.',
  reference: 'https://duo.com/docs/adminapi#telephony-logs',
  fields: {
    context: string({ description: 'How the event was initiated: administrator login, authentication, enrollment or verify.' }),
    credits: int({ description: 'How many telephony credits the event cost.' }),
    isotimestamp: isoTimestampField,
    phone: string({ required: true, description: 'The phone number the SMS or call went to.' }),
    timestamp: unixTimestampField,
    type: string({ required: true, description: 'The event type: sms or phone.' }),
  },
  eventTime: 'isotimestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      if (obj.type === undefined) return 'type: required field missing';
      if (!TYPES.has(obj.type)) return `type ${JSON.stringify(obj.type)} is not "sms" or "phone"`;
      return obj.action !== undefined ? 'action present: not a telephony log record' : null;
    },
  },
});
