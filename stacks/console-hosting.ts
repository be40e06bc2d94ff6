import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function/index.js';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control/index.js';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy/index.js';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { awsAccount, KmsKey } from './constructs/kms-key.js';
import { SecureBucket } from './constructs/secure-bucket.js';

export interface ConsoleHostingProps {
  readonly prefix: string;
  readonly region: string;
  /** The console bucket's name. */
  readonly bucketName: string;
  /** Access logs of the console bucket go here. */
  readonly accessLogs: SecureBucket;
  /** The API's host name: requests to /api/* are forwarded there, so the console calls its own origin. */
  readonly apiDomainName: string;
  /** The console's built files (vite build output). Without it, only the infrastructure is made. */
  readonly consoleDir?: string;
  /** What the console reads at /config.json: the sign-in settings (no secrets: a public PKCE client). */
  readonly config: { readonly userPoolId: string; readonly clientId: string; readonly hostedUiUrl: string };
  /** A custom domain: its names and an ACM certificate in us-east-1. Without it the cloudfront.net name. */
  readonly customDomain?: { readonly aliases: readonly string[]; readonly acmCertificateArn: string };
  /** A WAFv2 web ACL (scope CLOUDFRONT) to attach. */
  readonly webAclArn?: string;
}

// AWS managed policy ids (documented, the same in every account).
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * The console's Content-Security-Policy: scripts, styles and data only from the console's own
 * origin (the API is under /api on the same origin), plus Cognito's token endpoint for sign-in.
 * Log data is attacker controlled; even a rendering bug cannot load or run foreign code.
 */
export function consoleCsp(hostedUiUrl: string, region: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${hostedUiUrl} https://cognito-idp.${region}.amazonaws.com`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/** Paths without a file extension are console routes: serve index.html (the API behaviour is separate). */
const SPA_REWRITE = `function handler(event) {
  var req = event.request;
  var last = req.uri.split('/').pop();
  if (last.indexOf('.') === -1) req.uri = '/index.html';
  return req;
}`;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/**
 * The console on S3 + CloudFront: a private bucket read only by this distribution (origin access
 * control, SSE-KMS with a key CloudFront may decrypt with), HTTPS only, security headers with a
 * strict CSP on every response, /api/* forwarded uncached to the API, and the built files uploaded.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: SecureBucket;
  readonly distribution: CloudfrontDistribution;
  /** https://<distribution domain>/ (or the first custom alias). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const account = awsAccount(this);
    const key = new KmsKey(this, 'key', {
      alias: `${props.prefix}-console`,
      description: `${props.prefix}: console files (read by CloudFront)`,
      servicePrincipals: ['cloudfront.amazonaws.com'],
    });

    const headers = new CloudfrontResponseHeadersPolicy(this, 'headers', {
      name: `${props.prefix}-console-headers`,
      comment: 'Security headers of the console and its API',
      securityHeadersConfig: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(props.config.hostedUiUrl, props.region), override: true },
        strictTransportSecurity: { accessControlMaxAgeSec: 63_072_000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'no-referrer', override: true },
      },
      customHeadersConfig: { items: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true }] },
    });

    const oac = new CloudfrontOriginAccessControl(this, 'oac', {
      name: `${props.prefix}-console`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const rewrite = new CloudfrontFunction(this, 'spa-rewrite', { name: `${props.prefix}-console-spa`, runtime: 'cloudfront-js-2.0', code: SPA_REWRITE, publish: true });

    const s3Origin = 'console-bucket';
    const apiOrigin = 'api';
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${props.prefix} console`,
      defaultRootObject: 'index.html',
      httpVersion: 'http2and3',
      priceClass: 'PriceClass_100',
      isIpv6Enabled: true,
      ...(props.customDomain !== undefined ? { aliases: [...props.customDomain.aliases] } : {}),
      ...(props.webAclArn !== undefined ? { webAclId: props.webAclArn } : {}),
      origin: [
        // The bucket's regional name is known from its name, so the bucket policy can name this distribution.
        { originId: s3Origin, domainName: `${props.bucketName}.s3.${props.region}.amazonaws.com`, originAccessControlId: oac.id },
        {
          originId: apiOrigin,
          domainName: props.apiDomainName,
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: s3Origin,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED,
        responseHeadersPolicyId: headers.id,
        functionAssociation: [{ eventType: 'viewer-request', functionArn: rewrite.arn }],
      },
      orderedCacheBehavior: [
        {
          pathPattern: '/api/*',
          targetOriginId: apiOrigin,
          viewerProtocolPolicy: 'https-only',
          allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          cachePolicyId: CACHING_DISABLED,
          originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicyId: headers.id,
        },
      ],
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate:
        props.customDomain !== undefined
          ? { acmCertificateArn: props.customDomain.acmCertificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' }
          : { cloudfrontDefaultCertificate: true },
    });
    this.url = props.customDomain !== undefined ? `https://${props.customDomain.aliases[0]}/` : `https://${this.distribution.domainName}/`;

    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKey: key,
      accessLogs: { bucket: props.accessLogs, prefix: `${props.bucketName}/` },
      noncurrentExpirationDays: 7,
      extraPolicyStatements: [
        {
          sid: 'AllowConsoleDistributionRead',
          principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
          actions: ['s3:GetObject'],
          resources: [`arn:${account.partition}:s3:::${props.bucketName}/*`],
          conditions: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [this.distribution.arn] }],
        },
      ],
    });

    new S3Object(this, 'config', {
      bucket: this.bucket.name,
      key: 'config.json',
      contentType: 'application/json',
      cacheControl: 'no-cache',
      content: JSON.stringify({
        auth: { type: 'cognito', userPoolId: props.config.userPoolId, clientId: props.config.clientId, domain: props.config.hostedUiUrl, redirectUri: this.url },
      }),
    });

    if (props.consoleDir !== undefined) this.uploadFiles(props.consoleDir);
  }

  /** One object per built file; content hashes in names let everything but index.html be cached long. */
  private uploadFiles(dir: string): void {
    const files = filesUnder(dir);
    if (!files.some((f) => relative(dir, f) === 'index.html')) throw new Error(`ConsoleHosting: ${dir} has no index.html (build the console first)`);
    const asset = new TerraformAsset(this, 'files', { path: dir, type: AssetType.DIRECTORY });
    for (const file of files) {
      const rel = relative(dir, file).split(sep).join('/');
      if (rel === 'config.json') continue;
      const type = CONTENT_TYPES[extname(rel).toLowerCase()];
      if (type === undefined) throw new Error(`ConsoleHosting: no content type for ${rel}`);
      new S3Object(this, `file-${rel.replace(/[^a-zA-Z0-9]/g, '-')}`, {
        bucket: this.bucket.name,
        key: rel,
        source: `${asset.path}/${rel}`,
        sourceHash: createHash('md5').update(readFileSync(file)).digest('hex'),
        contentType: type,
        cacheControl: rel === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
      });
    }
  }
}
