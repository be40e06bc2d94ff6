import { string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { OFFLINE_ENROLLMENT_ACTIONS, descriptionIndicators, foreignKey, isoTimestampField, unixTimestampField } from './common.js';

export const Administrator = defineLogType({
  name: 'Duo.Administrator',
  description: 'Duo administrator log events: changes made in the Duo Admin Panel or through the Admin API, and administrator logins.',
  reference: 'https://duo.com/docs/adminapi#administrator-logs',
  fields: {
    action: string({ required: true, description: 'The type of change that was performed, e.g. user_update, admin_login, integration_create.' }),
    description: string({ description: 'What changed, as free-form text or serialized JSON.' }),
    isotimestamp: isoTimestampField,
    object: string({ description: 'The object that was acted on, e.g. "jsmith" (users), "(555) 713-6275 x456" (phones) or "HOTP 8-digit 123456" (tokens); null for logins.' }),
    timestamp: unixTimestampField,
    username: string({
      required: true,
      indicators: ['username'],
      description: 'The full name of the administrator who acted: "API" for Admin API calls, "System" for automatic actions, "AD Sync: <directory>" for directory sync.',
    }),
  },
  eventTime: 'isotimestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      if (OFFLINE_ENROLLMENT_ACTIONS.has(obj.action)) return `action ${JSON.stringify(obj.action)} is an offline enrollment action`;
      const k = foreignKey(obj, ['txid', 'phone', 'credits']);
      return k === undefined ? null : `${k} present: not an administrator log record`;
    },
  },
  indicators: (e, set) => {
    descriptionIndicators(e.description, set);
  },
});
