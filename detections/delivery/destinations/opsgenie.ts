// Opsgenie Alert API v2: GenieKey auth, P1-P5 priority, alias = alert id for deduplication.
import type { Alert, Severity } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertLinks, plainText, summary, truncate, type MessageOptions } from '../message.js';
import { join, jsonRequest, type HttpRequest } from './request.js';

const API = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' } as const;

const PRIORITY: Record<Severity, string> = { CRITICAL: 'P1', HIGH: 'P2', MEDIUM: 'P3', LOW: 'P4', INFO: 'P5' };

export function opsgeniePriority(s: Severity): string {
  return PRIORITY[s];
}

export function buildRequest(alert: Alert, config: ConfigOf<'opsgenie'>, options: MessageOptions): HttpRequest {
  const links = alertLinks(alert, options);
  const details: Record<string, string> = {
    alertId: alert.alertId,
    ruleId: alert.ruleId,
    severity: alert.severity,
    eventCount: String(alert.eventCount),
    logTypes: alert.logTypes.join(','),
    alertLink: links.alert,
  };
  if (links.events) details['eventsLink'] = links.events;
  const body: Record<string, unknown> = {
    message: truncate(summary(alert), 130),
    alias: truncate(alert.alertId, 512),
    description: truncate(plainText(alert, links), 15000),
    details,
    priority: PRIORITY[alert.severity],
    source: 'Panther',
    entity: alert.ruleId,
    // Opsgenie accepts at most 20 tags.
    tags: ['panther', alert.severity.toLowerCase(), ...alert.logTypes].slice(0, 20),
  };
  if (config.settings.responders) body['responders'] = config.settings.responders;
  const base = config.settings.apiUrl ?? API[config.settings.region];
  return jsonRequest(join(base, '/v2/alerts'), body, { authorization: `GenieKey ${config.secrets.apiKey}` });
}
