// Microsoft Teams incoming webhook (Workflows or connector): a message with an Adaptive Card.
import type { Alert } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertLinks, facts, summary, truncate, type MessageOptions } from '../message.js';
import { jsonRequest, type HttpRequest } from './request.js';

export function buildRequest(alert: Alert, config: ConfigOf<'msteams'>, options: MessageOptions): HttpRequest {
  const links = alertLinks(alert, options);
  const color = alert.severity === 'CRITICAL' || alert.severity === 'HIGH' ? 'Attention' : alert.severity === 'MEDIUM' ? 'Warning' : 'Default';
  const body: unknown[] = [
    { type: 'TextBlock', text: truncate(summary(alert), 500), weight: 'Bolder', size: 'Medium', wrap: true, color },
  ];
  if (alert.description) body.push({ type: 'TextBlock', text: truncate(alert.description, 5000), wrap: true });
  body.push({ type: 'FactSet', facts: facts(alert).map(([title, value]) => ({ title, value })) });
  const actions = [{ type: 'Action.OpenUrl', title: 'View alert', url: links.alert }];
  if (links.events) actions.push({ type: 'Action.OpenUrl', title: 'View events', url: links.events });
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    actions,
  };
  return jsonRequest(config.secrets.webhookUrl, {
    type: 'message',
    summary: truncate(summary(alert), 200),
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  });
}
