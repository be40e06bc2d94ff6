// Jira Cloud: create an issue through REST API v2 (plain-text description) or v3 (ADF).
import type { Alert } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertLinks, plainText, summary, truncate, type MessageOptions } from '../message.js';
import { join, jsonRequest, type HttpRequest } from './request.js';

/** An Atlassian Document Format document: one paragraph per line, links as link marks. */
function adf(text: string): unknown {
  const content = text.split('\n').map((line) => {
    if (line === '') return { type: 'paragraph', content: [] };
    const url = /^(Alert|Events): (https?:\/\/\S+)$/.exec(line);
    if (url) {
      return {
        type: 'paragraph',
        content: [
          { type: 'text', text: `${url[1]}: ` },
          { type: 'text', text: url[2], marks: [{ type: 'link', attrs: { href: url[2] } }] },
        ],
      };
    }
    return { type: 'paragraph', content: [{ type: 'text', text: line }] };
  });
  return { type: 'doc', version: 1, content };
}

export function buildRequest(alert: Alert, config: ConfigOf<'jira'>, options: MessageOptions): HttpRequest {
  const s = config.settings;
  const text = truncate(plainText(alert, alertLinks(alert, options)), 30000);
  const fields: Record<string, unknown> = {
    project: { key: s.projectKey },
    issuetype: { name: s.issueType },
    // Jira caps summaries at 255 characters and rejects newlines there.
    summary: truncate(summary(alert).replace(/[\r\n]+/g, ' '), 255),
    description: s.apiVersion === 3 ? adf(text) : text,
    labels: ['panther', ...s.labels],
  };
  if (s.assigneeId) fields['assignee'] = { id: s.assigneeId };
  const auth = Buffer.from(`${config.secrets.userEmail}:${config.secrets.apiToken}`).toString('base64');
  return jsonRequest(join(s.orgDomain, `/rest/api/${s.apiVersion}/issue`), { fields }, { authorization: `Basic ${auth}`, accept: 'application/json' });
}
