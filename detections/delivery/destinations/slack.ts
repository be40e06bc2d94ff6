// Slack incoming webhook: a fallback `text` and Block Kit blocks.
import type { Alert } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertLinks, facts, summary, truncate, type MessageOptions } from '../message.js';
import { jsonRequest, type HttpRequest } from './request.js';

export function buildRequest(alert: Alert, config: ConfigOf<'slack'>, options: MessageOptions): HttpRequest {
  const links = alertLinks(alert, options);
  const buttons = [{ type: 'button', text: { type: 'plain_text', text: 'View alert' }, url: links.alert }];
  if (links.events) buttons.push({ type: 'button', text: { type: 'plain_text', text: 'View events' }, url: links.events });
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(summary(alert), 150) } },
    ...(alert.description ? [{ type: 'section', text: { type: 'mrkdwn', text: truncate(alert.description, 3000) } }] : []),
    // Section fields: at most 10 per block.
    { type: 'section', fields: facts(alert).slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: truncate(`*${k}*\n${v}`, 2000) })) },
    { type: 'actions', elements: buttons },
  ];
  const text = `${summary(alert)} <${links.alert}|View alert>${links.events ? ` <${links.events}|View events>` : ''}`;
  const body: Record<string, unknown> = { text, blocks };
  if (config.settings.channel) body['channel'] = config.settings.channel;
  return jsonRequest(config.secrets.webhookUrl, body);
}
