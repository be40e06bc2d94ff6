// Secrets (webhook URLs, tokens, keys) must never reach logs, errors or results.
import type { DestinationConfig } from './config.js';

export const REDACTED = '[REDACTED]';

function collect(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length >= 4) out.add(value);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collect(v, out);
  }
}

/** Every form in which a destination's secrets could appear in a message. */
export function secretsOf(config: DestinationConfig): string[] {
  const raw = new Set<string>();
  collect(config.secrets, raw);
  const forms = new Set<string>();
  for (const s of raw) {
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(Buffer.from(s).toString('base64'));
    // A URL's path and query carry its token (e.g. hooks.slack.com/services/T/B/XXXX) and
    // errors often quote only the path or the host-less form.
    try {
      const u = new URL(s);
      if (u.pathname.length > 1) forms.add(u.pathname + u.search);
      if (u.search.length > 1) forms.add(u.search);
      // The token itself: Slack's last path segment, a Teams/Workflows `sig` query value.
      const segments = u.pathname.split('/').filter((p) => p.length > 0);
      const last = segments[segments.length - 1];
      if (last && last.length >= 6) forms.add(last);
      for (const seg of segments) if (seg.length >= 16) forms.add(seg);
      for (const v of u.searchParams.values()) if (v.length >= 6) forms.add(v);
      if (u.password) forms.add(u.password);
    } catch {
      // not a URL
    }
  }
  if (config.type === 'jira') {
    forms.add(Buffer.from(`${config.secrets.userEmail}:${config.secrets.apiToken}`).toString('base64'));
  }
  // Longest first, so a URL is replaced whole before its path.
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED);
  return out;
}

/** A safe, human-readable description of where a destination sends: host only for secret URLs. */
export function describeTarget(config: DestinationConfig): string {
  switch (config.type) {
    case 'slack':
    case 'msteams':
      return `${config.type} webhook on ${new URL(config.secrets.webhookUrl).host}`;
    case 'webhook':
      return `webhook on ${new URL(config.secrets.url).host}`;
    case 'sns':
      return config.settings.topicArn;
    case 'sqs':
      return config.settings.queueUrl;
    case 'github':
      return `github ${config.settings.repository}`;
    case 'jira':
      return `jira ${config.settings.projectKey} on ${new URL(config.settings.orgDomain).host}`;
    default:
      return config.type;
  }
}
