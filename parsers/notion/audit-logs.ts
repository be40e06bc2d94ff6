import { json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * As Notion's security and compliance connection posts them (and Panther stores them): the audit
 * event under "event". Its time is event.timestamp, which cannot be p_event_time while log types
 * only name top-level fields.
 */
export const AuditLogs = defineLogType({
  name: 'Notion.AuditLogs',
  description: 'Notion workspace audit log events (logins, page views, exports, sharing and settings changes) as the Notion connection delivers them.',
  reference: 'https://www.notion.so/help/audit-log',
  fields: {
    event: object(
      {
        id: string({ required: true, description: 'The ID of the event.' }),
        timestamp: timestamp({ required: true, description: 'When the event occurred.' }),
        workspace_id: string({ description: 'The ID of the workspace the event happened in.' }),
        actor: object(
          {
            id: string({ required: true, description: 'The ID of the actor.' }),
            object: string({ required: true, description: 'The kind of object the actor is: user.' }),
            type: string({ required: true, description: 'The type of actor: person or bot.' }),
            person: object(
              { email: string({ indicators: ['email'], description: "The person's email address." }) },
              { description: 'The person, when the actor is one.' },
            ),
            bot: json({ description: 'The bot, when the actor is one (its owner...).' }),
          },
          { required: true, description: 'Who performed the action.' },
        ),
        ip_address: string({ indicators: ['ip'], description: 'The IP address the event came from.' }),
        platform: string({ description: 'The client platform: web, mac-desktop, windows-desktop, ios, android...' }),
        type: string({ required: true, description: 'The event type, e.g. user.login, page.viewed, page.exported, workspace.content_exported.' }),
        details: json({ description: 'Event-specific details, e.g. the target page or the changed setting.' }),
      },
      { required: true, description: 'The audit event.' },
    ),
  },
  parser: {
    kind: 'json',
    accept: (obj) => {
      const actor = isObject(obj.event) ? obj.event.actor : undefined;
      if (!isObject(actor) || actor.object === undefined) return null; // the field check names what is missing
      return actor.object === 'user' ? null : `event.actor.object is ${JSON.stringify(actor.object)}, not "user"`;
    },
  },
});
