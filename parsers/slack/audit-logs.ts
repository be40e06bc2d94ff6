import { array, bigint, boolean, json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const user = (what: string) =>
  object(
    {
      id: string({ required: true, description: `The ID of the ${what} (USLACKUSER when Slack itself acted).` }),
      name: string({ indicators: ['username'], description: `The display name of the ${what}.` }),
      email: string({ indicators: ['email'], description: `The email address of the ${what}.` }),
      team: string({ description: `The workspace of the ${what}.` }),
    },
    { description: `The ${what}.` },
  );

const named = (what: string) =>
  object(
    {
      id: string({ required: true, description: `The ID of the ${what}.` }),
      name: string({ description: `The name of the ${what}.` }),
      domain: string({ description: `The Slack subdomain of the ${what}.` }),
    },
    { description: `The affected ${what}.` },
  );

export const AuditLogs = defineLogType({
  name: 'Slack.AuditLogs',
  description: 'Slack Audit Logs API entries: actions users, apps and Slack take in an Enterprise Grid organization.',
  reference: 'https://api.slack.com/admins/audit-logs',
  fields: {
    id: string({ required: true, description: 'The ID of the audit entry.' }),
    date_create: timestamp({ required: true, format: 'unix', description: 'When the action happened (epoch seconds).' }),
    action: string({ required: true, description: 'The action, e.g. user_login, file_downloaded, app_installed, pref.sso_setting_changed.' }),
    actor: object(
      {
        type: string({ required: true, description: 'The type of actor: user.' }),
        user: user('acting user'),
      },
      { required: true, description: 'Who took the action.' },
    ),
    entity: object(
      {
        type: string({ required: true, description: 'The type of the affected entity: user, channel, file, app, workspace, enterprise, message, workflow, usergroup...' }),
        user: user('affected user'),
        channel: object(
          {
            id: string({ required: true, description: 'The ID of the channel.' }),
            name: string({ description: 'The name of the channel.' }),
            privacy: string({ description: 'The privacy of the channel: public, private, mpim, im.' }),
            is_shared: boolean({ description: 'Whether the channel is shared (Slack Connect).' }),
            is_org_shared: boolean({ description: 'Whether the channel is shared across the organization.' }),
            teams_shared_with: array(string(), { description: 'The workspaces the channel is shared with.' }),
          },
          { description: 'The affected channel.' },
        ),
        file: object(
          {
            id: string({ required: true, description: 'The ID of the file.' }),
            name: string({ description: 'The file name.' }),
            title: string({ description: 'The file title.' }),
            filetype: string({ description: 'The file type, e.g. pdf.' }),
          },
          { description: 'The affected file.' },
        ),
        app: object(
          {
            id: string({ required: true, description: 'The ID of the app.' }),
            name: string({ description: 'The name of the app.' }),
            is_distributed: boolean({ description: 'Whether the app is distributed.' }),
            is_directory_approved: boolean({ description: 'Whether the app is approved in the App Directory.' }),
            is_workflow_app: boolean({ description: 'Whether the app is a workflow app.' }),
            scopes: array(string(), { description: 'The OAuth scopes the app holds.' }),
          },
          { description: 'The affected app.' },
        ),
        workspace: named('workspace'),
        enterprise: named('enterprise'),
        workflow: object(
          {
            id: string({ required: true, description: 'The ID of the workflow.' }),
            name: string({ description: 'The name of the workflow.' }),
          },
          { description: 'The affected workflow.' },
        ),
        usergroup: object(
          {
            id: string({ required: true, description: 'The ID of the user group.' }),
            name: string({ description: 'The name of the user group.' }),
          },
          { description: 'The affected user group.' },
        ),
        message: object(
          {
            channel: string({ description: 'The channel the message was posted in.' }),
            team: string({ description: 'The workspace the message was posted in.' }),
            timestamp: string({ description: 'The Slack timestamp (ts) of the message.' }),
          },
          { description: 'The affected message.' },
        ),
      },
      { required: true, description: 'The thing the action was taken on.' },
    ),
    context: object(
      {
        location: object(
          {
            type: string({ required: true, description: 'workspace or enterprise.' }),
            id: string({ required: true, description: 'The ID of the workspace or enterprise.' }),
            name: string({ description: 'The name of the workspace or enterprise.' }),
            domain: string({ description: 'The Slack subdomain of the workspace or enterprise.' }),
          },
          { required: true, description: 'Where the action was taken: a workspace or the enterprise.' },
        ),
        ua: string({ description: 'The user agent of the client that took the action.' }),
        ip_address: string({ indicators: ['ip'], description: 'The IP address the action came from.' }),
        session_id: bigint({ coerce: true, description: 'The session of the actor.' }),
      },
      { required: true, description: 'Where and how the action was taken.' },
    ),
    details: json({ description: 'Action-specific details, e.g. previous and new values of a changed setting.' }),
  },
  eventTime: 'date_create',
  parser: { kind: 'json' },
});
