// The contracts of the configuration scanners: what a snapshot holds, what a scanner is given.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * A resource as policies see it and the lake stores it: the common fields, then the type's own
 * (the AWS API's field names, as Panther's snapshots keep them).
 */
export interface ResourceSnapshot {
  /** The ARN where the resource has one, else a stable id (e.g. `<account>::AWS.PasswordPolicy`). */
  readonly ResourceId: string;
  /** e.g. AWS.S3.Bucket */
  readonly ResourceType: string;
  readonly AccountId: string;
  /** The region, or `global` for global resources (IAM). */
  readonly Region: string;
  readonly Name: string | null;
  readonly ARN: string | null;
  readonly Tags: Readonly<Record<string, string>>;
  /** ISO 8601 UTC, or null where the API does not say. */
  readonly TimeCreated: string | null;
  readonly [field: string]: unknown;
}

/** A part of a scan that could not be read, kept with the reason instead of failing the scan. */
export interface ScanProblem {
  readonly resourceType: string;
  readonly region: string;
  /** The resource the problem is about, when it is about one (a denied GetBucketPolicy). */
  readonly resourceId?: string;
  readonly kind: 'access-denied' | 'throttled' | 'region-disabled' | 'error';
  readonly message: string;
}

export interface ScanContext {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Passed to every SDK client the scanner creates (region, credentials, retries). */
  readonly clientConfig: {
    readonly region: string;
    readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    readonly maxAttempts?: number;
  };
  /** Records a problem and lets the scan go on. */
  readonly problem: (p: ScanProblem) => void;
  /**
   * A targeted scan (a rescan): the ids, ARNs or names of the resources wanted (matched by
   * scanners/common.ts matchesKey). The scanner makes no detail call for, and yields none of,
   * the other resources. Absent: every resource. Types with one resource per account or
   * region (password policy, root user, the *.Meta types) ignore it.
   */
  readonly only?: readonly string[];
}

export interface ResourceScanner {
  readonly resourceType: string;
  /** Global resources (IAM, the password policy) are scanned once, from one region. */
  readonly global?: boolean;
  /** Yields every resource of the type in the context's account and region (or those of `ctx.only`). */
  scan(ctx: ScanContext): AsyncIterable<ResourceSnapshot>;
}
