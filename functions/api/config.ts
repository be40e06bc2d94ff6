// The API function's wiring from its environment, built once per cold start: the same Hono app as
// the local server, over the AWS adapters (Athena, DynamoDB, S3, Secrets Manager, Cognito).
import { AthenaClient } from '@aws-sdk/client-athena';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Hono } from 'hono';
import { DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store.js';
import { createApp } from '../../api/app.js';
import { cognitoAuth, type JwtVerifier } from '../../api/auth.js';
import { PROBLEM_JSON } from '../../api/http.js';
import { cloudAccountsRoutes } from '../../api/routes/accounts.js';
import { complianceRoutes } from '../../api/routes/compliance.js';
import { destinationsRoutes } from '../../api/routes/destinations.js';
import { sourcesRoutes } from '../../api/routes/sources.js';
import { usersRoutes } from '../../api/routes/users.js';
import type { ConsoleConfig } from '../../api/server.js';
import { cachedPolicies, remediationContextFromAccounts } from '../../api/services/compliance.js';
import { DetectionsRepo } from '../../api/services/detections-repo.js';
import { QueryJobs } from '../../api/services/query-jobs.js';
import { ObjectQueryResultStore } from '../../api/services/query-results.js';
import { CognitoUserDirectory } from '../../api/services/users-cognito.js';
import { DynamoComplianceStore } from '../../cloud-security/compliance/dynamodb-store.js';
import { loadPolicies } from '../../cloud-security/evaluate.js';
import { DynamoAlertStore } from '../../detections/alerting/dynamodb-store.js';
import { AwsDestinationStore } from '../../detections/delivery/stores/aws-destination-store.js';
import { AthenaQueryEngine } from '../../query/athena-engine.js';
import { lakeDatabaseNames } from '../../query/lake-schema.js';
import { requiredVar } from '../env.js';

export interface Env {
  readonly AWS_REGION?: string;
  /** The deployment prefix: database names (`<prefix>_logs`...) and secret names (`<prefix>/destinations/<id>`). */
  readonly PREFIX?: string;
  readonly LAKE_BUCKET?: string;
  readonly ALERTS_TABLE?: string;
  readonly DOCUMENTS_TABLE?: string;
  readonly COMPLIANCE_TABLE?: string;
  readonly ATHENA_WORKGROUP?: string;
  readonly USER_POOL_ID?: string;
  readonly USER_POOL_CLIENT_ID?: string;
  /** The hosted UI domain, e.g. https://panther-xyz.auth.eu-west-1.amazoncognito.com. */
  readonly COGNITO_DOMAIN?: string;
  /** The console's URL: links in alert messages and the sign-in redirect. */
  readonly CONSOLE_URL?: string;
  /** The built-in pack inside the package (default: packs/aws beside the code). */
  readonly PACK_DIR?: string;
  /** Writable scratch space for detection copies (default /tmp/api). */
  readonly WORK_DIR?: string;
  /** KMS key for new destination secrets. */
  readonly SECRETS_KMS_KEY_ID?: string;
  readonly VERSION?: string;
}

export interface Clients {
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly secrets: SecretsManagerClient;
  readonly cognito: CognitoIdentityProviderClient;
}

function defaultClients(): Clients {
  return {
    athena: new AthenaClient({}),
    glue: new GlueClient({}),
    dynamodb: new DynamoDBClient({}),
    s3: new S3Client({}),
    secrets: new SecretsManagerClient({}),
    cognito: new CognitoIdentityProviderClient({}),
  };
}

/** What the console reads at /config.json on AWS: Cognito's hosted UI settings (public values). */
export function consoleConfigFromEnv(env: Env): ConsoleConfig {
  const consoleUrl = requiredVar(env, 'CONSOLE_URL').replace(/\/+$/, '');
  return {
    auth: {
      type: 'cognito',
      domain: requiredVar(env, 'COGNITO_DOMAIN'),
      clientId: requiredVar(env, 'USER_POOL_CLIENT_ID'),
      userPoolId: requiredVar(env, 'USER_POOL_ID'),
      redirectUri: `${consoleUrl}/`,
    },
  };
}

export interface AppOptions {
  readonly clients?: Clients;
  /** Tests inject a verifier hydrated with a local JWKS. */
  readonly verifier?: JwtVerifier;
  readonly log?: (message: string) => void;
}

/** The function's app: `/config.json` (public), then the API behind Cognito. */
export function appFromEnv(env: Env, opts: AppOptions = {}): Hono {
  const clients = opts.clients ?? defaultClients();
  const prefix = env.PREFIX !== undefined && env.PREFIX !== '' ? env.PREFIX : 'panther';
  const region = env.AWS_REGION;
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const documents = new DynamoDocumentStore({ client: clients.dynamodb, tableName: requiredVar(env, 'DOCUMENTS_TABLE') });
  const lakeBucket = requiredVar(env, 'LAKE_BUCKET');
  const lake = new S3ObjectStore(clients.s3, lakeBucket);
  const engine = new AthenaQueryEngine({ athena: clients.athena, glue: clients.glue, workgroup: requiredVar(env, 'ATHENA_WORKGROUP'), databases: lakeDatabaseNames(prefix) });
  const compliance = new DynamoComplianceStore({ client: clients.dynamodb, tableName: requiredVar(env, 'COMPLIANCE_TABLE') });
  const destinations = new AwsDestinationStore({
    documents,
    secrets: clients.secrets,
    prefix,
    ...(env.SECRETS_KMS_KEY_ID !== undefined && env.SECRETS_KMS_KEY_ID !== '' ? { kmsKeyId: env.SECRETS_KMS_KEY_ID } : {}),
  });
  const consoleConfig = consoleConfigFromEnv(env);
  const delivery = { consoleUrl: requiredVar(env, 'CONSOLE_URL'), retry: { maxAttempts: 2, timeoutMs: 8_000 } };
  const auth = cognitoAuth({ userPoolId: requiredVar(env, 'USER_POOL_ID'), clientId: requiredVar(env, 'USER_POOL_CLIENT_ID'), log, ...(opts.verifier !== undefined ? { verifier: opts.verifier } : {}) });

  const api = createApp({
    auth,
    settings: { mode: 'aws', version: env.VERSION ?? '0.0.0', engine: 'athena', lake: lake.location, ...(region !== undefined ? { region } : {}) },
    alerts: new DynamoAlertStore({ client: clients.dynamodb, tableName: requiredVar(env, 'ALERTS_TABLE') }),
    engine,
    documents,
    detections: new DetectionsRepo({
      objects: lake,
      documents,
      tmpDir: env.WORK_DIR !== undefined && env.WORK_DIR !== '' ? env.WORK_DIR : '/tmp/api',
      ...(env.PACK_DIR !== undefined && env.PACK_DIR !== '' ? { builtinDir: env.PACK_DIR } : {}),
    }),
    destinations,
    compliance,
    delivery,
    // API Gateway answers within 30 s: wait up to 20 s, then the console polls; results outlive the instance.
    jobs: new QueryJobs(engine, { results: new ObjectQueryResultStore(lake), waitOnStartMs: 20_000, log }),
    routes: [
      sourcesRoutes({ documents }),
      cloudAccountsRoutes({ documents }),
      complianceRoutes({
        store: compliance,
        policies: cachedPolicies(async () => (await loadPolicies()).policies),
        // Resource snapshots are not kept on AWS yet: remediation answers 404 for now.
        resource: async () => undefined,
        remediationContext: remediationContextFromAccounts(documents),
      }),
      destinationsRoutes({ store: destinations, delivery }),
      usersRoutes({ directory: new CognitoUserDirectory({ client: clients.cognito, userPoolId: requiredVar(env, 'USER_POOL_ID') }) }),
    ],
    log,
  });

  const root = new Hono();
  root.all('*', (c) => {
    if (c.req.path === '/config.json') {
      return new Response(JSON.stringify(consoleConfig), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
    }
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return api.fetch(c.req.raw);
    return new Response(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, instance: c.req.path }), { status: 404, headers: { 'content-type': PROBLEM_JSON } });
  });
  return root;
}
