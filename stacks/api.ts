import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api/index.js';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer/index.js';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration/index.js';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route/index.js';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { DEFAULT_OUT_ROOT } from './constructs/bundle.js';
import { BUILTIN_PACK, PACK_FOLDER, stagePack } from './detections.js';
import type { BundleOptions } from './constructs/bundle.js';
import type { KmsKey } from './constructs/kms-key.js';
import { LambdaFunction, type RoleStatement } from './constructs/lambda-function.js';

export interface ApiProps {
  readonly prefix: string;
  /** The Cognito issuer (https://cognito-idp.<region>.amazonaws.com/<pool id>) and the console's client id. */
  readonly issuer: string;
  readonly audience: string;
  /** Encrypts the function's environment and the log groups. */
  readonly kmsKey: KmsKey;
  readonly logRetentionDays: number;
  /** What the API function may do: the tables, the lake, Athena, Glue, the destinations' secrets, Cognito admin. */
  readonly statements: readonly RoleStatement[];
  readonly environment: Record<string, string>;
  /** Steady-state requests per second and burst of the whole API. Defaults 50 and 100. */
  readonly throttle?: { readonly rate: number; readonly burst: number };
  readonly memoryMb?: number;
  readonly bundle?: BundleOptions;
  /** The built-in pack the detections routes list and test (default packs/aws), packaged with the function. */
  readonly packDir?: string;
}

/** Access log fields: who called what, the outcome and latency; never headers or bodies (tokens, log data). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  sub: '$context.authorizer.claims.sub',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

/**
 * The HTTP API: one Lambda running the Hono app (functions/api) behind API Gateway (HTTP API), with
 * a JWT authorizer on every route but the health check, so an unauthenticated request never reaches
 * the function; the app verifies the token again (defence in depth). Throttled, with access logs.
 */
export class Api extends Construct {
  readonly api: Apigatewayv2Api;
  readonly handler: LambdaFunction;
  /** The API's host name (`<id>.execute-api.<region>.amazonaws.com`), the console distribution's origin. */
  readonly domainName: string;
  private environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const throttle = props.throttle ?? { rate: 50, burst: 100 };
    if (throttle.rate <= 0 || throttle.burst <= 0) throw new Error('Api throttle: rate and burst must be positive');

    // The pack as the detections function packages it (compiled bodies, flattened paths).
    const staged = stagePack(props.packDir ?? BUILTIN_PACK, join(props.bundle?.outRoot ?? DEFAULT_OUT_ROOT, '.packs'));
    this.handler = new LambdaFunction(this, 'handler', {
      name: `${props.prefix}-api`,
      entry: 'api',
      description: 'The console API (Hono app)',
      memoryMb: props.memoryMb ?? 1024,
      timeoutSeconds: 29,
      kmsKey: props.kmsKey,
      logRetentionDays: props.logRetentionDays,
      environment: { ...props.environment, PACK_DIR: `/var/task/${PACK_FOLDER}` },
      statements: props.statements,
      bundle: { ...props.bundle, include: [...(props.bundle?.include ?? []), { dir: staged.packDir, as: PACK_FOLDER }] },
    });
    this.environment = { ...props.environment, PACK_DIR: `/var/task/${PACK_FOLDER}` };

    this.api = new Apigatewayv2Api(this, 'http-api', {
      name: `${props.prefix}-api`,
      protocolType: 'HTTP',
      description: 'Console API; reached through the console distribution',
    });
    this.domainName = `${this.api.id}.execute-api.${this.api.region}.amazonaws.com`;

    const authorizer = new Apigatewayv2Authorizer(this, 'jwt', {
      apiId: this.api.id,
      name: 'cognito',
      authorizerType: 'JWT',
      identitySources: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: props.issuer, audience: [props.audience] },
    });

    const integration = new Apigatewayv2Integration(this, 'lambda', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: this.handler.arn,
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: 29_000,
    });
    const target = `integrations/${integration.id}`;

    new Apigatewayv2Route(this, 'health', { apiId: this.api.id, routeKey: 'GET /api/health', target, authorizationType: 'NONE' });
    new Apigatewayv2Route(this, 'api', {
      apiId: this.api.id,
      routeKey: 'ANY /api/{proxy+}',
      target,
      authorizationType: 'JWT',
      authorizerId: authorizer.id,
    });

    const accessLogs = new CloudwatchLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${props.prefix}-api`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKey.arn,
    });
    new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: throttle.rate, throttlingBurstLimit: throttle.burst },
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
    });

    new LambdaPermission(this, 'invoke', {
      statementId: 'AllowApiGatewayInvoke',
      action: 'lambda:InvokeFunction',
      functionName: this.handler.name,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/*/*`,
    });
  }

  /** Adds variables known only after the API exists (the console's URL depends on the API's domain). */
  addEnvironment(vars: Record<string, string>): void {
    this.environment = { ...this.environment, ...vars };
    this.handler.function.putEnvironment({ variables: { ...this.environment } });
  }
}
