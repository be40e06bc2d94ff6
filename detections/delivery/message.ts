// What every message says, whatever the destination: the alert's facts and its two links.
import type { Alert } from '../types.js';

export interface MessageOptions {
  /** Base URL of the console (e.g. https://panther.example.com); alert links are <base>/alerts/<id>. */
  readonly consoleUrl: string;
}

export interface Links {
  readonly alert: string;
  readonly events?: string;
}

export function alertLinks(alert: Alert, options: MessageOptions): Links {
  const base = options.consoleUrl.replace(/\/+$/, '');
  const links: Links = { alert: `${base}/alerts/${encodeURIComponent(alert.alertId)}` };
  return alert.eventsLink ? { ...links, events: alert.eventsLink } : links;
}

export function isTestAlert(alert: Alert): boolean {
  return alert.alertContext?.['pantherTestAlert'] === true;
}

/** A one-line summary: "[HIGH] <title>". */
export function summary(alert: Alert): string {
  return `${isTestAlert(alert) ? '[TEST] ' : ''}[${alert.severity}] ${alert.title}`;
}

/** The facts shown as fields/details, in a stable order. */
export function facts(alert: Alert): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['Severity', alert.severity],
    ['Rule', alert.ruleId],
    ['Alert ID', alert.alertId],
    ['Type', alert.type],
    ['Events', String(alert.eventCount)],
    ['Log types', alert.logTypes.join(', ') || '-'],
    ['Created', alert.creationTime],
  ];
  if (alert.runbook) out.push(['Runbook', alert.runbook]);
  if (alert.reference) out.push(['Reference', alert.reference]);
  return out;
}

/** Plain-text body used by ticketing destinations and as a fallback text. */
export function plainText(alert: Alert, links: Links): string {
  const lines = [summary(alert), ''];
  if (alert.description) lines.push(alert.description, '');
  for (const [k, v] of facts(alert)) lines.push(`${k}: ${v}`);
  lines.push('', `Alert: ${links.alert}`);
  if (links.events) lines.push(`Events: ${links.events}`);
  if (alert.alertContext && Object.keys(alert.alertContext).length > 0) {
    lines.push('', 'Alert context:', JSON.stringify(alert.alertContext, null, 2));
  }
  return lines.join('\n');
}

/** The alert as a JSON document (SNS, SQS, custom webhook). */
export function alertDocument(alert: Alert, links: Links): Record<string, unknown> {
  return {
    version: 1,
    test: isTestAlert(alert),
    alertId: alert.alertId,
    type: alert.type,
    ruleId: alert.ruleId,
    title: alert.title,
    severity: alert.severity,
    dedup: alert.dedup,
    eventCount: alert.eventCount,
    logTypes: alert.logTypes,
    creationTime: alert.creationTime,
    updateTime: alert.updateTime,
    status: alert.status,
    description: alert.description ?? null,
    runbook: alert.runbook ?? null,
    reference: alert.reference ?? null,
    alertContext: alert.alertContext,
    link: links.alert,
    eventsLink: links.events ?? null,
  };
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
