import { bigint, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

export const Audit = defineLogType({
  name: 'Zendesk.Audit',
  description: 'Zendesk audit log entries (Audit Logs API): changes to account settings, users, rules, API tokens and other account objects.',
  reference: 'https://developer.zendesk.com/api-reference/ticketing/account-configuration/audit_logs/',
  fields: {
    id: bigint({ required: true, description: 'The id of the audit log entry.' }),
    url: string({ description: 'The API URL of the entry (/api/v2/audit_logs/<id>.json).' }),
    action: string({ required: true, description: 'The kind of change: create, destroy, exported, login or update.' }),
    action_label: string({ description: 'The localized label of the action, e.g. Updated.' }),
    actor_id: bigint({ required: true, description: 'The user or system that made the change (-1 for Zendesk itself).' }),
    actor_name: string({ description: 'The name of the user or system that made the change.' }),
    source_id: bigint({ description: 'The id of the item changed.' }),
    source_type: string({ required: true, description: 'The kind of item changed: account_setting, apitoken, rule, ticket, user, zendesk/app_market/app...' }),
    source_label: string({ description: 'The name of the item changed.' }),
    change_description: string({ description: 'What changed, e.g. Role changed from Administrator to End User.' }),
    ip_address: string({ indicators: ['ip'], description: 'The IP address of the user who made the change.' }),
    created_at: timestamp({ required: true, description: 'When the change was made.' }),
  },
  eventTime: 'created_at',
  parser: {
    kind: 'json',
    // actor_id + source_type are Zendesk's own; the url, when present, names the endpoint.
    accept: (obj) => (typeof obj.url === 'string' && !obj.url.includes('/audit_logs/') ? `url ${JSON.stringify(obj.url)} is not an audit log URL` : null),
  },
});
