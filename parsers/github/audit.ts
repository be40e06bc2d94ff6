import { array, bigint, boolean, float, int, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { parseEpoch, parseRfc3339 } from '../core/time.js';

/** Epoch milliseconds (the API and streaming), or an RFC 3339 string (some exports and SIEM forwarders). */
export function parseAuditTime(raw: unknown): string | null {
  if (typeof raw === 'string' && raw.includes('-')) return parseRfc3339(raw);
  return parseEpoch(raw, 'unix_ms');
}

const hookConfig = (description: string) =>
  object(
    {
      content_type: string({ description: 'The payload content type: json or form.' }),
      insecure_ssl: string({ coerce: true, description: '"1" when TLS certificates of the payload URL are not verified.' }),
      url: string({ indicators: ['url'], description: 'The payload URL.' }),
    },
    { description },
  );

export const Audit = defineLogType({
  name: 'GitHub.Audit',
  description: 'GitHub audit log events of an organization or enterprise, as the audit log REST API and audit log streaming deliver them.',
  reference: 'https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/reviewing-the-audit-log-for-your-organization',
  fields: {
    '@timestamp': timestamp({ required: true, format: parseAuditTime, description: 'When the event happened (epoch milliseconds).' }),
    _document_id: string({ description: 'The unique ID of the audit log entry.' }),
    action: string({ required: true, description: 'The action, as category.operation: repo.create, org.add_member, git.clone, workflows.completed_workflow_run...' }),
    actor: string({ indicators: ['username'], description: 'The login of the user or app that performed the action.' }),
    actor_id: bigint({ coerce: true, description: 'The ID of the actor.' }),
    actor_ip: string({ indicators: ['ip'], description: 'The IP address of the actor (when IP disclosure is enabled).' }),
    actor_is_bot: boolean({ description: 'Whether the actor is a bot.' }),
    actor_location: object(
      {
        country_code: string({ description: 'The two-letter country code of the actor.' }),
        country_name: string({ description: 'The country name of the actor.' }),
        region: string({ description: 'The region code of the actor.' }),
        region_name: string({ description: 'The region name of the actor.' }),
        city: string({ description: 'The city of the actor.' }),
        postal_code: string({ description: 'The postal code of the actor.' }),
        location: object({ lat: float(), lon: float() }, { description: 'The coordinates of the actor.' }),
      },
      { description: 'Where the actor was, from their IP address.' },
    ),
    created_at: timestamp({ format: parseAuditTime, description: 'When the entry was created (epoch milliseconds).' }),
    completed_at: string({ description: 'When a long-running operation (e.g. a workflow run) completed.' }),
    operation_type: string({ description: 'The kind of operation: create, access, modify, remove, authentication, transfer, restore.' }),
    business: string({ description: 'The enterprise the event belongs to.' }),
    business_id: bigint({ coerce: true, description: 'The ID of the enterprise.' }),
    org: string({ description: 'The organization the action was performed in.' }),
    org_id: bigint({ coerce: true, description: 'The ID of the organization.' }),
    repo: string({ description: 'The repository, as owner/name.' }),
    repo_id: bigint({ coerce: true, description: 'The ID of the repository.' }),
    repository: string({ description: 'The repository of a git event, as owner/name.' }),
    repository_public: boolean({ description: 'Whether the repository of a git event is public.' }),
    public_repo: boolean({ description: 'Whether the repository is public.' }),
    visibility: string({ description: 'The visibility of the repository: public, private or internal.' }),
    user: string({ indicators: ['username'], description: 'The user affected by the action (added, removed, invited...).' }),
    user_id: bigint({ coerce: true, description: 'The ID of the affected user.' }),
    team: string({ description: 'The team affected by the action, as org/team.' }),
    permission: string({ description: 'The permission granted, e.g. admin, write, read.' }),
    old_permission: string({ description: 'The permission before the change.' }),
    user_agent: string({ description: 'The user agent of the request.' }),
    request_id: string({ description: 'The ID of the request.' }),
    hashed_token: string({ description: 'The SHA-256 of the access token used, base64-encoded.' }),
    token_id: bigint({ coerce: true, description: 'The ID of the access token used.' }),
    token_scopes: string({ description: 'The scopes of the access token used, comma-separated.' }),
    programmatic_access_type: string({ description: 'How the actor authenticated programmatically, e.g. OAuth access token, GitHub App server-to-server token.' }),
    external_identity_nameid: string({ indicators: ['email'], description: 'The SAML NameID or SCIM identity of the actor (often an email address).' }),
    external_identity_username: string({ indicators: ['username'], description: 'The SAML or SCIM username of the actor.' }),
    hook_id: bigint({ coerce: true, description: 'The ID of the webhook.' }),
    name: string({ description: 'The name of the hook or integration.' }),
    active: boolean({ description: 'Whether the webhook is active.' }),
    active_was: boolean({ description: 'Whether the webhook was active before the change.' }),
    events: array(string(), { description: 'The events the webhook is subscribed to.' }),
    events_were: array(string(), { description: 'The events the webhook was subscribed to before the change.' }),
    config: hookConfig('The webhook configuration.'),
    config_was: hookConfig('The webhook configuration before the change.'),
    event: string({ description: 'The event that triggered a workflow, e.g. push, pull_request.' }),
    workflow_id: bigint({ description: 'The ID of the workflow.' }),
    workflow_run_id: bigint({ description: 'The ID of the workflow run.' }),
    head_branch: string({ description: 'The branch a workflow ran on.' }),
    head_sha: string({ indicators: ['sha1'], description: 'The commit a workflow ran on.' }),
    conclusion: string({ description: 'The conclusion of a workflow run: success, failure, cancelled...' }),
    transport_protocol: int({ description: 'The transport protocol of a git event, as a number.' }),
    transport_protocol_name: string({ description: 'The transport protocol of a git event: http or ssh.' }),
  },
  eventTime: '@timestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      // Webhook payloads (GitHub.Webhook) name the actor in a sender object.
      if (obj.sender !== undefined) return 'sender present: a webhook payload (GitHub.Webhook), not an audit log event';
      const a = obj.action;
      if (typeof a === 'string' && !a.includes('.')) return `action "${a}" is not category.operation`;
      return null;
    },
  },
});
