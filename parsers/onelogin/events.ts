import { bigint, boolean, int, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// OneLogin numbers its ids; a few exports write them as strings, so they coerce.
const id = (description: string) => bigint({ coerce: true, description });
const text = (description: string) => string({ coerce: true, description });

export const Events = defineLogType({
  name: 'OneLogin.Events',
  description: 'OneLogin events (Events API /api/1/events): logins, user and app changes, provisioning, MFA and administrative actions in a OneLogin account.',
  reference: 'https://developers.onelogin.com/api-docs/1/events/event-resource',
  fields: {
    id: bigint({ required: true, coerce: true, description: 'The unique ID of the event.' }),
    created_at: timestamp({ required: true, description: 'When the event was created (UTC, ISO 8601).' }),
    account_id: bigint({ required: true, coerce: true, description: 'The account the event happened in.' }),
    event_type_id: int({ required: true, coerce: true, description: 'The type of the event, e.g. 5 (user logged in), 6 (login failed), 13 (user created), 72 (privilege granted), 1400 (MFA verified).' }),
    uuid: string({ description: 'The universally unique identifier OneLogin generated for the event (event broadcasts).' }),
    event_timestamp: timestamp({ description: 'When the event was created, as event broadcasts write it ("2020-04-15 22:51:24 UTC").' }),
    user_id: id('The ID of the user acted upon.'),
    user_name: string({ description: 'The first and last name of the user acted upon, or their email address when the names are empty.' }),
    actor_user_id: id('The ID of the user whose action triggered the event.'),
    actor_user_name: string({ description: 'The first and last name of the acting user, or their email address when the names are empty; the system name for system actors.' }),
    actor_system: string({ description: 'The acting system when the actor is not a user, e.g. "G Suite", "API".' }),
    assuming_acting_user_id: id('The user who assumed the role of the acting user, if any.'),
    assumed_by_superadmin_or_reseller: boolean({ description: 'Whether a superadmin or reseller performed the operation.' }),
    ipaddr: string({ indicators: ['ip'], description: 'The IP address of the machine that triggered the event.' }),
    proxy_ip: string({ indicators: ['ip'], description: 'The IP address of the proxy the request came through, if any.' }),
    user_agent: string({ description: 'The user agent of the request.' }),
    browser_fingerprint: text('The fingerprint of the browser.'),
    login_name: string({ indicators: ['username'], description: 'The login name used.' }),
    app_id: id('The app involved, if any.'),
    app_name: string({ description: 'The name of the app involved, if any.' }),
    role_id: id('The role involved, if any.'),
    role_name: string({ description: 'The name of the role involved, if any.' }),
    group_id: id('The group involved, if any.'),
    group_name: string({ description: 'The name of the group involved, if any.' }),
    policy_id: id('The policy involved, if any.'),
    policy_name: string({ description: 'The name of the policy involved, if any.' }),
    policy_type: string({ description: 'The type of the policy involved.' }),
    privilege_id: id('The privilege involved, if any.'),
    privilege_name: string({ description: 'The name of the privilege involved.' }),
    otp_device_id: id('The OTP device involved, if any.'),
    otp_device_name: string({ description: 'The name of the OTP device involved.' }),
    authentication_factor_id: id('The authentication factor used.'),
    authentication_factor_type: int({ coerce: true, description: 'The type of the authentication factor.' }),
    authentication_factor_description: string({ description: 'More about the authentication factor used.' }),
    risk_score: int({ coerce: true, description: 'The risk score of the login; the higher, the riskier.' }),
    risk_reasons: string({ description: 'Reasons for the risk score (a guide, not an exhaustive list).' }),
    risk_cookie_id: text('The ID of the risk cookie.'),
    notes: string({ description: 'More details about the event, e.g. the authentication method.' }),
    custom_message: string({ description: 'A custom message about the event.' }),
    error_description: string({ description: 'Provisioning error details, if any.' }),
    client_id: text('The client ID of the API credential whose call generated the event.'),
    api_credential_name: string({ description: 'The name of the API credential used.' }),
    directory_id: id('The directory involved.'),
    directory_name: string({ description: 'The name of the directory involved.' }),
    directory_sync_run_id: id('The directory sync run that caused the event.'),
    resolution: id('The resolution of the event.'),
    resolved_by_user_id: id('The user who resolved it.'),
    resource_type_id: id('The type of resource (user, role, group...) the event is about.'),
    mapping_id: id('The mapping involved.'),
    mapping_name: string({ description: 'The name of the mapping involved.'}),
    imported_user_id: id('The imported user.'),
    imported_user_name: string({ description: 'The name of the imported user.' }),
    radius_config_id: id('The RADIUS configuration involved.'),
    radius_config_name: string({ description: 'The name of the RADIUS configuration involved.' }),
    certificate_id: text('The certificate included in the request.'),
    certificate_name: string({ description: 'The name of the certificate included in the request.' }),
    trusted_idp_name: string({ description: 'The name of the trusted IdP.' }),
    user_field_id: text('The custom user field involved.'),
    user_field_name: string({ description: 'The name of the custom user field involved.' }),
    note_title: string({ description: 'The title of the note.' }),
    proxy_agent_name: string({ description: 'The name of the proxy agent.' }),
    task_name: string({ description: 'The name of the task.' }),
    entity: string({ description: 'The entity involved in the request.' }),
    operation_name: string({ description: 'The name of the operation.' }),
  },
  eventTime: 'created_at',
  parser: {
    kind: 'json',
  },
  indicators: (e, set) => {
    // OneLogin documents the *_user_name fields as first and last names, not usernames; when a
    // user has neither, they hold the email address, which is then the login too.
    for (const name of [e.actor_user_name, e.user_name]) {
      if (typeof name === 'string' && name.includes('@')) {
        set.add('email', name);
        set.add('username', name);
      }
    }
  },
});
