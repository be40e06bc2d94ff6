// Destination configuration: one zod schema per destination type. Settings (non-secret) and
// secrets (webhook URLs, tokens, keys) are kept apart so secrets can be redacted everywhere.
import { z } from 'zod';
import { SEVERITIES } from '../types.js';

const severities = z.array(z.enum(SEVERITIES)).default([]);
/** An optional API base URL override (self-hosted instances, regional endpoints, tests). */
const apiUrl = z.url().optional();

const common = {
  /** A stable id (e.g. a UUID); alerts may route by id or by name. */
  id: z.string().min(1),
  name: z.string().min(1),
  /** Severities this destination receives when a rule names no destinations. */
  defaultForSeverity: severities,
};

export const SlackConfig = z.strictObject({
  ...common,
  type: z.literal('slack'),
  settings: z.strictObject({ channel: z.string().optional() }).default({}),
  secrets: z.strictObject({ webhookUrl: z.url() }),
});

export const PagerDutyConfig = z.strictObject({
  ...common,
  type: z.literal('pagerduty'),
  settings: z.strictObject({ apiUrl }).default({}),
  secrets: z.strictObject({ routingKey: z.string().min(1) }),
});

export const OpsgenieConfig = z.strictObject({
  ...common,
  type: z.literal('opsgenie'),
  settings: z
    .strictObject({
      /** us (api.opsgenie.com) or eu (api.eu.opsgenie.com). */
      region: z.enum(['us', 'eu']).default('us'),
      apiUrl,
      responders: z.array(z.strictObject({ type: z.enum(['team', 'user', 'escalation', 'schedule']), name: z.string() })).optional(),
    })
    .default({ region: 'us' }),
  secrets: z.strictObject({ apiKey: z.string().min(1) }),
});

export const TeamsConfig = z.strictObject({
  ...common,
  type: z.literal('msteams'),
  settings: z.strictObject({}).default({}),
  secrets: z.strictObject({ webhookUrl: z.url() }),
});

export const JiraConfig = z.strictObject({
  ...common,
  type: z.literal('jira'),
  settings: z.strictObject({
    /** The site, e.g. https://example.atlassian.net. */
    orgDomain: z.url(),
    projectKey: z.string().min(1),
    issueType: z.string().min(1).default('Task'),
    /** REST API v2 takes a plain-text description, v3 an Atlassian Document Format one. */
    apiVersion: z.union([z.literal(2), z.literal(3)]).default(3),
    labels: z.array(z.string()).default([]),
    assigneeId: z.string().optional(),
  }),
  secrets: z.strictObject({ userEmail: z.string().min(1), apiToken: z.string().min(1) }),
});

export const GitHubConfig = z.strictObject({
  ...common,
  type: z.literal('github'),
  settings: z.strictObject({
    /** owner/repo */
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/repo'),
    labels: z.array(z.string()).default([]),
    apiUrl,
  }),
  secrets: z.strictObject({ token: z.string().min(1) }),
});

export const AsanaConfig = z.strictObject({
  ...common,
  type: z.literal('asana'),
  settings: z.strictObject({ projectGids: z.array(z.string().min(1)).min(1), apiUrl }),
  secrets: z.strictObject({ personalAccessToken: z.string().min(1) }),
});

export const SnsConfig = z.strictObject({
  ...common,
  type: z.literal('sns'),
  settings: z.strictObject({
    topicArn: z.string().regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, 'expected an SNS topic ARN'),
    /** Defaults to the topic's region. */
    region: z.string().optional(),
    /** An endpoint override (local emulators, tests, VPC endpoints). */
    endpoint: z.url().optional(),
  }),
  secrets: z.strictObject({}).default({}),
});

export const SqsConfig = z.strictObject({
  ...common,
  type: z.literal('sqs'),
  settings: z.strictObject({
    queueUrl: z.url(),
    /** Defaults to the region in the queue URL's host. */
    region: z.string().optional(),
    endpoint: z.url().optional(),
  }),
  secrets: z.strictObject({}).default({}),
});

export const WebhookConfig = z.strictObject({
  ...common,
  type: z.literal('webhook'),
  settings: z.strictObject({}).default({}),
  secrets: z.strictObject({
    url: z.url(),
    /** Extra headers, e.g. an Authorization header: secret, never logged. */
    headers: z.record(z.string(), z.string()).default({}),
    /** When set, X-Panther-Signature: sha256=<hex HMAC-SHA256 of the body with this key>. */
    hmacSecret: z.string().min(1).optional(),
  }),
});

export const DestinationConfig = z.discriminatedUnion('type', [
  SlackConfig,
  PagerDutyConfig,
  OpsgenieConfig,
  TeamsConfig,
  JiraConfig,
  GitHubConfig,
  AsanaConfig,
  SnsConfig,
  SqsConfig,
  WebhookConfig,
]);
export type DestinationConfig = z.infer<typeof DestinationConfig>;
export type DestinationType = DestinationConfig['type'];
export type ConfigOf<T extends DestinationType> = Extract<DestinationConfig, { type: T }>;

export const DESTINATION_TYPES = DestinationConfig.options.map((o) => o.shape.type.value) as readonly DestinationType[];

/**
 * Validate a list of destination configs. Errors name the entry (index and name) and the key,
 * never a value, so a malformed secret is not echoed.
 */
export function parseDestinations(input: unknown): { destinations: DestinationConfig[]; errors: string[] } {
  if (!Array.isArray(input)) return { destinations: [], errors: ['destinations: expected a list'] };
  const destinations: DestinationConfig[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  input.forEach((raw, i) => {
    const label = `destinations[${i}]${raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? ` (${(raw as { name: string }).name})` : ''}`;
    const parsed = DestinationConfig.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`${label}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      return;
    }
    const dup = [parsed.data.id, parsed.data.name].find((key) => seen.has(key));
    if (dup !== undefined) {
      // Routing by name or id must be unambiguous: the later entry is rejected.
      errors.push(`${label}: duplicate id or name "${dup}"`);
      return;
    }
    seen.add(parsed.data.id);
    if (parsed.data.name !== parsed.data.id) seen.add(parsed.data.name);
    destinations.push(parsed.data);
  });
  return { destinations, errors };
}
