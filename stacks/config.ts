// The deployment's configuration: a typed document validated at synth, with errors that name the
// key (`config.sources[1].prefixes[0].logTypes: unknown log type "X"`).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { CloudAccountSchema } from '../cloud-security/units/accounts.js';
import { LOG_RETENTION_DAYS } from './constructs/lambda-function.js';

/** Resolves log type names; throws on an unknown name (parsers/registry.ts logTypeSet().resolve). */
export type ResolveLogTypes = (names: readonly string[]) => unknown[];

const prefixSchema = z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, '2-21 lowercase letters, digits or dashes, starting with a letter');
const regionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name');
const bucketSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a valid S3 bucket name');
const accountSchema = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');
const retentionSchema = z
  .number()
  .int()
  .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), { message: `CloudWatch Logs accepts ${LOG_RETENTION_DAYS.join(', ')}` });
const memorySchema = z.number().int().min(128).max(10240);
const roleNameSchema = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'an IAM role name');

/** A function: each parsed configuration gets its own list. */
const autoRemediationDefaults = () => ({ policies: [] as string[], apply: false, remediationRoleName: 'PantherRemediationRole' });
const autoRemediationSchema = z.strictObject({
  /**
   * Policy ids whose new failures are remediated. No spaces or commas: the list reaches the scan
   * function as one comma-separated variable.
   */
  policies: z
    .array(z.string().regex(/^[^\s,]{1,256}$/, 'a policy id (1-256 characters, no spaces or commas)'))
    .default([])
    .superRefine((ids, ctx) => {
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate policy id "${id}"` });
      });
    }),
  /** Send the calls; false (the default): dry runs, the planned calls are only logged. */
  apply: z.boolean().default(false),
  /** The remediation role's name in each account (the remediation-role module's role_name). */
  remediationRoleName: roleNameSchema.default('PantherRemediationRole'),
});

function configSchema(resolve: ResolveLogTypes) {
  const logTypes = z
    .array(z.string().min(1))
    .min(1)
    .superRefine((names, ctx) => {
      for (const n of names) {
        try {
          resolve([n]);
        } catch {
          ctx.addIssue({ code: 'custom', message: `unknown log type "${n}" (\`panther logtypes\` lists them)` });
        }
      }
    });
  const prefixes = z.array(z.strictObject({ prefix: z.string(), logTypes })).min(1);
  const source = z.strictObject({
    /** Stable id, stored in every event's p_source_id. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, dashes or underscores'),
    label: z.string().min(1).max(128),
    bucket: bucketSchema,
    accountId: accountSchema,
    /**
     * The log-source module's role the processor assumes to read the bucket. Without it the
     * processor reads with its own role (a bucket of this account, or one whose policy allows it).
     */
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'not an IAM role ARN').optional(),
    /** The sts:ExternalId the role's trust policy requires (the log-source module's external_id). */
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, '2-1224 characters of letters, digits and +=,.@:/-').optional(),
    /** The bucket's SSE-KMS key, if any (the role in the source account grants the decrypt). */
    kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'not a KMS key ARN').optional(),
    prefixes,
  });
  return z
    .strictObject({
      prefix: prefixSchema.default('panther'),
      region: regionSchema.default('us-east-1'),
      sources: z
        .array(source)
        .default([])
        .superRefine((list, ctx) => {
          const seen = new Set<string>();
          list.forEach((s, i) => {
            if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate source id "${s.id}"` });
            seen.add(s.id);
            if (s.externalId !== undefined && s.roleArn === undefined) ctx.addIssue({ code: 'custom', path: [i, 'externalId'], message: 'an external id is for assuming roleArn: give the role too' });
          });
        }),
      /** Log types of the deployment's own input bucket, by prefix; empty: the bucket is not read. */
      input: z
        .strictObject({
          prefixes: z
            .array(z.strictObject({ prefix: z.string(), logTypes }))
            .default([])
            .superRefine((list, ctx) => {
              // S3 refuses notification configurations whose prefixes overlap.
              list.forEach((p, i) =>
                list.forEach((q, j) => {
                  if (i !== j && q.prefix.startsWith(p.prefix) && (p.prefix !== q.prefix || i < j)) ctx.addIssue({ code: 'custom', path: [j, 'prefix'], message: `overlaps prefix "${p.prefix}" of entry ${i}` });
                }),
              );
            }),
        })
        .default({ prefixes: [] }),
      retention: z
        .strictObject({
          lakeDays: z.number().int().min(1).default(365),
          queryResultsDays: z.number().int().min(1).default(30),
          logGroupDays: retentionSchema.default(90),
        })
        .default({ lakeDays: 365, queryResultsDays: 30, logGroupDays: 90 }),
      /** Memory (MB) per function. */
      memory: z.strictObject({ logProcessor: memorySchema.default(1024) }).default({ logProcessor: 1024 }),
      /** Reserved concurrency of the log processor: bounds S3 and KMS request rates. */
      concurrency: z.strictObject({ logProcessor: z.number().int().min(2, 'at least 2, the smallest maximum concurrency of an SQS event source').default(20) }).default({ logProcessor: 20 }),
      alarms: z
        .strictObject({
          emails: z.array(z.email()).default([]),
          /** An existing SNS topic to notify instead of (or besides) the deployment's own. */
          topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, 'not an SNS topic ARN').optional(),
        })
        .default({ emails: [] }),
      /** Cloud security scans: the accounts onboarded with the audit-role module (or a whole organization). */
      cloud: z
        .strictObject({
          accounts: z.array(CloudAccountSchema).default([]),
          /** Scan every account of the organization (the deployment's account must be its management or a delegated account). */
          organization: z.strictObject({ id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an AWS Organizations id (o-...)'), defaultRegions: z.array(regionSchema).min(1) }).optional(),
          /** The audit role's name in each account (the audit-role module's role_name). */
          auditRoleName: roleNameSchema.default('PantherAuditRole'),
          /** The ExternalId the audit roles require, if any. */
          externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, '2-1224 characters of letters, digits and +=,.@:/-').optional(),
          /** Minutes between full scans of each unit (account x region x resource type); rescans on changes come in between. */
          scanIntervalMinutes: z.number().int().min(15).default(1440),
          /** Opt-in automatic remediation of new failures of these policies (dry runs unless apply). */
          autoRemediation: autoRemediationSchema.default(autoRemediationDefaults),
        })
        .default(() => ({ accounts: [], auditRoleName: 'PantherAuditRole', scanIntervalMinutes: 1440, autoRemediation: autoRemediationDefaults() })),
      /** The web console, its API and its sign-in. */
      console: z
        .strictObject({
          /** The Cognito hosted UI's domain prefix, unique in the region; default `<prefix>-<account id>`. */
          authDomainPrefix: z
            .string()
            .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens')
            .refine((d) => !d.includes('aws') && !d.includes('cognito'), 'must not contain "aws" or "cognito"')
            .optional(),
          /** More URLs sign-in may return to besides the console's own (e.g. http://localhost:5173/ while developing it). */
          callbackUrls: z.array(z.url()).default([]),
          /** Serve the console under your own names; the certificate must be in us-east-1 (CloudFront). */
          customDomain: z
            .strictObject({
              aliases: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a DNS name')).min(1),
              acmCertificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN in us-east-1'),
            })
            .optional(),
          /** A WAFv2 web ACL (scope CLOUDFRONT) in front of the console and the API. */
          webAclArn: z.string().regex(/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/, 'a CLOUDFRONT-scope WAFv2 web ACL ARN').optional(),
          /** API requests per second (steady) and burst. */
          apiThrottle: z.strictObject({ rate: z.number().int().min(1), burst: z.number().int().min(1) }).default({ rate: 50, burst: 100 }),
        })
        .default({ callbackUrls: [], apiThrottle: { rate: 50, burst: 100 } }),
      athena: z.strictObject({ bytesScannedCutoffPerQuery: z.number().int().min(10_485_760).default(100 * 1024 ** 3) }).default({ bytesScannedCutoffPerQuery: 100 * 1024 ** 3 }),
      /** Remote state; absent: a local state file `terraform.<prefix>.tfstate` next to the stack. */
      backend: z
        .strictObject({
          bucket: bucketSchema,
          key: z.string().min(1),
          region: regionSchema,
          /** Legacy locking table; prefer useLockfile (S3 native locking). */
          dynamodbTable: z.string().min(3).optional(),
          useLockfile: z.boolean().optional(),
        })
        .refine((b) => !(b.dynamodbTable !== undefined && b.useLockfile === true), { message: 'choose dynamodbTable or useLockfile, not both' })
        .optional(),
    });
}

export type DeploymentConfig = z.output<ReturnType<typeof configSchema>>;
export type SourceSetting = DeploymentConfig['sources'][number];

/** `['sources', 1, 'prefixes', 0]` -> `config.sources[1].prefixes[0]`. */
function keyOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), 'config');
}

/** Validates a parsed document; every problem is listed, each naming its key. */
export function parseConfig(raw: unknown, resolve: ResolveLogTypes): DeploymentConfig {
  const parsed = configSchema(resolve).safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? `: unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : `: ${i.message}`;
    return `${keyOf(i.path)}${keys}`;
  });
  throw new Error(`invalid deployment configuration:\n  ${lines.join('\n  ')}`);
}

/** Reads the configuration file (JSON, or YAML for any other extension); defaults when no file. */
export function loadConfig(file: string | undefined, resolve: ResolveLogTypes): DeploymentConfig {
  if (file === undefined || file === '') return parseConfig({}, resolve);
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  try {
    return parseConfig(raw, resolve);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}
