import { Command } from 'commander';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { alertStateDir } from '../../detections/pipeline/local.js';
import type { Alert, AlertFilter, AlertStatus, Severity } from '../../detections/types.js';
import { DEFAULT_LAKE } from './process.js';

export function alertsCommand(): Command {
  return new Command('alerts')
    .description('List the alerts of the local lake (opened by `panther process` and `panther local`)')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--status <status>', 'only alerts with this status (OPEN, TRIAGED, CLOSED, RESOLVED)')
    .option('--severity <severity>', 'only alerts of this severity (INFO, LOW, MEDIUM, HIGH, CRITICAL)')
    .option('--json', 'print the alerts as one JSON array')
    .action(async (o: { lake: string; status?: string; severity?: string; json?: boolean }) => {
      const store = new EmbeddedAlertStore({ dir: alertStateDir(o.lake) });
      // Case-insensitive on the command line; the store validates the values.
      const filter: AlertFilter = {
        ...(o.status !== undefined ? { status: o.status.toUpperCase() as AlertStatus } : {}),
        ...(o.severity !== undefined ? { severity: o.severity.toUpperCase() as Severity } : {}),
      };
      const alerts = await store.list(filter);
      if (o.json === true) process.stdout.write(`${JSON.stringify(alerts, null, 2)}\n`);
      else process.stdout.write(alertsTable(alerts));
    });
}

/** One row per alert, newest first: severity, title, count, status, times and rule id. */
export function alertsTable(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'No alerts.\n';
  const head = ['SEVERITY', 'STATUS', 'EVENTS', 'CREATED', 'UPDATED', 'RULE', 'TITLE'];
  const rows = alerts.map((a) => [a.severity, a.status, String(a.eventCount), a.creationTime, a.updateTime, a.ruleId, a.title]);
  const widths = head.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i < widths.length ? c.padEnd(widths[i] ?? 0) : c)).join('  ').trimEnd();
  return `${[fmt(head), ...rows.map(fmt)].join('\n')}\n${alerts.length} alert(s).\n`;
}
