import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TerraformStack, Testing } from 'cdktf';
import { Api } from '../../stacks/api.js';
import { ConsoleHosting, consoleCsp } from '../../stacks/console-hosting.js';
import { KmsKey } from '../../stacks/constructs/kms-key.js';
import { SecureBucket } from '../../stacks/constructs/secure-bucket.js';
import { Identity } from '../../stacks/identity.js';

type Json = Record<string, any>;
const fixtures = fileURLToPath(new URL('./fixtures/web/', import.meta.url));
const outRoot = mkdtempSync(join(tmpdir(), 'web-bundle-'));

function synth(opts: { consoleDir?: string; customDomain?: boolean } = {}): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const key = new KmsKey(stack, 'key', { alias: 'acme-ops', description: 'd' });
  const logs = new SecureBucket(stack, 'logs', { bucketName: 'acme-access-logs', encryption: 'SSE-S3', serverAccessLogSourceBucketArns: ['arn:aws:s3:::acme-console'] });
  const identity = new Identity(stack, 'identity', { prefix: 'acme', domainPrefix: 'acme-console', region: 'eu-west-1', callbackUrls: ['https://console.example.com/'] });
  const api = new Api(stack, 'api', {
    prefix: 'acme',
    issuer: identity.issuer,
    audience: identity.client.id,
    kmsKey: key,
    logRetentionDays: 30,
    environment: { ALERTS_TABLE: 'acme-alerts' },
    statements: [{ sid: 'ReadAlerts', actions: ['dynamodb:Query'], resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/acme-alerts'] }],
    bundle: { functionsDir: join(fixtures, 'functions'), outRoot },
  });
  new ConsoleHosting(stack, 'console', {
    prefix: 'acme',
    region: 'eu-west-1',
    bucketName: 'acme-console',
    accessLogs: logs,
    apiDomainName: api.domainName,
    config: { userPoolId: identity.userPool.id, clientId: identity.client.id, hostedUiUrl: identity.hostedUiUrl },
    ...(opts.consoleDir !== undefined ? { consoleDir: opts.consoleDir } : {}),
    ...(opts.customDomain === true ? { customDomain: { aliases: ['console.example.com'], acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' } } : {}),
  });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const one = (s: Json, type: string): Json => {
  const all = Object.values((s.resource[type] ?? {}) as Json) as Json[];
  if (all.length !== 1) throw new Error(`${type}: expected one, found ${all.length}`);
  return all[0]!;
};

t.test('identity: admin-created users only, strong passwords, MFA, a public PKCE code-flow client', async (t) => {
  const s = synth();
  const pool = one(s, 'aws_cognito_user_pool');
  t.equal(pool.admin_create_user_config.allow_admin_create_user_only, true);
  t.equal(pool.password_policy.minimum_length, 14);
  t.equal(pool.mfa_configuration, 'OPTIONAL');
  t.equal(pool.software_token_mfa_configuration.enabled, true);
  t.equal(pool.deletion_protection, 'ACTIVE');
  const client = one(s, 'aws_cognito_user_pool_client');
  t.equal(client.generate_secret, false);
  t.same(client.allowed_oauth_flows, ['code']);
  t.same(client.explicit_auth_flows, ['ALLOW_REFRESH_TOKEN_AUTH']);
  t.same(client.callback_urls, ['https://console.example.com/']);
  t.equal(one(s, 'aws_cognito_user_pool_domain').domain, 'acme-console');
});

t.test('identity rejects unsafe settings', async (t) => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'bad');
  t.throws(() => new Identity(stack, 'a', { prefix: 'acme', domainPrefix: 'my-aws-login', region: 'eu-west-1', callbackUrls: ['https://x/'] }), /not containing "aws"/);
  t.throws(() => new Identity(stack, 'b', { prefix: 'acme', domainPrefix: 'acme', region: 'eu-west-1', callbackUrls: ['http://console.example.com/'] }), /https required/);
  const later = new Identity(stack, 'c', { prefix: 'acme', domainPrefix: 'acme', region: 'eu-west-1' });
  t.throws(() => later.allowCallbacks(['javascript:alert(1)']), /https required/);
  later.allowCallbacks(['https://a.example.com/', 'http://localhost:5173/', 'https://a.example.com/']);
  const client = (JSON.parse(Testing.synth(stack)) as Json).resource.aws_cognito_user_pool_client as Json;
  const urls = Object.values(client).find((c: any) => c.callback_urls !== undefined) as Json;
  t.same(urls.callback_urls, ['https://a.example.com/', 'http://localhost:5173/'], 'deduplicated, in order');
  t.same(urls.logout_urls, urls.callback_urls);
});

t.test('api: JWT authorizer on every route but health, Lambda proxy integration, throttling, access logs', async (t) => {
  const s = synth();
  const authorizer = one(s, 'aws_apigatewayv2_authorizer');
  t.equal(authorizer.authorizer_type, 'JWT');
  t.match(authorizer.jwt_configuration.issuer, /^https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\/\$\{aws_cognito_user_pool\./);
  const routes = Object.values(s.resource.aws_apigatewayv2_route as Json) as Json[];
  t.same(routes.map((r) => `${r.route_key} ${r.authorization_type}`).sort(), ['ANY /api/{proxy+} JWT', 'GET /api/health NONE']);
  const stage = one(s, 'aws_apigatewayv2_stage');
  t.equal(stage.default_route_settings.throttling_rate_limit, 50);
  t.match(stage.access_log_settings.format, /\$context\.status/);
  t.notMatch(stage.access_log_settings.format, /header|body/i, 'no headers or bodies (tokens, log data) in access logs');
  const permission = one(s, 'aws_lambda_permission');
  t.equal(permission.principal, 'apigateway.amazonaws.com');
  t.match(permission.source_arn, /execution_arn\}\/\*\/\*$/);
  const fn = Object.values(s.resource.aws_lambda_function as Json)[0] as Json;
  t.equal(fn.function_name, 'acme-api');
  t.equal(fn.timeout, 29, 'under API Gateway\'s 30 s integration limit');
});

t.test('console: private bucket read only by the distribution, HTTPS, strict CSP, /api/* uncached to the API', async (t) => {
  const s = synth();
  const d = one(s, 'aws_cloudfront_distribution');
  t.equal(d.default_cache_behavior.viewer_protocol_policy, 'redirect-to-https');
  t.equal(d.ordered_cache_behavior[0].path_pattern, '/api/*');
  t.equal(d.ordered_cache_behavior[0].viewer_protocol_policy, 'https-only');
  t.equal(d.ordered_cache_behavior[0].cache_policy_id, '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', 'API responses are never cached');
  t.equal(d.origin[1].custom_origin_config.origin_protocol_policy, 'https-only');
  t.same(d.origin[1].custom_origin_config.origin_ssl_protocols, ['TLSv1.2']);
  t.ok(d.origin[0].origin_access_control_id, 'the bucket is reached through origin access control');
  const headers = one(s, 'aws_cloudfront_response_headers_policy').security_headers_config;
  const csp = headers.content_security_policy.content_security_policy as string;
  t.match(csp, /script-src 'self';/);
  t.match(csp, /frame-ancestors 'none'/);
  t.notMatch(csp, /unsafe-inline|unsafe-eval/);
  t.equal(headers.frame_options.frame_option, 'DENY');
  t.equal(headers.strict_transport_security.access_control_max_age_sec, 63_072_000);
  const policy = Object.values(s.data.aws_iam_policy_document as Json).find((p: any) => p.statement.some((st: any) => st.sid === 'AllowConsoleDistributionRead')) as Json;
  const read = policy.statement.find((st: any) => st.sid === 'AllowConsoleDistributionRead');
  t.same(read.actions, ['s3:GetObject']);
  t.match(read.condition[0].values[0], /aws_cloudfront_distribution\..*\.arn/);
  const config = Object.values(s.resource.aws_s3_object as Json).find((o: any) => o.key === 'config.json') as Json;
  t.match(JSON.parse(config.content as string), { auth: { type: 'cognito' } });
  t.notMatch(config.content, /secret/i);
});

t.test('console files are uploaded with content types and cache rules; a custom domain gets TLS 1.2', async (t) => {
  const s = synth({ consoleDir: join(fixtures, 'console-dist'), customDomain: true });
  const objects = Object.values(s.resource.aws_s3_object as Json) as Json[];
  const byKey = new Map(objects.map((o) => [o.key as string, o]));
  t.same([...byKey.keys()].sort(), ['assets/app-1a2b.css', 'assets/app-1a2b.js', 'config.json', 'index.html']);
  t.equal(byKey.get('index.html')!.cache_control, 'no-cache');
  t.equal(byKey.get('assets/app-1a2b.js')!.content_type, 'text/javascript; charset=utf-8');
  t.match(byKey.get('assets/app-1a2b.js')!.cache_control, /immutable/);
  t.match(byKey.get('assets/app-1a2b.js')!.source, /assets\/app-1a2b\.js$/);
  const d = one(s, 'aws_cloudfront_distribution');
  t.equal(d.viewer_certificate.minimum_protocol_version, 'TLSv1.2_2021');
  t.same(d.aliases, ['console.example.com']);
  t.throws(() => synth({ consoleDir: join(fixtures, 'functions') }), /no index\.html/);
});

t.test('the CSP admits only the console origin and Cognito', async (t) => {
  t.equal(
    consoleCsp('https://acme.auth.eu-west-1.amazoncognito.com', 'eu-west-1'),
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' https://acme.auth.eu-west-1.amazoncognito.com https://cognito-idp.eu-west-1.amazonaws.com; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; upgrade-insecure-requests",
  );
});
