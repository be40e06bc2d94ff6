import { json, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// Snyk event names are dotted lowercase paths: group.user.role.edit, org.project.add, api.access.
const EVENT = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/;

export const GroupAudit = defineLogType({
  name: 'Snyk.GroupAudit',
  description: 'Snyk group-level audit log entries: group and organization settings, users and roles, projects, policies and service accounts.',
  reference: 'https://docs.snyk.io/snyk-api/reference/audit-logs',
  fields: {
    groupId: string({ required: true, description: 'The Snyk group the event belongs to.' }),
    // Panther requires orgId and userId; group-wide events (e.g. group.sso.membership.sync)
    // have neither, so they are optional here.
    orgId: string({ description: 'The organization the event is about, for organization events.' }),
    userId: string({ indicators: ['username'], description: 'The user who performed the action.' }),
    projectId: string({ description: 'The project the event is about, for project events.' }),
    event: string({ required: true, description: 'The event, e.g. group.user.role.edit, org.user.invite, api.access.' }),
    content: json({ description: 'Event-specific details, e.g. the role before and after.' }),
    created: timestamp({ required: true, description: 'When the event happened.' }),
  },
  eventTime: 'created',
  parser: {
    kind: 'json',
    accept: (obj) => (typeof obj.event === 'string' && !EVENT.test(obj.event) ? `event ${JSON.stringify(obj.event)} is not a Snyk event name` : null),
  },
});
