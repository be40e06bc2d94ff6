// PagerDuty Events API v2: a trigger event, deduplicated by alert id.
import type { Alert, Severity } from '../../types.js';
import type { ConfigOf } from '../config.js';
import { alertLinks, summary, truncate, type MessageOptions } from '../message.js';
import { join, jsonRequest, type HttpRequest } from './request.js';

export const PAGERDUTY_API = 'https://events.pagerduty.com';

const SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  CRITICAL: 'critical',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'info',
  INFO: 'info',
};

export function pagerDutySeverity(s: Severity): string {
  return SEVERITY[s];
}

export function buildRequest(alert: Alert, config: ConfigOf<'pagerduty'>, options: MessageOptions): HttpRequest {
  const links = alertLinks(alert, options);
  const body = {
    routing_key: config.secrets.routingKey,
    event_action: 'trigger',
    // One PagerDuty incident per alert: later deliveries of the same alert update it.
    dedup_key: alert.alertId,
    payload: {
      summary: truncate(summary(alert), 1024),
      source: 'panther',
      severity: SEVERITY[alert.severity],
      timestamp: alert.creationTime,
      component: alert.ruleId,
      group: alert.logTypes.join(','),
      class: alert.type,
      custom_details: {
        alertId: alert.alertId,
        ruleId: alert.ruleId,
        title: alert.title,
        description: alert.description ?? null,
        runbook: alert.runbook ?? null,
        reference: alert.reference ?? null,
        eventCount: alert.eventCount,
        logTypes: alert.logTypes,
        dedup: alert.dedup,
        alertContext: alert.alertContext,
        alertLink: links.alert,
        eventsLink: links.events ?? null,
      },
    },
    client: 'Panther',
    client_url: links.alert,
    links: [{ href: links.alert, text: 'Alert' }, ...(links.events ? [{ href: links.events, text: 'Events' }] : [])],
  };
  return jsonRequest(join(config.settings.apiUrl ?? PAGERDUTY_API, '/v2/enqueue'), body);
}
