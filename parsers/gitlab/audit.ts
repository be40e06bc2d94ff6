import { bigint, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkSeverity, correlationIdField, foreignKeys, metaFields, severityField, timeField } from './common.js';

// Ids are numbers, but some events write them as strings: they coerce.
const id = (description: string, required = false) => bigint({ coerce: true, required, description });

export const Audit = defineLogType({
  name: 'GitLab.Audit',
  description: 'GitLab audit_json.log: audit events for changes to group and project settings and memberships, sign-ins and administrative actions.',
  reference: `${REFERENCE}#audit_jsonlog`,
  fields: {
    severity: severityField,
    time: timeField,
    correlation_id: correlationIdField,
    author_id: bigint({ required: true, coerce: true, description: 'The ID of the user who made the change (-1 for unauthenticated actors).' }),
    author_name: string({ indicators: ['username'], description: 'The name of the user who made the change.' }),
    author_class: string({ description: 'The kind of author, e.g. User, Gitlab::Audit::UnauthenticatedAuthor.' }),
    entity_id: bigint({ required: true, coerce: true, description: 'The ID of the entity the event belongs to.' }),
    entity_type: string({ required: true, description: 'The type of the entity: Project, Group, User, Gitlab::Audit::InstanceScope...' }),
    entity_path: string({ description: 'The full path of the entity.' }),
    change: string({ description: 'The setting that changed, e.g. visibility, access_level.' }),
    from: string({ coerce: true, description: 'The value before the change.' }),
    to: string({ coerce: true, description: 'The value after the change.' }),
    target_id: id('The ID of the target of the change.'),
    target_type: string({ description: 'The type of the target of the change.' }),
    target_details: string({ coerce: true, description: 'Details of the target, e.g. its full path.' }),
    custom_message: string({ description: 'A free-text description of the event, e.g. "Added protected branch".' }),
    event_name: string({ description: 'The audit event type, e.g. user_created, project_deletion_started.' }),
    ip_address: string({ indicators: ['ip'], description: 'The IP address of the author.' }),
    with: string({ description: 'How the author authenticated, e.g. standard, two-factor, saml.' }),
    created_at: timestamp({ description: 'When the audit event was recorded.' }),
    ...metaFields,
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => checkSeverity(obj) ?? foreignKeys(obj, ['route', 'controller', 'exception.class', 'service_class'], 'not an audit_json.log line'),
  },
});
