// Local composition: the API's dependencies over one lake directory, with the embedded adapters —
// DuckDB over the lake files, alerts and compliance under <lake>/state, documents (saved queries,
// sources, accounts, destinations...) under <lake>/state/documents, user detections under
// <lake>/detections/ — then the local server on loopback.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { DirDocumentStore } from '../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../adapters/local/dir-object-store.js';
import { EmbeddedComplianceStore } from '../cloud-security/compliance/embedded-store.js';
import { loadPolicies } from '../cloud-security/evaluate.js';
import { loadResources } from '../cloud-security/resource-store.js';
import { EmbeddedAlertStore } from '../detections/alerting/embedded-store.js';
import type { DeliveryOptions } from '../detections/delivery/deliver.js';
import { DocumentDestinationStore } from '../detections/delivery/stores/document-destination-store.js';
import { alertStateDir } from '../detections/pipeline/local.js';
import { builtinLogTypes } from '../parsers/registry.js';
import { DuckDbQueryEngine } from '../query/duckdb-engine.js';
import type { AppDeps } from './app.js';
import { cloudAccountsRoutes } from './routes/accounts.js';
import { complianceRoutes } from './routes/compliance.js';
import { destinationsRoutes } from './routes/destinations.js';
import { sourcesRoutes } from './routes/sources.js';
import { usersRoutes } from './routes/users.js';
import { cachedPolicies, remediationContextFromAccounts } from './services/compliance.js';
import { DetectionsRepo } from './services/detections-repo.js';
import { QueryJobs } from './services/query-jobs.js';
import { LocalUserDirectory } from './services/users.js';
import { startLocalServer, type LocalServer } from './server.js';

/** The package version, shown in /api/settings. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Where local documents live in a lake directory. */
export function documentsDir(lakeDir: string): string {
  return join(alertStateDir(lakeDir), 'documents');
}

export interface LocalDepsOptions {
  readonly lakeDir: string;
  readonly log?: (message: string) => void;
}

export interface LocalDeps {
  readonly deps: Omit<AppDeps, 'auth'>;
  /** Console links in delivered messages point here once the server listens. */
  setConsoleUrl(url: string): void;
  close(): Promise<void>;
}

export async function localDeps(opts: LocalDepsOptions): Promise<LocalDeps> {
  const lakeDir = resolve(opts.lakeDir);
  const stateDir = alertStateDir(lakeDir);
  const documents = new DirDocumentStore(documentsDir(lakeDir));
  const objects = new DirObjectStore(lakeDir);
  const engine = await DuckDbQueryEngine.open({ lakeDir, logTypes: builtinLogTypes });
  const alerts = new EmbeddedAlertStore({ dir: stateDir });
  const compliance = new EmbeddedComplianceStore({ dir: stateDir });
  const destinations = new DocumentDestinationStore(documents);
  const jobs = new QueryJobs(engine, opts.log !== undefined ? { log: opts.log } : {});
  const detections = new DetectionsRepo({ objects, documents });
  // Mutable on purpose: the server's port is known only once it listens.
  const delivery: { consoleUrl: string } & Omit<DeliveryOptions, 'consoleUrl'> = { consoleUrl: '', retry: { maxAttempts: 2, timeoutMs: 10_000 } };

  const routes: Hono[] = [
    sourcesRoutes({ documents }),
    cloudAccountsRoutes({ documents }),
    complianceRoutes({
      store: compliance,
      policies: cachedPolicies(async () => (await loadPolicies()).policies),
      // Read per request: `panther scan` may rewrite the snapshots while the server runs.
      resource: async (id) => (await loadResources(stateDir)).find((r) => r.ResourceId === id),
      remediationContext: remediationContextFromAccounts(documents),
    }),
    destinationsRoutes({ store: destinations, delivery }),
    usersRoutes({ directory: new LocalUserDirectory() }),
  ];

  return {
    deps: {
      settings: { mode: 'local', version: packageVersion(), engine: 'duckdb', lake: lakeDir },
      alerts,
      engine,
      documents,
      detections,
      destinations,
      compliance,
      delivery,
      jobs,
      routes,
      ...(opts.log !== undefined ? { log: opts.log } : {}),
    },
    setConsoleUrl: (url) => {
      delivery.consoleUrl = url;
    },
    close: async () => {
      jobs.cancelAll();
      await detections.close();
      await engine.close();
    },
  };
}

export interface LocalApiOptions extends LocalDepsOptions {
  readonly host?: string;
  readonly port?: number;
  readonly token?: string | null;
  readonly consoleDir?: string;
  /** Listen on a non-loopback host (the token is still required). */
  readonly allowNonLoopback?: boolean;
}

/** `panther serve`: the console and API over a local lake. */
export async function startLocalApi(opts: LocalApiOptions): Promise<LocalServer> {
  const local = await localDeps(opts);
  let server: LocalServer;
  try {
    server = await startLocalServer({
      ...local.deps,
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.consoleDir !== undefined ? { consoleDir: opts.consoleDir } : {}),
      ...(opts.allowNonLoopback === true ? { allowNonLoopback: true } : {}),
    });
  } catch (err) {
    await local.close();
    throw err;
  }
  local.setConsoleUrl(server.origin);
  return {
    ...server,
    close: async () => {
      await server.close();
      await local.close();
    },
  };
}
