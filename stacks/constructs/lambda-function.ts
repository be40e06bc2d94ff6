import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction as AwsLambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { type Bundle, type BundleOptions, bundleFunction } from './bundle.js';
import type { EncryptedQueue } from './encrypted-queue.js';
import { awsAccount, type KmsKey } from './kms-key.js';

/** Lambda runtime: nodejs20.x can no longer be created since June 2026; 22.x is supported to 2027. */
export const LAMBDA_RUNTIME = 'nodejs22.x';

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: string[];
}

export interface RoleStatement {
  /** IAM Sid: letters and digits; the wildcard allow-list refers to statements by it. */
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: readonly PolicyCondition[];
}

export interface LambdaFunctionProps {
  /** Function name; starts with the deployment prefix. Also names the role and log group. */
  readonly name: string;
  /** Folder under functions/, e.g. 'log-processor'. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Plain configuration; never secrets (names that look like secrets are refused). */
  readonly environment?: Record<string, string>;
  /** Encrypts the log group and the environment variables. */
  readonly kmsKey: KmsKey;
  readonly logRetentionDays: number;
  /** Caps the function's concurrency, so one subsystem cannot starve the account's pool. */
  readonly reservedConcurrency?: number;
  /** Statements added to the function's own role (least privilege, resources named). */
  readonly statements: readonly RoleStatement[];
  /** For asynchronously invoked functions: failed events go to this queue after the retries. */
  readonly onFailure?: EncryptedQueue;
  /** The key of the onFailure queue; default `kmsKey`. */
  readonly onFailureKmsKey?: KmsKey;
  /** Retries of a failed asynchronous invocation (0-2). Default 2. */
  readonly asyncRetryAttempts?: number;
  /** Active X-Ray tracing. Default off. */
  readonly tracing?: boolean;
  readonly description?: string;
  /** Where to bundle (tests); default `.build/lambda`. */
  readonly bundle?: BundleOptions;
}

/** Sid of the statement letting the function write its own logs. */
export const WRITE_LOGS_SID = 'WriteOwnLogGroup';
/** Sid of the X-Ray statement (X-Ray has no resource-level permissions). */
export const XRAY_SID = 'XRayWriteTraces';
export const DECRYPT_ENVIRONMENT_SID = 'DecryptOwnEnvironment';
export const ON_FAILURE_SEND_SID = 'SendFailedInvocations';
export const ON_FAILURE_KMS_SID = 'EncryptFailedInvocations';

const SECRET_LIKE = /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_?KEY|CREDENTIAL|API_?KEY/i;
const SID = /^[A-Za-z0-9]+$/;

/**
 * A Lambda function bundled from functions/<entry>/handler.ts, with its own role (trusted by
 * Lambda for this account only) whose policy holds only the given statements and the writes to its
 * own log group, a KMS-encrypted log group with retention, arm64, and optional reserved
 * concurrency, on-failure destination and tracing.
 */
export class LambdaFunction extends Construct {
  readonly arn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly bundle: Bundle;
  readonly function: AwsLambdaFunction;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    const where = `LambdaFunction ${props.name}`;
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(props.name)) throw new Error(`${where}: names are 1-64 letters, digits, dashes or underscores`);
    if (!Number.isInteger(props.memoryMb) || props.memoryMb < 128 || props.memoryMb > 10240) throw new Error(`${where}: memoryMb must be 128-10240`);
    if (!Number.isInteger(props.timeoutSeconds) || props.timeoutSeconds < 1 || props.timeoutSeconds > 900) throw new Error(`${where}: timeoutSeconds must be 1-900`);
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(props.logRetentionDays)) throw new Error(`${where}: logRetentionDays ${props.logRetentionDays} is not one CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')})`);
    if (props.reservedConcurrency !== undefined && (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 1)) throw new Error(`${where}: reservedConcurrency must be a positive integer`);
    const retries = props.asyncRetryAttempts ?? 2;
    if (!Number.isInteger(retries) || retries < 0 || retries > 2) throw new Error(`${where}: asyncRetryAttempts must be 0-2`);
    for (const k of Object.keys(props.environment ?? {})) {
      if (SECRET_LIKE.test(k)) throw new Error(`${where}: environment variable ${k} looks like a secret; pass a secret's ARN and read it at runtime`);
    }

    const account = awsAccount(this);
    this.bundle = bundleFunction(props.entry, props.bundle);
    // The asset hash is the bundle's: the same code gives the same asset folder on every machine.
    const asset = new TerraformAsset(this, 'asset', { path: this.bundle.dir, type: AssetType.ARCHIVE, assetHash: this.bundle.hexHash });

    const logGroup = new CloudwatchLogGroup(this, 'log-group', { name: `/aws/lambda/${props.name}`, retentionInDays: props.logRetentionDays, kmsKeyId: props.kmsKey.arn });
    this.logGroupName = logGroup.name;

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'LambdaAssumeRole',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
          // Confused deputy: only Lambda acting for this account may use the role.
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', { name: props.name, description: `Execution role of the ${props.name} function`, assumeRolePolicy: trust.json, maxSessionDuration: 3600 });

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      // Lambda names the log streams at runtime; the statement is confined to this function's group.
      { sid: WRITE_LOGS_SID, effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.arn}:log-stream:*`] },
    ];
    if (Object.keys(props.environment ?? {}).length > 0) {
      // The environment is encrypted with kmsKey; decrypting it is held to this function's context.
      statements.push({
        sid: DECRYPT_ENVIRONMENT_SID,
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [props.kmsKey.arn],
        condition: [{ test: 'StringEquals', variable: 'kms:EncryptionContext:LambdaFunctionName', values: [props.name] }],
      });
    }
    if (props.tracing === true) statements.push({ sid: XRAY_SID, effect: 'Allow', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] });
    if (props.onFailure !== undefined) {
      statements.push(
        { sid: ON_FAILURE_SEND_SID, effect: 'Allow', actions: ['sqs:SendMessage'], resources: [props.onFailure.arn] },
        { sid: ON_FAILURE_KMS_SID, effect: 'Allow', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [(props.onFailureKmsKey ?? props.kmsKey).arn] },
      );
    }
    for (const s of props.statements) {
      statements.push({ sid: s.sid, effect: 'Allow', actions: s.actions, resources: s.resources, ...(s.conditions !== undefined ? { condition: s.conditions.map((c) => ({ ...c })) } : {}) });
    }
    const sids = new Set<string>();
    for (const s of statements) {
      const sid = s.sid ?? '';
      if (!SID.test(sid)) throw new Error(`${where}: statement Sid "${sid}" must be letters and digits`);
      if (sids.has(sid)) throw new Error(`${where}: duplicate statement Sid ${sid}`);
      sids.add(sid);
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    const rolePolicy = new IamRolePolicy(this, 'policy', { name: `${props.name}-policy`, role: this.role.id, policy: policy.json });

    const env = props.environment ?? {};
    this.function = new AwsLambdaFunction(this, 'function', {
      functionName: props.name,
      ...(props.description !== undefined ? { description: props.description } : {}),
      role: this.role.arn,
      handler: 'index.handler',
      runtime: LAMBDA_RUNTIME,
      architectures: ['arm64'],
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      filename: asset.path,
      // The bundle's hash, not the zip's: zips carry mtimes, so their hash changes on every synth.
      sourceCodeHash: this.bundle.hash,
      kmsKeyArn: props.kmsKey.arn,
      ...(Object.keys(env).length > 0 ? { environment: { variables: { ...env } } } : {}),
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      ...(props.tracing === true ? { tracingConfig: { mode: 'Active' } } : {}),
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      // The role's policy and the log group exist before the first invocation can need them.
      dependsOn: [rolePolicy, logGroup],
    });
    this.arn = this.function.arn;
    this.name = this.function.functionName;
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    if (props.onFailure !== undefined) {
      new LambdaFunctionEventInvokeConfig(this, 'async', {
        functionName: this.function.functionName,
        maximumRetryAttempts: retries,
        destinationConfig: { onFailure: { destination: props.onFailure.arn } },
      });
    }
  }
}
