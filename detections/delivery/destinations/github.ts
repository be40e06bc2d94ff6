// GitHub: open an issue in owner/repo with a token (REST API, Bearer auth).
import type { Alert } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertLinks, facts, summary, truncate, type MessageOptions } from '../message.js';
import { join, jsonRequest, type HttpRequest } from './request.js';

export const GITHUB_API = 'https://api.github.com';

function markdown(alert: Alert, options: MessageOptions): string {
  const links = alertLinks(alert, options);
  const lines = [`## ${summary(alert)}`, ''];
  if (alert.description) lines.push(alert.description, '');
  lines.push('| Field | Value |', '| --- | --- |');
  for (const [k, v] of facts(alert)) lines.push(`| ${k} | ${v.replace(/\|/g, '\\|')} |`);
  lines.push('', `[View alert](${links.alert})`);
  if (links.events) lines.push(`[View events](${links.events})`);
  if (alert.alertContext && Object.keys(alert.alertContext).length > 0) {
    lines.push('', '<details><summary>Alert context</summary>', '', '```json', JSON.stringify(alert.alertContext, null, 2), '```', '</details>');
  }
  return lines.join('\n');
}

export function buildRequest(alert: Alert, config: ConfigOf<'github'>, options: MessageOptions): HttpRequest {
  const [owner, repo] = config.settings.repository.split('/') as [string, string];
  const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues`;
  return jsonRequest(
    join(config.settings.apiUrl ?? GITHUB_API, path),
    {
      title: truncate(summary(alert), 256),
      body: truncate(markdown(alert, options), 65000),
      labels: ['panther', `severity:${alert.severity.toLowerCase()}`, ...config.settings.labels],
    },
    {
      authorization: `Bearer ${config.secrets.token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      // GitHub rejects requests without a User-Agent.
      'user-agent': 'panther-aws-alert-delivery',
    },
  );
}
