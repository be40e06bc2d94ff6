// The accounts a scan reaches: the audit role of each account assumed through STS (with the
// account's ExternalId and a session name that says who is scanning), optional discovery of the
// organization's accounts through AWS Organizations, and the scan options built from them.
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AccountScanOptions, ScanIgnore } from './scan.js';
import type { ResourceScanner } from './types.js';

/** Credentials used to call STS/Organizations: an identity, a provider, or the default chain. */
export type BaseCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;

export interface AssumeRoleOptions {
  readonly roleArn: string;
  /** The account's ExternalId (the confused-deputy guard of the audit role's trust policy). */
  readonly externalId?: string;
  /** Shown in the account's CloudTrail as the assumed-role session (max 64 chars of [\w+=,.@-]). */
  readonly sessionName?: string;
  readonly durationSeconds?: number;
  /** Region of the STS endpoint (regional endpoints; default us-east-1). */
  readonly region?: string;
  readonly baseCredentials?: BaseCredentials;
  /** An STS client to use (tests); else one is made from region and baseCredentials. */
  readonly sts?: STSClient;
}

/** Credentials are refreshed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/[\w+=,.@/-]+$/;

export function parseRoleArn(arn: string): { partition: string; accountId: string } {
  const m = ROLE_ARN.exec(arn);
  if (m === null) throw new Error(`not an IAM role ARN: ${JSON.stringify(arn)}`);
  return { partition: m[1] as string, accountId: m[2] as string };
}

/** The audit role of an account, by name (what the onboarding module creates). */
export function roleArnFor(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** A session name STS accepts: allowed characters only, at most 64. */
export function sessionNameFor(label: string): string {
  const cleaned = label.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'panther-scan';
}

/**
 * A credentials provider that assumes the role on first use and again shortly before the
 * credentials expire; concurrent callers share one AssumeRole call.
 */
export function assumeRoleCredentials(opts: AssumeRoleOptions): AwsCredentialIdentityProvider {
  parseRoleArn(opts.roleArn);
  const sts = opts.sts ?? new STSClient({ region: opts.region ?? 'us-east-1', ...(opts.baseCredentials !== undefined ? { credentials: opts.baseCredentials } : {}) });
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (c: AwsCredentialIdentity | undefined): c is AwsCredentialIdentity =>
    c !== undefined && (c.expiration === undefined || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS);
  return async () => {
    if (fresh(current)) return current;
    pending ??= (async () => {
      try {
        const out = await sts.send(
          new AssumeRoleCommand({
            RoleArn: opts.roleArn,
            RoleSessionName: sessionNameFor(opts.sessionName ?? 'panther-scan'),
            ...(opts.externalId !== undefined ? { ExternalId: opts.externalId } : {}),
            DurationSeconds: opts.durationSeconds ?? 3600,
          }),
        );
        const c = out.Credentials;
        if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) throw new Error(`AssumeRole ${opts.roleArn}: no credentials in the answer`);
        current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken !== undefined ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration !== undefined ? { expiration: c.Expiration } : {}) };
        return current;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

/** The account of the credentials (the scan of "this account" with the default chain). */
export async function callerAccount(credentials: BaseCredentials, region = 'us-east-1', sts?: STSClient): Promise<string> {
  const client = sts ?? new STSClient({ region, ...(credentials !== undefined ? { credentials } : {}) });
  const out = await client.send(new GetCallerIdentityCommand({}));
  if (out.Account === undefined) throw new Error('GetCallerIdentity returned no account');
  return out.Account;
}

export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: string;
}

/** The organization's ACTIVE accounts (from the management or a delegated administrator account). */
export async function discoverAccounts(opts: { organizations?: OrganizationsClient; baseCredentials?: BaseCredentials; region?: string } = {}): Promise<OrganizationAccount[]> {
  const client = opts.organizations ?? new OrganizationsClient({ region: opts.region ?? 'us-east-1', ...(opts.baseCredentials !== undefined ? { credentials: opts.baseCredentials } : {}) });
  const out: OrganizationAccount[] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    for (const a of page.Accounts ?? []) {
      const status = a.Status ?? a.State ?? '';
      if (a.Id === undefined || status !== 'ACTIVE') continue;
      out.push({ id: a.Id, name: a.Name ?? a.Id, email: a.Email ?? '', status });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export interface AccountTarget {
  readonly accountId: string;
  /** The audit role to assume; absent: the base credentials are used as they are. */
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly regions: readonly string[];
  readonly ignore?: ScanIgnore;
}

/** Scan options for one account: one credentials provider shared by all of its regions' clients. */
export function accountScanOptions(
  target: AccountTarget,
  scanners: readonly ResourceScanner[],
  opts: { baseCredentials?: BaseCredentials; sessionName?: string; maxAttempts?: number; concurrency?: number; sts?: STSClient } = {},
): AccountScanOptions {
  const partition = target.roleArn !== undefined ? parseRoleArn(target.roleArn).partition : 'aws';
  const credentials =
    target.roleArn !== undefined
      ? assumeRoleCredentials({
          roleArn: target.roleArn,
          ...(target.externalId !== undefined ? { externalId: target.externalId } : {}),
          sessionName: opts.sessionName ?? `panther-scan-${target.accountId}`,
          ...(opts.baseCredentials !== undefined ? { baseCredentials: opts.baseCredentials } : {}),
          ...(opts.sts !== undefined ? { sts: opts.sts } : {}),
        })
      : opts.baseCredentials;
  return {
    accountId: target.accountId,
    partition,
    regions: target.regions,
    scanners,
    clientConfigFor: (region) => ({ region, ...(credentials !== undefined ? { credentials } : {}), maxAttempts: opts.maxAttempts ?? 5 }),
    ...(target.ignore !== undefined ? { ignore: target.ignore } : {}),
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
  };
}
