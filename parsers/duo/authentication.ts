import { array, json, object, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { foreignKey, isoTimestampField, unixTimestampField } from './common.js';

const location = (what: string) =>
  object(
    {
      city: string({ description: 'The city name.' }),
      country: string({ description: 'The country name.' }),
      state: string({ description: 'The state, county, province, or prefecture.' }),
    },
    { description: `The GeoIP location of the ${what}, if available; not every part may be present.` },
  );

// Device Health reports these as true, false or the string "unknown": kept as text so one
// column holds all three (booleans become "true"/"false").
const healthState = (what: string) => string({ coerce: true, description: `The ${what} state as the Duo Device Health app detected it: "true", "false" or "unknown".` });

export const Authentication = defineLogType({
  name: 'Duo.Authentication',
  description: 'Duo authentication log events (Admin API v2): authentication attempts and inline enrollments with their device, application and result.',
  reference: 'https://duo.com/docs/adminapi#authentication-logs',
  fields: {
    access_device: object(
      {
        browser: string({ description: 'The web browser used for access.' }),
        browser_version: string({ description: 'The browser version.' }),
        epkey: string({ description: 'The endpoint key of the access device, if known.' }),
        flash_version: string({ description: 'The Flash plugin version, or "uninstalled".' }),
        hostname: string({ indicators: ['hostname'], description: 'The host name of the access device, if present.' }),
        ip: string({ indicators: ['ip'], description: "The access device's IP address, if present." }),
        is_encryption_enabled: healthState('disk encryption'),
        is_firewall_enabled: healthState('firewall'),
        is_password_set: healthState('system password'),
        java_version: string({ description: 'The Java plugin version, or "uninstalled".' }),
        location: location('access device'),
        os: string({ description: 'The operating system name.' }),
        os_version: string({ description: 'The operating system version.' }),
        security_agents: json({ description: 'The security agents the Duo Device Health app detected on the endpoint (a list, or "unknown").' }),
      },
      { description: 'The endpoint used to access the Duo-protected resource: browser, plugins and operating system.' },
    ),
    alias: string({ description: 'The username alias used to log in; empty when the user logged in with the username.' }),
    application: object(
      {
        key: string({ description: "The application's integration key." }),
        name: string({ description: "The application's name." }),
      },
      { description: 'The application accessed.' },
    ),
    auth_device: object(
      {
        ip: string({ indicators: ['ip'], description: 'The IP address of the authentication device.' }),
        key: string({ description: 'The Duo identifier of the authentication device.' }),
        location: location('authentication device'),
        name: string({ description: 'The name of the authentication device, e.g. a phone number.' }),
      },
      { description: 'The device used to approve or deny the authentication.' },
    ),
    email: string({ indicators: ['email'], description: 'The email address of the user, if known to Duo.' }),
    event_type: string({ description: 'The type of activity logged: authentication or enrollment.' }),
    factor: string({ description: 'The authentication factor, e.g. duo_push, phone_call, passcode, sms_passcode, bypass_code, u2f_token, remembered_device, trusted_network.' }),
    isotimestamp: isoTimestampField,
    ood_software: string({ description: 'The out-of-date software that caused a denial (e.g. Chrome, Flash), if any.' }),
    reason: string({ description: 'Why the result came about, e.g. user_approved, valid_passcode, user_marked_fraud, deny_unenrolled_user, locked_out.' }),
    result: string({ description: 'The result of the attempt: success, denied, failure, error or fraud.' }),
    timestamp: unixTimestampField,
    txid: string({ required: true, description: 'The transaction ID of the event.' }),
    user: object(
      {
        groups: array(string(), { description: 'The Duo groups the user belongs to.' }),
        key: string({ description: "The user's user_id." }),
        name: string({ indicators: ['username'], description: "The user's username." }),
      },
      { description: 'The authenticating user.' },
    ),
  },
  eventTime: 'isotimestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      // Administrator and offline enrollment records have an action; telephony records a phone.
      const k = foreignKey(obj, ['action', 'phone']);
      return k === undefined ? null : `${k} present: not an authentication log record`;
    },
  },
});
