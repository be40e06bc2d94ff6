// Health, settings, the overview dashboard and the log type catalog.
import { Hono } from 'hono';
import { z } from 'zod';
import type { ComplianceStore } from '../../cloud-security/compliance/types.js';
import { SEVERITIES, type AlertStore, type Severity } from '../../detections/types.js';
import type { LogType } from '../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { LAKE_DATABASES, type QueryEngine } from '../../query/types.js';
import type { AuthVariables } from '../auth.js';
import { validate } from '../http.js';
import { roleOf } from '../roles.js';

export interface Settings {
  readonly mode: 'local' | 'aws';
  readonly version: string;
  readonly engine: 'duckdb' | 'athena';
  /** The lake's location: a directory locally, s3://bucket on AWS. */
  readonly lake: string;
  readonly region?: string;
}

export interface GeneralDeps {
  readonly settings: Settings;
  readonly alerts: AlertStore;
  readonly engine: QueryEngine;
  readonly compliance?: ComplianceStore;
  /** Default: the built-in log types. */
  readonly logTypes?: readonly LogType[];
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
}

const OverviewQuery = z.strictObject({
  days: z.coerce.number().int('must be an integer').min(1, 'must be >= 1').max(90, 'must be <= 90').default(7),
});

type SeverityCounts = Record<Severity, number>;
const zeroCounts = (): SeverityCounts => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;

/** `YYYY-MM-DD HH:MM:SS`: a timestamp literal both DuckDB and Athena (Trino) accept. */
function sqlTimestamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function generalRoutes(deps: GeneralDeps): Hono {
  const now = deps.now ?? (() => new Date());
  const logTypes = deps.logTypes ?? builtinLogTypes;
  const app = new Hono();

  app.get('/health', (c) => c.json({ ok: true }));

  // Who the caller is and what they may do, so the console hides what the role cannot use.
  app.get('/me', (c) => c.json({ username: (c.var as Partial<AuthVariables>).principal?.username ?? 'local', role: roleOf(c) }));

  app.get('/settings', (c) => c.json(deps.settings));

  app.get('/log-types', (c) =>
    c.json({ items: logTypes.map((l) => ({ name: l.name, table: l.table, description: l.description, fields: Object.keys(l.fields).length })) }),
  );

  app.get('/overview', async (c) => {
    const { days } = validate(OverviewQuery, c.req.query(), 'query');
    const end = now();
    // Whole UTC days: today and the days-1 before it.
    const first = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate() - (days - 1)));
    const dayKeys: string[] = [];
    for (let i = 0; i < days; i++) dayKeys.push(new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10));
    const byDay = new Map(dayKeys.map((d) => [d, zeroCounts()]));

    const [recent, open, events, compliance] = await Promise.all([
      deps.alerts.list({ since: first.toISOString() }),
      deps.alerts.list({ status: 'OPEN' }),
      eventsByLogType(deps, first),
      deps.compliance?.overview(),
    ]);
    for (const a of recent) {
      const counts = byDay.get(a.creationTime.slice(0, 10));
      if (counts !== undefined) counts[a.severity] += 1;
    }
    const openAlertsBySeverity = zeroCounts();
    for (const a of open) openAlertsBySeverity[a.severity] += 1;
    return c.json({
      alertsOverTime: dayKeys.map((day) => ({ day, ...byDay.get(day) })),
      openAlertsBySeverity,
      eventsByLogType: events,
      ...(compliance !== undefined ? { compliance: compliance.totals } : {}),
    });
  });

  return app;
}

/** Events per log type since `since`; the dashboard still renders (without this chart) when the lake cannot be queried. */
async function eventsByLogType(deps: GeneralDeps, since: Date): Promise<Array<{ logType: string; events: number }>> {
  const sql =
    `SELECT p_log_type AS "logType", count(*) AS events FROM ${LAKE_DATABASES.views}.all_logs ` +
    `WHERE p_event_time >= TIMESTAMP '${sqlTimestamp(since)}' GROUP BY p_log_type ORDER BY events DESC, p_log_type`;
  try {
    const r = await deps.engine.run(sql, { maxRows: 1_000 });
    return r.rows.map((row) => ({ logType: String(row.logType), events: Number(row.events) }));
  } catch (err) {
    deps.log?.(`overview: events per log type failed: ${(err as Error).message}`);
    return [];
  }
}
