// The contracts of remediations: a pure plan computed from a resource snapshot (the exact API
// calls), and an apply that sends those calls with SDK v3 clients, reporting failures.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ResourceSnapshot } from '../types.js';

/** One API call a remediation would make, exactly as it would be sent. */
export interface PlannedCall {
  /** The IAM service prefix: s3, cloudtrail, ec2, iam, kms, rds, dynamodb, guardduty. */
  readonly service: string;
  /** The API operation, e.g. PutPublicAccessBlock. */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export interface RemediationContext {
  /** Passed to every SDK client (credentials of the remediation role, retries). The region of
   * each client is the resource's own region (global resources use this one, else us-east-1). */
  readonly clientConfig: {
    readonly region?: string;
    readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    readonly maxAttempts?: number;
  };
}

export interface CallOutcome {
  readonly call: PlannedCall;
  readonly ok: boolean;
  /** `<Code>: <message>` of the error, when the call failed. */
  readonly error?: string;
  readonly errorKind?: 'access-denied' | 'throttled' | 'region-disabled' | 'error';
}

export interface AppliedResult {
  readonly remediationId: string;
  readonly resourceId: string;
  /** already-compliant: the plan was empty and nothing was sent. */
  readonly status: 'applied' | 'already-compliant' | 'failed';
  /** The calls sent, in order; after a failure the rest are not sent (later calls may depend on it). */
  readonly calls: readonly CallOutcome[];
  /** Calls planned but not sent because an earlier one failed. */
  readonly skipped: readonly PlannedCall[];
  /** Set when the remediation could not run at all (invalid parameters, wrong resource type). */
  readonly error?: string;
}

export interface Remediation {
  /** e.g. AWS.S3.BlockBucketPublicAccess */
  readonly id: string;
  readonly resourceTypes: readonly string[];
  readonly description: string;
  /** The zod schema of the parameters; `parameters.parse({})` gives the defaults. */
  readonly parameters: import('zod').ZodType;
  /**
   * The exact calls the remediation would make: pure, computed from the snapshot, empty when
   * the resource is already compliant. `params` are validated (and defaulted) by `parameters`.
   */
  plan(resource: ResourceSnapshot, params?: unknown): PlannedCall[];
  /**
   * Reads what the plan needs that the scanner's snapshot does not hold (read-only calls) and
   * returns the snapshot with it; absent when the snapshot is enough.
   */
  prepare?(ctx: RemediationContext, resource: ResourceSnapshot): Promise<ResourceSnapshot>;
  /** Sends the planned calls; failures are reported in the result, never thrown. */
  apply(ctx: RemediationContext, resource: ResourceSnapshot, params?: unknown): Promise<AppliedResult>;
}
