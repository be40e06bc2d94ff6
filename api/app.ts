// The HTTP API as one Hono app: the same app runs behind API Gateway (functions/api) and in the
// local server (api/server.ts). Every error is an application/problem+json document; unexpected
// errors are logged here and answered as a bare 500, never with their message or stack.
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { VersionConflictError, type DocumentStore } from '../adapters/document-store.js';
import type { ComplianceStore } from '../cloud-security/compliance/types.js';
import type { DestinationConfig } from '../detections/delivery/config.js';
import type { DeliveryOptions } from '../detections/delivery/deliver.js';
import type { AlertStore } from '../detections/types.js';
import type { LogType } from '../parsers/core/logtype.js';
import type { QueryEngine } from '../query/types.js';
import { problem, ProblemError } from './http.js';
import { enforceRoles } from './route-roles.js';
import { alertsRoutes } from './routes/alerts.js';
import { dataRoutes } from './routes/data.js';
import { detectionsRoutes } from './routes/detections.js';
import { generalRoutes, type Settings } from './routes/general.js';
import type { DetectionsRepo } from './services/detections-repo.js';
import type { QueryJobs } from './services/query-jobs.js';

/** Largest request body (the detections bundle upload is the largest). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface AppDeps {
  /** tokenAuth(token) or cognitoAuth(...) from api/auth.ts. */
  readonly auth: MiddlewareHandler<any>;
  readonly settings: Settings;
  readonly alerts: AlertStore;
  readonly engine: QueryEngine;
  readonly documents: DocumentStore;
  readonly detections: DetectionsRepo;
  /** The configured alert destinations (a DestinationStore), for resending alerts. */
  readonly destinations: { list(): Promise<DestinationConfig[]> };
  readonly compliance?: ComplianceStore;
  readonly delivery?: DeliveryOptions;
  readonly jobs?: QueryJobs;
  readonly logTypes?: readonly LogType[];
  /** Route modules mounted under /api besides the core ones (sources, cloud accounts, compliance, destinations, users). */
  readonly routes?: ReadonlyArray<Hono>;
  /** Server-side errors go here (default: stderr). */
  readonly log?: (message: string) => void;
  readonly now?: () => Date;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}${err.stack ? `\n${err.stack.split('\n').slice(1, 6).join('\n')}` : ''}` : String(err);
}

export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof ProblemError) return problem(c, err);
    if (err instanceof VersionConflictError) return problem(c, new ProblemError(409, 'Conflict', 'the document changed meanwhile; reload and retry'));
    // Ids the document stores refuse (both implementations name the error alike) are the caller's mistake.
    if (err instanceof Error && err.name === 'InvalidDocumentIdError') return problem(c, new ProblemError(400, 'Invalid request', err.message));
    if (err instanceof HTTPException && err.status < 500) {
      const known = { 401: 'Unauthorized', 404: 'Not Found', 413: 'Payload Too Large' } as const;
      const status = err.status === 401 || err.status === 404 || err.status === 413 ? err.status : 400;
      return problem(c, new ProblemError(status, status === 400 ? 'Invalid request' : known[status], err.message || undefined));
    }
    log(`${c.req.method} ${c.req.path}: ${describe(err)}`);
    return problem(c, new ProblemError(500, 'Internal Server Error', 'an unexpected error occurred; it has been logged'));
  });
  app.notFound((c) => problem(c, new ProblemError(404, 'Not Found', `no route for ${c.req.method} ${c.req.path}`)));

  app.use('*', secureHeaders());
  app.use('*', async (c, next) => {
    await next();
    // API answers are per-user data: never cached by a browser or a proxy.
    c.header('cache-control', 'no-store');
  });
  app.use('*', deps.auth);
  // Roles: the one place each route's requirement (api/route-roles.ts) is checked.
  app.use('*', enforceRoles());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problem(c, new ProblemError(413, 'Payload Too Large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`)),
    }),
  );

  app.route('/api', generalRoutes({ settings: deps.settings, alerts: deps.alerts, engine: deps.engine, compliance: deps.compliance, logTypes: deps.logTypes, now: deps.now, log }));
  app.route('/api', alertsRoutes({ alerts: deps.alerts, engine: deps.engine, destinations: deps.destinations, delivery: deps.delivery, now: deps.now, log }));
  app.route('/api', detectionsRoutes({ repo: deps.detections }));
  app.route('/api', dataRoutes({ engine: deps.engine, documents: deps.documents, jobs: deps.jobs }));
  for (const r of deps.routes ?? []) app.route('/api', r);
  return app;
}
