// Which destinations an alert goes to: the rule's own list (names or ids) when it has one,
// else every destination whose defaultForSeverity includes the alert's severity.
import type { Alert } from '../types.js';
import type { DestinationConfig } from './config.js';

export interface Route {
  readonly destinations: DestinationConfig[];
  /** Names or ids the alert asked for that match no configured destination. */
  readonly unknown: string[];
  readonly source: 'rule' | 'severity';
}

export function route(alert: Pick<Alert, 'severity' | 'destinations'>, configured: readonly DestinationConfig[]): Route {
  if (alert.destinations.length === 0) {
    return { destinations: configured.filter((d) => d.defaultForSeverity.includes(alert.severity)), unknown: [], source: 'severity' };
  }
  const byKey = new Map<string, DestinationConfig>();
  for (const d of configured) {
    byKey.set(d.id, d);
    // Names match case-insensitively, as people type them in rules; ids exactly.
    if (!byKey.has(d.name.toLowerCase())) byKey.set(d.name.toLowerCase(), d);
  }
  const chosen = new Map<string, DestinationConfig>();
  const unknown: string[] = [];
  for (const wanted of alert.destinations) {
    const d = byKey.get(wanted) ?? byKey.get(wanted.toLowerCase());
    if (d) chosen.set(d.id, d);
    else unknown.push(wanted);
  }
  return { destinations: [...chosen.values()], unknown, source: 'rule' };
}
