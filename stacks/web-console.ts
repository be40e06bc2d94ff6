import { Construct } from 'constructs';
import { lakeDatabaseNames } from '../query/lake-schema.js';
import { Api } from './api.js';
import type { DeploymentConfig } from './config.js';
import { ConsoleHosting } from './console-hosting.js';
import type { BundleOptions } from './constructs/bundle.js';
import { awsAccount, type KmsKey } from './constructs/kms-key.js';
import type { RoleStatement } from './constructs/lambda-function.js';
import type { SecureBucket } from './constructs/secure-bucket.js';
import type { TableRef } from './constructs/state-table.js';
import { destinationSecretsPattern } from './detections.js';
import { Identity } from './identity.js';

export interface WebConsoleProps {
  readonly prefix: string;
  readonly region: string;
  readonly settings: DeploymentConfig['console'];
  readonly lakeBucket: SecureBucket;
  readonly resultsBucket: SecureBucket;
  readonly accessLogsBucket: SecureBucket;
  readonly consoleBucketName: string;
  /** Encrypts the lake, the query results and the tables. */
  readonly dataKey: KmsKey;
  /** Encrypts the function's environment and logs. */
  readonly opsKey: KmsKey;
  readonly workgroupName: string;
  readonly alertsTable: TableRef;
  readonly documentsTable: TableRef;
  readonly complianceTable: TableRef;
  readonly logRetentionDays: number;
  /** The built console (vite build output) to upload; without it only the infrastructure is made. */
  readonly consoleDir?: string;
  readonly version?: string;
  readonly bundle?: BundleOptions;
}

export const API_SIDS = {
  tables: 'ReadWriteConsoleState',
  dataKey: 'UseDataKey',
  runQueries: 'RunLakeQueries',
  catalog: 'ReadLakeCatalog',
  readLake: 'ReadLakeForQueries',
  listLake: 'ListLakeForQueries',
  userDetections: 'ManageUserDetections',
  queryResults: 'ReadWriteQueryResults',
  secrets: 'ManageDestinationSecrets',
  users: 'ManageConsoleUsers',
} as const;

/** What the API's user directory (api/services/users-cognito.ts) calls on the user pool, and nothing more. */
export const CONSOLE_USERS_ACTIONS = [
  'cognito-idp:ListUsers',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:ListUsersInGroup',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
] as const;

/**
 * The console and its API: Cognito sign-in (Identity), the Hono app behind API Gateway with a JWT
 * authorizer (Api), and the built console on S3 + CloudFront with /api/* forwarded to the API on
 * the same origin (ConsoleHosting). The API's role reaches only the tables, the lake prefixes and
 * Athena/Glue resources of this deployment, the destination secrets and the user pool.
 */
export class WebConsole extends Construct {
  readonly identity: Identity;
  readonly api: Api;
  readonly hosting: ConsoleHosting;

  constructor(scope: Construct, id: string, props: WebConsoleProps) {
    super(scope, id);
    const account = awsAccount(this);
    const { prefix, region } = props;
    const arn = (service: string, resource: string) => `arn:${account.partition}:${service}:${region}:${account.accountId}:${resource}`;
    const dbs = lakeDatabaseNames(prefix);
    const databases = [dbs.logs, dbs.ruleMatches, dbs.ruleErrors, dbs.views];
    const lake = props.lakeBucket.arn;
    const results = props.resultsBucket.arn;

    this.identity = new Identity(this, 'identity', {
      prefix,
      region,
      domainPrefix: props.settings.authDomainPrefix ?? `${prefix}-${account.accountId}`,
    });

    const tables = [props.alertsTable.arn, props.documentsTable.arn, props.complianceTable.arn];
    const statements: RoleStatement[] = [
      {
        sid: API_SIDS.tables,
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [...tables, ...tables.map((t) => `${t}/index/*`)],
      },
      { sid: API_SIDS.dataKey, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.dataKey.arn] },
      {
        sid: API_SIDS.runQueries,
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
        resources: [arn('athena', `workgroup/${props.workgroupName}`)],
      },
      {
        sid: API_SIDS.catalog,
        actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
        resources: [arn('glue', 'catalog'), ...databases.map((d) => arn('glue', `database/${d}`)), ...databases.map((d) => arn('glue', `table/${d}/*`))],
      },
      // Athena reads the lake with the caller's permissions.
      { sid: API_SIDS.readLake, actions: ['s3:GetObject'], resources: ['logs', 'rules', 'rule_errors'].map((p) => `${lake}/${p}/*`) },
      { sid: API_SIDS.listLake, actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [lake, results] },
      { sid: API_SIDS.userDetections, actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [`${lake}/detections/*`, `${lake}/api/query-results/*`] },
      { sid: API_SIDS.queryResults, actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: [`${results}/athena/*`] },
      {
        sid: API_SIDS.secrets,
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret', 'secretsmanager:DescribeSecret'],
        resources: [destinationSecretsPattern(account.partition, region, account.accountId, prefix)],
      },
      { sid: API_SIDS.users, actions: [...CONSOLE_USERS_ACTIONS], resources: [this.identity.userPool.arn] },
    ];

    this.api = new Api(this, 'api', {
      prefix,
      issuer: this.identity.issuer,
      audience: this.identity.client.id,
      kmsKey: props.opsKey,
      logRetentionDays: props.logRetentionDays,
      throttle: props.settings.apiThrottle,
      statements,
      environment: {
        PREFIX: prefix,
        LAKE_BUCKET: props.lakeBucket.name,
        ALERTS_TABLE: props.alertsTable.name,
        DOCUMENTS_TABLE: props.documentsTable.name,
        COMPLIANCE_TABLE: props.complianceTable.name,
        ATHENA_WORKGROUP: props.workgroupName,
        USER_POOL_ID: this.identity.userPool.id,
        USER_POOL_CLIENT_ID: this.identity.client.id,
        COGNITO_DOMAIN: this.identity.hostedUiUrl,
        ...(props.version !== undefined ? { VERSION: props.version } : {}),
      },
      ...(props.bundle !== undefined ? { bundle: props.bundle } : {}),
    });

    this.hosting = new ConsoleHosting(this, 'hosting', {
      prefix,
      region,
      bucketName: props.consoleBucketName,
      accessLogs: props.accessLogsBucket,
      apiDomainName: this.api.domainName,
      config: { userPoolId: this.identity.userPool.id, clientId: this.identity.client.id, hostedUiUrl: this.identity.hostedUiUrl },
      ...(props.consoleDir !== undefined ? { consoleDir: props.consoleDir } : {}),
      ...(props.settings.customDomain !== undefined ? { customDomain: props.settings.customDomain } : {}),
      ...(props.settings.webAclArn !== undefined ? { webAclArn: props.settings.webAclArn } : {}),
    });
    this.identity.allowCallbacks([this.hosting.url, ...props.settings.callbackUrls]);
    this.api.addEnvironment({ CONSOLE_URL: this.hosting.url });
  }
}
