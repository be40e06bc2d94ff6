import { array, bigint, boolean, json, object, string } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';

// The "simple user" of every payload: the sender, a repository owner, a member.
const accountFields = {
  login: string({ required: true, indicators: ['username'], description: 'The login of the account.' }),
  id: bigint({ required: true, description: 'The ID of the account.' }),
  node_id: string({ description: 'The GraphQL node ID of the account.' }),
  type: string({ description: 'The type of account: User, Bot or Organization.' }),
  site_admin: boolean({ description: 'Whether the account is a site administrator.' }),
  html_url: string({ description: 'The profile URL of the account.' }),
} as const;
const account = (description: string) => object(accountFields, { description });
// Repository owners are mostly organizations: their login is no username.
const owner = object({ ...accountFields, login: string({ required: true, description: 'The login of the owner (a user or an organization).' }) }, { description: 'The owner of the repository.' });

const commit = (description: string) =>
  object(
    {
      id: string({ indicators: ['sha1'], description: 'The SHA of the commit.' }),
      tree_id: string({ description: 'The SHA of the tree of the commit.' }),
      message: string({ description: 'The commit message.' }),
      timestamp: string({ description: 'The ISO 8601 time of the commit.' }),
      url: string({ description: 'The URL of the commit.' }),
      author: json({ description: 'The git author: name, email, username.' }),
      committer: json({ description: 'The git committer: name, email, username.' }),
      added: array(string(), { description: 'Files added by the commit.' }),
      removed: array(string(), { description: 'Files removed by the commit.' }),
      modified: array(string(), { description: 'Files modified by the commit.' }),
    },
    { description },
  );

function gitPerson(v: unknown, set: IndicatorSet): void {
  if (typeof v !== 'object' || v === null) return;
  const p = v as Record<string, unknown>;
  set.add('email', p.email);
  set.add('username', p.username);
}

export const Webhook = defineLogType({
  name: 'GitHub.Webhook',
  description: 'GitHub webhook payloads (push, pull_request, repository, member, ping...) as a repository, organization or app webhook delivers them.',
  reference: 'https://docs.github.com/en/webhooks/webhook-events-and-payloads',
  fields: {
    action: string({ description: 'The activity that triggered the event, e.g. opened, created, deleted; absent for push and ping.' }),
    sender: object(accountFields, { required: true, description: 'The user that triggered the event; every payload has it.' }),
    repository: object(
      {
        id: bigint({ required: true, description: 'The ID of the repository.' }),
        node_id: string({ description: 'The GraphQL node ID of the repository.' }),
        name: string({ description: 'The name of the repository.' }),
        full_name: string({ description: 'The repository as owner/name.' }),
        private: boolean({ description: 'Whether the repository is private.' }),
        visibility: string({ description: 'public, private or internal.' }),
        fork: boolean({ description: 'Whether the repository is a fork.' }),
        default_branch: string({ description: 'The default branch of the repository.' }),
        html_url: string({ description: 'The URL of the repository.' }),
        owner,
      },
      { description: 'The repository where the event occurred (repository events).' },
    ),
    organization: object(
      {
        login: string({ required: true, description: 'The login of the organization.' }),
        id: bigint({ required: true, description: 'The ID of the organization.' }),
        node_id: string({ description: 'The GraphQL node ID of the organization.' }),
        url: string({ description: 'The API URL of the organization.' }),
        description: string({ description: 'The description of the organization.' }),
      },
      { description: 'The organization of the webhook or of the repository.' },
    ),
    installation: object(
      {
        id: bigint({ required: true, description: 'The ID of the GitHub App installation.' }),
        node_id: string({ description: 'The GraphQL node ID of the installation.' }),
      },
      { description: 'The GitHub App installation, for events sent to an app.' },
    ),
    enterprise: object(
      {
        id: bigint({ description: 'The ID of the enterprise.' }),
        slug: string({ description: 'The slug of the enterprise.' }),
        name: string({ description: 'The name of the enterprise.' }),
        html_url: string({ description: 'The URL of the enterprise.' }),
      },
      { description: 'The enterprise, for events in an enterprise.' },
    ),
    hook_id: bigint({ description: 'The ID of the webhook (ping events).' }),
    hook: json({ description: 'The webhook configuration (ping events).' }),
    zen: string({ description: 'A random string of GitHub zen (ping events).' }),
    ref: string({ description: 'The full git ref pushed, created or deleted, e.g. refs/heads/main.' }),
    ref_type: string({ description: 'The type of ref created or deleted: branch or tag.' }),
    before: string({ indicators: ['sha1'], description: 'The SHA of the ref before a push.' }),
    after: string({ indicators: ['sha1'], description: 'The SHA of the ref after a push.' }),
    base_ref: string({ description: 'The base ref of a push.' }),
    created: boolean({ description: 'Whether a push created the ref.' }),
    deleted: boolean({ description: 'Whether a push deleted the ref.' }),
    forced: boolean({ description: 'Whether the push was forced.' }),
    compare: string({ description: 'The URL comparing the ref before and after a push.' }),
    pusher: json({ description: 'The user who pushed: name and email.' }),
    commits: array(commit('A pushed commit.'), { description: 'The pushed commits.' }),
    head_commit: commit('The most recent pushed commit.'),
    member: account('The user added, removed or edited (member and membership events).'),
    changes: json({ description: 'The previous values of changed attributes (edited events).' }),
    team: json({ description: 'The team concerned (team and membership events).' }),
    pull_request: json({ description: 'The pull request (pull_request events).' }),
    issue: json({ description: 'The issue (issues and issue_comment events).' }),
    comment: json({ description: 'The comment (comment events).' }),
    release: json({ description: 'The release (release events).' }),
    alert: json({ description: 'The security alert (code, secret scanning and Dependabot alert events).' }),
    workflow_run: json({ description: 'The workflow run (workflow_run events).' }),
    workflow_job: json({ description: 'The workflow job (workflow_job events).' }),
  },
  parser: {
    kind: 'json',
    accept: (obj) => {
      // Audit log events (GitHub.Audit) name their actor with a login string and carry @timestamp.
      if (typeof obj.actor === 'string') return 'actor is a string: an audit log event (GitHub.Audit), not a webhook payload';
      if (obj['@timestamp'] !== undefined) return '@timestamp present: an audit log event (GitHub.Audit), not a webhook payload';
      return null;
    },
  },
  indicators: (e, set) => {
    gitPerson(e.pusher, set);
    const pusher = e.pusher as { name?: unknown } | undefined;
    if (typeof pusher === 'object' && pusher !== null) set.add('username', pusher.name);
    for (const c of [...(e.commits ?? []), e.head_commit]) {
      if (c === undefined || c === null) continue;
      gitPerson(c.author, set);
      gitPerson(c.committer, set);
    }
    const hook = e.hook as { config?: { url?: unknown } } | undefined;
    if (typeof hook === 'object' && hook !== null) set.add('url', hook.config?.url);
  },
});
