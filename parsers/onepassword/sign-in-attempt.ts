import { object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, client, location, user } from './common.js';

export const SignInAttempt = defineLogType({
  name: 'OnePassword.SignInAttempt',
  description: '1Password sign-in attempts from the Events API: successful and failed sign-ins to a 1Password account.',
  reference: REFERENCE,
  fields: {
    uuid: string({ required: true, description: 'The UUID of the event.' }),
    session_uuid: string({ description: 'The UUID of the session that created the event.' }),
    timestamp: timestamp({ required: true, description: 'When the sign-in was attempted.' }),
    category: string({ required: true, description: 'The outcome: success, credentials_failed, mfa_failed, sso_failed, modern_version_failed, firewall_failed or firewall_reported_success.' }),
    type: string({ required: true, description: 'The detail of the outcome, e.g. credentials_ok, mfa_ok, password_secret_bad, continent_blocked.' }),
    country: string({ description: 'The country of the sign-in (code or name).' }),
    details: object({ value: string({ description: 'The country, continent or IP address a firewall rule matched.' }) }, { description: 'More about the attempt, e.g. the firewall rule that blocked it.' }),
    target_user: user('The user who attempted to sign in.'),
    client,
    location,
    account_uuid: string({ description: 'The UUID of the account.' }),
  },
  eventTime: 'timestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      // Both 1Password record kinds have uuid and timestamp: a sign-in names its target_user,
      // an item usage its item and vault.
      if (obj.item_uuid !== undefined || obj.vault_uuid !== undefined) return 'item_uuid/vault_uuid present: an item usage, not a sign-in attempt';
      if (typeof obj.target_user !== 'object' || obj.target_user === null) return 'target_user: required field missing';
      return null;
    },
  },
});
