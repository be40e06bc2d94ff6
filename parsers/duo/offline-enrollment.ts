import { string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { OFFLINE_ENROLLMENT_ACTIONS, descriptionIndicators, isoTimestampField, unixTimestampField } from './common.js';

export const OfflineEnrollment = defineLogType({
  name: 'Duo.OfflineEnrollment',
  description: 'Duo Authentication for Windows Logon offline enrollment events: users provisioned, deprovisioned or re-enrolled for offline access.',
  reference: 'https://duo.com/docs/adminapi#offline-enrollment-logs',
  fields: {
    action: string({ required: true, description: 'The offline enrollment operation: o2fa_user_provisioned, o2fa_user_deprovisioned or o2fa_user_reenrolled.' }),
    description: string({ description: 'JSON text with the client details: user_agent (Duo Windows Logon and Windows versions), hostname, factor (duo_otp or security_key).' }),
    isotimestamp: isoTimestampField,
    object: string({ required: true, description: "The Duo Windows Logon integration's name." }),
    timestamp: unixTimestampField,
    username: string({ required: true, indicators: ['username'], description: 'The Duo username.' }),
  },
  eventTime: 'isotimestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      if (OFFLINE_ENROLLMENT_ACTIONS.has(obj.action)) return null;
      return obj.action === undefined ? 'action: required field missing' : `action ${JSON.stringify(obj.action)} is not an offline enrollment action`;
    },
  },
  indicators: (e, set) => {
    descriptionIndicators(e.description, set);
  },
});
