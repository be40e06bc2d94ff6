import { bigint, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, checkSeverity, correlationIdField, foreignKeys, metaFields, severityField, timeField } from './common.js';

export const Integrations = defineLogType({
  name: 'GitLab.Integrations',
  description: 'GitLab integrations_json.log: activity of project integrations such as Jira, Asana, Slack and irker.',
  reference: `${REFERENCE}#integrations_jsonlog`,
  fields: {
    severity: severityField,
    time: timeField,
    correlation_id: correlationIdField,
    service_class: string({ required: true, description: 'The class of the integration, e.g. Integrations::Jira.' }),
    project_id: bigint({ coerce: true, description: 'The project the integration ran for.' }),
    project_path: string({ description: 'The full path of that project.' }),
    message: string({ required: true, description: 'What happened, e.g. "Successfully posted", "Error sending message".' }),
    client_url: string({ indicators: ['url'], description: 'The URL of the external service.' }),
    error: string({ description: 'The error, if one occurred.' }),
    ...metaFields,
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => checkSeverity(obj) ?? foreignKeys(obj, ['route', 'controller', 'author_id'], 'not an integrations_json.log line'),
  },
});
