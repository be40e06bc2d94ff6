import t from 'tap';
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CognitoIdentityProviderClient, ListUsersCommand, ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../../adapters/aws/s3-object-store.js';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { appFromEnv, consoleConfigFromEnv, type Env } from '../../../functions/api/config.js';
import { handler } from '../../../functions/api/handler.js';

const REGION = 'eu-west-1';
const POOL = `${REGION}_TestPool1`;
const CLIENT = 'testclientid0123456789';
const ENV: Env = {
  AWS_REGION: REGION,
  PREFIX: 'panther',
  LAKE_BUCKET: 'lake-bucket',
  ALERTS_TABLE: 'alerts',
  DOCUMENTS_TABLE: 'documents',
  COMPLIANCE_TABLE: 'compliance',
  ATHENA_WORKGROUP: 'panther',
  USER_POOL_ID: POOL,
  USER_POOL_CLIENT_ID: CLIENT,
  COGNITO_DOMAIN: 'https://panther-test.auth.eu-west-1.amazoncognito.com',
  CONSOLE_URL: 'https://console.example.com',
  VERSION: '9.9.9',
};

function event(path: string, headers: Record<string, string> = {}, method = 'GET'): LambdaEvent {
  const e: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.com', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '20/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
  return e as unknown as LambdaEvent;
}

const context = {} as Context;

function jwt(claims: Record<string, unknown>, key: ReturnType<typeof generateKeyPairSync>['privateKey']): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
  const body = enc(claims);
  return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url')}`;
}

t.test('the config the console reads', async (t) => {
  t.same(consoleConfigFromEnv(ENV), {
    auth: { type: 'cognito', domain: ENV.COGNITO_DOMAIN, clientId: CLIENT, userPoolId: POOL, redirectUri: 'https://console.example.com/' },
  });
  t.throws(() => consoleConfigFromEnv({ ...ENV, COGNITO_DOMAIN: '' }), /COGNITO_DOMAIN is not set/);
  t.throws(() => appFromEnv({ ...ENV, DOCUMENTS_TABLE: undefined }), /DOCUMENTS_TABLE is not set/);
});

t.test('API Gateway events through the hono adapter, behind Cognito', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const verifier = CognitoJwtVerifier.create({ userPoolId: POOL, clientId: CLIENT, tokenUse: null });
  verifier.cacheJwks({ keys: [{ ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'k1', alg: 'RS256', use: 'sig' } as never] });
  const dynamodb = new DynamoDBClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const glue = new GlueClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const cognito = new CognitoIdentityProviderClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  // The stores talk through the document client: its commands are what they send.
  const ddb = mockClient(DynamoDBDocumentClient);
  const glueMock = mockClient(glue);
  const cognitoMock = mockClient(cognito);
  t.teardown(() => {
    ddb.restore();
    glueMock.restore();
    cognitoMock.restore();
  });
  ddb.on(QueryCommand).resolves({ Items: [] });
  glueMock.on(GetTablesCommand).resolves({ TableList: [] });
  glueMock.on(GetTablesCommand, { DatabaseName: 'panther_logs' }).resolves({ TableList: [{ Name: 'aws_cloudtrail', DatabaseName: 'panther_logs', StorageDescriptor: { Columns: [{ Name: 'eventname', Type: 'string' }] }, PartitionKeys: [{ Name: 'year', Type: 'int' }] }] });
  cognitoMock.on(ListUsersCommand).resolves({ Users: [{ Username: 'alice', Enabled: true, UserStatus: 'CONFIRMED', Attributes: [{ Name: 'email', Value: 'alice@example.com' }] }] });
  cognitoMock.on(ListUsersInGroupCommand).resolves({ Users: [] });
  cognitoMock.on(ListUsersInGroupCommand, { GroupName: 'panther-analyst' }).resolves({ Users: [{ Username: 'alice' }] });

  const clients = {
    athena: new AthenaClient({ region: REGION }),
    glue,
    dynamodb,
    s3: new S3Client({ region: REGION }),
    secrets: new SecretsManagerClient({ region: REGION }),
    cognito,
  };
  const app = appFromEnv(ENV, { clients, verifier: { verify: async (tok) => (await verifier.verify(tok)) as unknown as Record<string, unknown> }, log: () => undefined });
  const lambda = handle(app);
  const now = Math.floor(Date.now() / 1000);
  const token = jwt({ iss: `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`, sub: 's', client_id: CLIENT, token_use: 'access', username: 'alice', iat: now, exp: now + 600 }, privateKey);
  const authed = { authorization: `Bearer ${token}` };

  const config = await lambda(event('/config.json'), context);
  t.equal(config.statusCode, 200);
  t.match(JSON.parse(config.body), { auth: { type: 'cognito', clientId: CLIENT } });

  const health = await lambda(event('/api/health'), context);
  t.equal(health.statusCode, 200);
  t.same(JSON.parse(health.body), { ok: true });

  const denied = await lambda(event('/api/settings'), context);
  t.equal(denied.statusCode, 401);
  t.equal(denied.headers?.['content-type'], 'application/problem+json');

  const settings = await lambda(event('/api/settings', authed), context);
  t.equal(settings.statusCode, 200);
  t.same(JSON.parse(settings.body), { mode: 'aws', version: '9.9.9', engine: 'athena', lake: 's3://lake-bucket', region: REGION });

  const saved = await lambda(event('/api/saved-queries', authed), context);
  t.equal(saved.statusCode, 200);
  t.same(JSON.parse(saved.body), { items: [] });
  t.match(ddb.commandCalls(QueryCommand)[0]?.args[0].input, { TableName: 'documents' });

  const tables = await lambda(event('/api/tables', authed), context);
  t.same(JSON.parse(tables.body), { items: [{ database: 'panther_logs', name: 'aws_cloudtrail', columns: [{ name: 'eventname', type: 'string' }, { name: 'year', type: 'int' }] }] });
  t.same(glueMock.commandCalls(GetTablesCommand).map((c) => c.args[0].input.DatabaseName), ['panther_logs', 'panther_rule_matches', 'panther_rule_errors', 'panther_views']);

  // Roles come from the token's cognito:groups: this token has none, so it is read-only.
  const me = await lambda(event('/api/me', authed), context);
  t.same(JSON.parse(me.body), { username: 'alice', role: 'read-only' });
  t.equal((await lambda(event('/api/users', authed), context)).statusCode, 403, 'the users list (emails) is for admins');
  const adminToken = jwt({ iss: `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`, sub: 's3', aud: CLIENT, token_use: 'id', 'cognito:username': 'carol', 'cognito:groups': ['panther-admin'], iat: now, exp: now + 600 }, privateKey);
  const users = await lambda(event('/api/users', { authorization: `Bearer ${adminToken}` }), context);
  t.match(JSON.parse(users.body), { items: [{ username: 'alice', email: 'alice@example.com', role: 'analyst' }] });
  t.match(cognitoMock.commandCalls(ListUsersCommand)[0]?.args[0].input, { UserPoolId: POOL });
  const write = await lambda(event('/api/sources', authed, 'POST'), context);
  t.equal(write.statusCode, 403, 'a user in no group cannot change sources');
  t.match(JSON.parse(write.body), { title: 'Forbidden', detail: 'POST /api/sources needs the admin role' });
  const analystToken = jwt({ iss: `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`, sub: 's2', aud: CLIENT, token_use: 'id', 'cognito:username': 'bob', 'cognito:groups': ['panther-analyst'], iat: now, exp: now + 600 }, privateKey);
  const analyst = { authorization: `Bearer ${analystToken}` };
  t.same(JSON.parse((await lambda(event('/api/me', analyst), context)).body), { username: 'bob', role: 'analyst' });
  t.equal((await lambda(event('/api/users', analyst, 'POST'), context)).statusCode, 403, 'analysts do not manage users');

  const other = await lambda(event('/index.html'), context);
  t.equal(other.statusCode, 404);
});

t.test('the exported handler builds from process.env', async (t) => {
  const saved = { ...process.env };
  t.teardown(() => {
    process.env = saved;
  });
  Object.assign(process.env, ENV);
  const r = (await handler(event('/api/health'), context)) as { statusCode: number; body: string };
  t.equal(r.statusCode, 200);
  t.same(JSON.parse(r.body), { ok: true });
  const c = (await handler(event('/config.json'), context)) as { statusCode: number; body: string };
  t.match(JSON.parse(c.body), { auth: { type: 'cognito', userPoolId: POOL } });
});

t.test('on AWS, deleting a user detection deletes its S3 objects', async (t) => {
  const s3 = new S3Client({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const s3Mock = mockClient(s3);
  t.teardown(() => s3Mock.restore());
  s3Mock.on(DeleteObjectCommand).resolves({});
  await new S3ObjectStore(s3, 'lake-bucket').delete('detections/x-0123456789/x.yml');
  t.same(s3Mock.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input), [{ Bucket: 'lake-bucket', Key: 'detections/x-0123456789/x.yml' }]);
});
