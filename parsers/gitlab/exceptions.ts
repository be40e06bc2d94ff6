import { array, bigint, object, string } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, REQUEST_KEYS, checkSeverity, correlationIdField, foreignKeys, metaFields, severityField, timeField } from './common.js';

// Request logs (API, production) and Sidekiq job logs carry exception.* too when a request or
// job fails; an exception of exceptions_json.log comes without them.
const NOT_EXCEPTIONS_LOG = [...REQUEST_KEYS, 'jid', 'job_status', 'service_class', 'author_id'] as const;

export const Exceptions = defineLogType({
  name: 'GitLab.Exceptions',
  description: 'GitLab exceptions_json.log: exceptions tracked by Gitlab::ErrorTracking, with class, message, backtrace and context.',
  reference: `${REFERENCE}#exceptions_jsonlog`,
  fields: {
    severity: severityField,
    time: timeField,
    correlation_id: correlationIdField,
    'exception.class': string({ required: true, description: 'The class name of the exception, e.g. NoMethodError.' }),
    'exception.message': string({ required: true, description: 'The message of the exception.' }),
    'exception.sql': string({ description: 'The SQL statement that failed, for database errors.' }),
    'exception.cause_class': string({ description: 'The class of the exception that caused this one.' }),
    'extra.server': object(
      {
        os: object(
          {
            name: string({ description: 'The OS name.' }),
            version: string({ description: 'The OS version.' }),
            build: string({ description: 'The OS build.' }),
          },
          { description: 'The operating system of the server.' },
        ),
        runtime: object(
          {
            name: string({ description: 'The runtime name, e.g. ruby.' }),
            version: string({ description: 'The runtime version.' }),
          },
          { description: 'The runtime executing GitLab.' },
        ),
      },
      { description: 'The server the exception occurred on.' },
    ),
    'extra.project_id': bigint({ coerce: true, description: 'The project the exception occurred in.' }),
    'extra.relation_key': string({ description: 'The import/export relation being processed.' }),
    'extra.relation_index': bigint({ coerce: true, description: 'The index of the relation being processed.' }),
    'tags.program': string({ description: 'The GitLab program that raised it: web, sidekiq, console...' }),
    'tags.locale': string({ description: 'The locale of the request.' }),
    'user.username': string({ indicators: ['username'], description: 'The user of the request that failed.' }),
    'user.id': bigint({ coerce: true, description: 'The ID of the user of the request that failed.' }),
    'exception.backtrace': array(string(), { description: 'The stack trace of the exception.' }),
    ...metaFields,
  },
  eventTime: 'time',
  parser: {
    kind: 'json',
    accept: (obj) => checkSeverity(obj) ?? foreignKeys(obj, NOT_EXCEPTIONS_LOG, 'an exception within another GitLab log, not exceptions_json.log'),
  },
});
