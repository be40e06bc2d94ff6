import { int, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

export const Audit = defineLogType({
  name: 'Databricks.Audit',
  description: 'Databricks audit logs as audit log delivery writes them (JSON lines, one file per workspace and one for account-level events).',
  reference: 'https://docs.databricks.com/en/admin/account-settings/audit-log-delivery.html',
  fields: {
    version: string({ coerce: true, description: 'The version of the audit log format, e.g. 2.0.' }),
    auditLevel: string({ description: 'WORKSPACE_LEVEL or ACCOUNT_LEVEL.' }),
    timestamp: timestamp({ required: true, format: 'unix_ms', description: 'When the action happened, in epoch milliseconds.' }),
    workspaceId: string({ coerce: true, description: 'The workspace the event is about; 0 for account-level events.' }),
    accountId: string({ description: 'The Databricks account id.' }),
    orgId: string({ coerce: true, description: 'The workspace (org) id of the deployment.' }),
    shardName: string({ description: 'The deployment shard that served the request.' }),
    sourceIPAddress: string({ indicators: ['ip'], description: 'The IP address the request came from.' }),
    userAgent: string({ description: 'The browser or API client of the request.' }),
    sessionId: string({ description: 'The session of the action.' }),
    userIdentity: object(
      {
        email: string({ indicators: ['email', 'username'], description: 'The user who initiated the action (an email, a service principal id, or System-User).' }),
        subjectName: string({ description: 'The subject of the client certificate, if any.' }),
      },
      { description: 'Who made the request.' },
    ),
    serviceName: string({ required: true, description: 'The service that logged the request, e.g. accounts, clusters, notebook, unityCatalog.' }),
    actionName: string({ required: true, description: 'The action, e.g. login, create, runCommand, getSecret.' }),
    requestId: string({ description: 'The unique id of the request; a long action logs its request and response with the same id.' }),
    requestParams: json({ description: 'The parameters of the action (values are strings; truncated past 100 KB).' }),
    response: object(
      {
        statusCode: int({ coerce: true, description: 'The HTTP status code of the response.' }),
        errorMessage: string({ description: 'The error message, if the action failed.' }),
        result: json({ description: 'The result of the action, often a JSON string.' }),
      },
      { description: 'The response to the request.' },
    ),
    MAX_LOG_MESSAGE_LENGTH: int({ description: 'The size limit of a log message the delivery applied.' }),
  },
  eventTime: 'timestamp',
  // serviceName and actionName, with the epoch-millisecond timestamp, are what no other JSON log
  // type has (CloudTrail shares sourceIPAddress and userAgent, but names eventSource/eventName).
  parser: { kind: 'json' },
});
