// Alerts: the paged list, one alert with its matching events, status changes, and resending.
import { Hono } from 'hono';
import { z } from 'zod';
import type { DestinationConfig } from '../../detections/delivery/config.js';
import { sendToDestination, type DeliveryOptions } from '../../detections/delivery/deliver.js';
import { route } from '../../detections/delivery/route.js';
import { ALERT_STATUSES, SEVERITIES, type Alert, type AlertStore } from '../../detections/types.js';
import { tableName } from '../../parsers/core/logtype.js';
import { LAKE_DATABASES, type QueryColumn, type QueryEngine } from '../../query/types.js';
import { jsonBody, notFound, ProblemError, validate } from '../http.js';

export interface AlertsDeps {
  readonly alerts: AlertStore;
  readonly engine: QueryEngine;
  /** The configured destinations, secrets included (never returned): the DestinationStore's list. */
  readonly destinations: { list(): Promise<DestinationConfig[]> };
  /** Console URL for the messages' links, retry policy, fetch, credentials (default: relative links). */
  readonly delivery?: DeliveryOptions;
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
}

const ALERT_TYPES = ['RULE', 'RULE_ERROR', 'POLICY', 'SCHEDULED_RULE'] as const;
/** Matching events shown with an alert. */
export const ALERT_EVENTS_LIMIT = 100;

const ListQuery = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  ruleId: z.string().min(1).max(1_000).optional(),
  type: z.enum(ALERT_TYPES).optional(),
  since: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time' }).optional(),
  limit: z.coerce.number().int('must be an integer').min(1, 'must be >= 1').max(1_000, 'must be <= 1000').default(50),
  cursor: z.string().min(1).max(4_096).optional(),
});

// Alert ids are hex hashes (window.ts); the check also keeps the id safe inside a SQL literal.
const AlertId = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'not a valid alert id') });
const StatusBody = z.strictObject({ status: z.enum(ALERT_STATUSES) });
const ResendBody = z.strictObject({ destinationIds: z.array(z.string().min(1)).max(50, 'at most 50 destinations').optional() });

export function alertsRoutes(deps: AlertsDeps): Hono {
  const now = deps.now ?? (() => new Date());
  const app = new Hono();

  const load = async (id: string): Promise<Alert> => {
    const alert = await deps.alerts.get(id);
    if (alert === undefined) throw notFound(`alert ${id}`);
    return alert;
  };

  app.get('/alerts', async (c) => {
    const q = validate(ListQuery, c.req.query(), 'query');
    try {
      const page = await deps.alerts.listPage(q);
      return c.json(page.next !== undefined ? { items: page.items, next: page.next } : { items: page.items });
    } catch (err) {
      // A cursor the store cannot decode is the caller's mistake, not ours.
      if (q.cursor !== undefined && /cursor/i.test((err as Error).message)) {
        throw new ProblemError(400, 'Invalid request', 'query.cursor: not a cursor from a previous page', [{ path: 'query.cursor', message: 'not a cursor from a previous page' }]);
      }
      throw err;
    }
  });

  app.get('/alerts/:id', async (c) => {
    const { id } = validate(AlertId, c.req.param(), 'params');
    const alert = await load(id);
    return c.json({ alert, events: await matchingEvents(deps, alert) });
  });

  app.patch('/alerts/:id', async (c) => {
    const { id } = validate(AlertId, c.req.param(), 'params');
    const { status } = validate(StatusBody, await jsonBody(c), 'body');
    await load(id);
    return c.json(await deps.alerts.setStatus(id, status, now()));
  });

  app.post('/alerts/:id/resend', async (c) => {
    const { id } = validate(AlertId, c.req.param(), 'params');
    const body = validate(ResendBody, await jsonBody(c), 'body');
    const alert = await load(id);
    const configured = await deps.destinations.list();
    let chosen: DestinationConfig[];
    if (body.destinationIds !== undefined) {
      const byId = new Map(configured.map((d) => [d.id, d]));
      const unknown = body.destinationIds.filter((d) => !byId.has(d));
      if (unknown.length > 0) {
        const errors = unknown.map((d) => ({ path: `body.destinationIds[${body.destinationIds!.indexOf(d)}]`, message: `no destination with id ${JSON.stringify(d)}` }));
        throw new ProblemError(400, 'Invalid request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
      }
      chosen = [...new Set(body.destinationIds)].map((d) => byId.get(d)!);
    } else {
      chosen = route(alert, configured).destinations;
    }
    const log = deps.log;
    const base: DeliveryOptions = deps.delivery ?? { consoleUrl: '' };
    const options: DeliveryOptions = log !== undefined ? { ...base, log: (e) => log(e.message) } : base;
    const results = await Promise.all(chosen.map((d) => sendToDestination(alert, d, options)));
    return c.json({
      results: results.map((r) => ({
        destinationId: r.destinationId,
        name: r.destinationName,
        ok: r.ok,
        ...(r.status !== undefined ? { status: r.status } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      })),
    });
  });

  return app;
}

/** The alert's rows (rule matches, or rule errors) in the table of each of its log types, at most ALERT_EVENTS_LIMIT in all. */
async function matchingEvents(deps: AlertsDeps, alert: Alert): Promise<{ columns: QueryColumn[]; rows: Array<Record<string, unknown>> }> {
  const columns = new Map<string, QueryColumn>();
  const rows: Array<Record<string, unknown>> = [];
  // Rule errors are rows of panther_rule_errors; policy alerts have no lake rows (their resource is in compliance).
  const database = alert.type === 'RULE_ERROR' ? LAKE_DATABASES.ruleErrors : alert.type === 'POLICY' ? undefined : LAKE_DATABASES.ruleMatches;
  if (database === undefined) return { columns: [], rows };
  for (const logType of alert.logTypes) {
    const table = tableName(logType);
    // Table names come from log type names (Vendor.Type); anything else is not queried.
    if (!/^[a-z0-9_]+$/.test(table)) continue;
    const left = ALERT_EVENTS_LIMIT - rows.length;
    if (left <= 0) break;
    const sql = `SELECT * FROM ${database}.${table} WHERE p_alert_id = '${alert.alertId.replace(/'/g, "''")}' ORDER BY p_event_time DESC LIMIT ${left}`;
    try {
      const r = await deps.engine.run(sql, { maxRows: left });
      for (const col of r.columns) if (!columns.has(col.name)) columns.set(col.name, col);
      rows.push(...r.rows);
    } catch (err) {
      // No matches written yet for this table (or the engine is down): the alert itself still shows.
      deps.log?.(`alert ${alert.alertId}: events of ${table} unavailable: ${(err as Error).message}`);
    }
  }
  return { columns: [...columns.values()], rows };
}
