// Delivery of the alerts a detection run opened: route each alert, send it to its destinations
// (each send retried with backoff, see retry.ts), and summarize per alert and destination. The same
// code runs after the local pipeline and in the alert-delivery function.
import type { Alert, AlertStore } from '../types.js';
import type { DestinationConfig } from './config.js';
import { sendToDestination, type DeliveryOptions, type DeliveryResult } from './deliver.js';
import { route } from './route.js';

export interface AlertDispatch {
  readonly alertId: string;
  readonly ruleId: string;
  readonly severity: Alert['severity'];
  readonly results: DeliveryResult[];
  /** Names or ids the alert asked for that match no configured destination. */
  readonly unknownDestinations: string[];
}

export interface DispatchSummary {
  /** Destinations configured (whatever the routing). */
  readonly configured: number;
  readonly alerts: AlertDispatch[];
  /** Sends that succeeded / failed after their retries. */
  readonly delivered: number;
  readonly failed: number;
  /** Alerts no destination received (none routed, or none configured). */
  readonly unrouted: string[];
}

export interface DispatchOptions extends DeliveryOptions {
  /** Alerts sent at once (each to its destinations in parallel). Default 4. */
  readonly concurrency?: number;
  /** Only these destination ids, by alert id (a retry of the destinations that failed). */
  readonly onlyDestinations?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Sends one alert to the destinations its route chooses (optionally limited to some ids). */
export async function dispatchAlert(alert: Alert, destinations: readonly DestinationConfig[], options: DeliveryOptions, only?: ReadonlySet<string>): Promise<AlertDispatch> {
  const r = route(alert, destinations);
  for (const name of r.unknown) options.log?.({ level: 'warn', message: `alert ${alert.alertId}: unknown destination "${name}"` });
  const chosen = only === undefined ? r.destinations : r.destinations.filter((d) => only.has(d.id));
  const results = await Promise.all(chosen.map((d) => sendToDestination(alert, d, options)));
  return { alertId: alert.alertId, ruleId: alert.ruleId, severity: alert.severity, results, unknownDestinations: r.unknown };
}

/** Sends every alert; never throws for a failed send (results say what happened). */
export async function dispatchOpenedAlerts(alerts: readonly Alert[], destinations: readonly DestinationConfig[], options: DispatchOptions): Promise<DispatchSummary> {
  const out: AlertDispatch[] = new Array<AlertDispatch>(alerts.length);
  if (destinations.length > 0) {
    const width = Math.max(1, options.concurrency ?? 4);
    let next = 0;
    const workers = Array.from({ length: Math.min(width, alerts.length) }, async () => {
      for (let i = next++; i < alerts.length; i = next++) {
        const alert = alerts[i] as Alert;
        out[i] = await dispatchAlert(alert, destinations, options, options.onlyDestinations?.get(alert.alertId));
      }
    });
    await Promise.all(workers);
  } else {
    alerts.forEach((a, i) => (out[i] = { alertId: a.alertId, ruleId: a.ruleId, severity: a.severity, results: [], unknownDestinations: [] }));
  }
  const results = out.flatMap((a) => a.results);
  return {
    configured: destinations.length,
    alerts: out,
    delivered: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    unrouted: out.filter((a) => a.results.length === 0).map((a) => a.alertId),
  };
}

/** The alerts of the given ids (those the store no longer has are left out). */
export async function alertsById(store: Pick<AlertStore, 'get'>, ids: readonly string[]): Promise<Alert[]> {
  const found = await Promise.all([...new Set(ids)].map((id) => store.get(id)));
  return found.filter((a): a is Alert => a !== undefined);
}

/** The text printed after a local run: nothing is sent without destinations, and it says so. */
export function dispatchSummaryText(s: DispatchSummary): string {
  if (s.alerts.length === 0) return '';
  if (s.configured === 0) return `Delivery: no destinations configured; ${s.alerts.length} alert(s) not sent.\n`;
  const lines = [`Delivery: ${s.alerts.length} alert(s), ${s.delivered} sent, ${s.failed} failed, ${s.unrouted.length} routed to no destination.`];
  for (const a of s.alerts) {
    for (const r of a.results) {
      lines.push(`  ${a.alertId} -> ${r.destinationName} (${r.type}): ${r.ok ? `sent${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}` : `FAILED after ${r.attempts} attempt(s): ${r.error ?? 'unknown error'}`}`);
    }
    for (const u of a.unknownDestinations) lines.push(`  ${a.alertId} -> "${u}": no such destination`);
  }
  return `${lines.join('\n')}\n`;
}

/** The summary as JSON (the CLI's --json output and the function's log line); errors are redacted already. */
export function dispatchJson(s: DispatchSummary): Record<string, unknown> {
  return {
    configured: s.configured,
    delivered: s.delivered,
    failed: s.failed,
    unrouted: s.unrouted,
    alerts: s.alerts.map((a) => ({
      alertId: a.alertId,
      ruleId: a.ruleId,
      results: a.results.map((r) => ({ destination: r.destinationName, id: r.destinationId, type: r.type, ok: r.ok, attempts: r.attempts, ...(r.status !== undefined ? { status: r.status } : {}), ...(r.error !== undefined ? { error: r.error } : {}) })),
      ...(a.unknownDestinations.length > 0 ? { unknownDestinations: a.unknownDestinations } : {}),
    })),
  };
}
