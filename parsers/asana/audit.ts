import { json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const ACTOR_TYPES = new Set(['user', 'asana', 'asana_support', 'anonymous', 'external_administrator']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const Audit = defineLogType({
  name: 'Asana.Audit',
  description: "Asana audit log events of an organization's domain: logins, permission and sharing changes, exports, deletions...",
  reference: 'https://developers.asana.com/reference/audit-log-api',
  fields: {
    gid: string({ required: true, description: 'The globally unique identifier of the event.' }),
    created_at: timestamp({ required: true, description: 'When the event was created.' }),
    event_type: string({ required: true, description: 'The type of the event, e.g. user_login_succeeded, task_deleted, workspace_export_started.' }),
    event_category: string({ description: 'The category of the event type, e.g. logins, deletion, access_control.' }),
    actor: object(
      {
        actor_type: string({ required: true, description: 'The type of actor: user, asana, asana_support, anonymous or external_administrator.' }),
        gid: string({ description: 'The gid of the actor, when a user.' }),
        name: string({ indicators: ['username'], description: 'The name of the actor, when a user.' }),
        email: string({ indicators: ['email'], description: 'The email address of the actor, when a user.' }),
      },
      { required: true, description: 'Who triggered the event.' },
    ),
    resource: object(
      {
        resource_type: string({ description: 'The type of the resource, e.g. task, project, user, workspace.' }),
        resource_subtype: string({ description: 'The subtype of the resource, e.g. milestone.' }),
        gid: string({ description: 'The gid of the resource.' }),
        name: string({ description: 'The name of the resource.' }),
        email: string({ indicators: ['email'], description: 'The email address of the resource, when a user.' }),
      },
      { description: 'The primary object the event affected.' },
    ),
    context: object(
      {
        context_type: string({ description: 'Where the event came from: web, desktop, mobile, asana_support, asana, email, api.' }),
        api_authentication_method: string({ description: 'How an API request authenticated: cookie, oauth, personal_access_token, service_account.' }),
        client_ip_address: string({ indicators: ['ip'], description: 'The IP address of the client.' }),
        user_agent: string({ description: 'The user agent of the client.' }),
        oauth_app_name: string({ description: 'The OAuth app that made the request, if any.' }),
        rule_name: string({ description: 'The rule that triggered the event, for rule-driven events.' }),
      },
      { description: 'Where the event originated.' },
    ),
    details: json({ description: 'Event-specific details, e.g. old and new values.' }),
  },
  eventTime: 'created_at',
  parser: {
    kind: 'json',
    accept: (obj) => {
      const t = isObject(obj.actor) ? obj.actor.actor_type : undefined;
      return typeof t === 'string' && !ACTOR_TYPES.has(t) ? `actor.actor_type "${t.slice(0, 40)}" is not an Asana actor type` : null;
    },
  },
});
