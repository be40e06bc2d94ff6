import { boolean, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// Auth0 event type codes: "s", "f", "fp", "sapi", "gd_auth_succeed", "pwd_leak"...
const TYPE_CODE = /^[a-z][a-z0-9_]{0,39}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The Log Streams form (custom webhook, and the detail of the EventBridge stream): the log
 * event sits in data under its log_id. Bare Management API records (/api/v2/logs) are not taken:
 * one shape keeps detections (data.type, data.ip...) working on every event. The event time is
 * data.date, which cannot be p_event_time while log types only name top-level fields.
 */
export const Events = defineLogType({
  name: 'Auth0.Events',
  description: 'Auth0 tenant log events (logins, failures, signups, Management API operations...) in the Log Streams envelope: {log_id, data}.',
  reference: 'https://auth0.com/docs/customize/log-streams/custom-log-streams',
  fields: {
    log_id: string({ required: true, description: 'The unique ID of the log event.' }),
    data: object(
      {
        log_id: string({ description: 'The unique ID of the log event (repeated).' }),
        date: timestamp({ required: true, description: 'When the event occurred (RFC 3339).' }),
        type: string({ required: true, description: 'The event type code, e.g. s (successful login), f (failed login), fp (wrong password), sapi (Management API success).' }),
        description: string({ description: 'A description of the event.' }),
        connection: string({ description: 'The name of the connection the event relates to.' }),
        connection_id: string({ description: 'The ID of the connection the event relates to.' }),
        strategy: string({ description: 'The strategy of the connection, e.g. auth0, google-oauth2, samlp.' }),
        strategy_type: string({ description: 'The type of strategy: database, social, enterprise, passwordless.' }),
        client_id: string({ description: 'The ID of the application (client) the event relates to.' }),
        client_name: string({ description: 'The name of the application (client) the event relates to.' }),
        ip: string({ indicators: ['ip'], description: 'The IP address the event came from.' }),
        hostname: string({ indicators: ['domain'], description: 'The hostname the event was received on (the tenant or custom domain).' }),
        user_id: string({ description: 'The ID of the user the event relates to.' }),
        user_name: string({ indicators: ['username', 'email'], description: 'The name of the user the event relates to (usually an email address).' }),
        user_agent: string({ description: 'The user agent of the client.' }),
        audience: string({ description: 'The API audience the event applies to.' }),
        scope: json({ description: 'The scopes the event applies to: a space-separated string or a list.' }),
        is_mobile: boolean({ description: 'Whether the client was a mobile device.' }),
        tenant_name: string({ description: 'The tenant the event happened in.' }),
        organization_id: string({ description: 'The Auth0 organization the event relates to.' }),
        organization_name: string({ description: 'The name of that organization.' }),
        auth0_client: json({ description: 'The Auth0 SDK the client used: name, version, env.' }),
        location_info: json({ description: 'Where the IP address is: country, city, coordinates, time zone.' }),
        details: json({ description: 'Type-specific details, e.g. the request and response of a Management API call.' }),
      },
      { required: true, description: 'The log event.' },
    ),
  },
  parser: {
    kind: 'json',
    accept: (obj) => {
      const data = obj.data;
      if (!isObject(data)) return null; // the field check names what is wrong
      const t = data.type;
      if (typeof t === 'string' && !TYPE_CODE.test(t)) return `data.type ${JSON.stringify(t.slice(0, 40))} is not an Auth0 event type code`;
      return null;
    },
  },
  indicators: (e, set) => {
    // Management API events (sapi, fapi...) name the administrator and their address in details.
    const request = (e.data.details as { request?: { ip?: unknown; auth?: { user?: { email?: unknown } } } } | undefined)?.request;
    if (typeof request !== 'object' || request === null) return;
    set.add('ip', request.ip);
    set.add('email', request.auth?.user?.email);
  },
});
