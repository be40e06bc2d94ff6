// The onboarded accounts of a deployment: those listed in the configuration (with their regions
// and ignore lists), plus, when discovery is on, the organization's ACTIVE accounts with the
// default regions. The list is the planner's input and the rescan's allow-list.
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { z } from 'zod';
import { discoverAccounts } from '../accounts.js';
import type { CloudAccount } from './unit.js';

const REGION = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name');

export const CloudAccountSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits'),
  regions: z.array(REGION).min(1),
  partition: z.enum(['aws', 'aws-us-gov', 'aws-cn']).optional(),
  ignore: z
    .strictObject({
      regions: z.array(REGION).optional(),
      resourceTypes: z.array(z.string().min(1)).optional(),
      resourceIdPatterns: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});

/** The accounts listed in the configuration (JSON, as the functions' environment holds them). */
export function parseCloudAccounts(json: string): CloudAccount[] {
  const accounts = z.array(CloudAccountSchema).parse(JSON.parse(json));
  for (const a of accounts) for (const p of a.ignore?.resourceIdPatterns ?? []) new RegExp(p); // a bad pattern fails here, not mid-scan
  return accounts as CloudAccount[];
}

export interface AccountDirectoryOptions {
  readonly configured: readonly CloudAccount[];
  /** Also the organization's accounts (from the management or a delegated administrator account). */
  readonly discover?: { readonly organizations?: OrganizationsClient; readonly defaultRegions: readonly string[] };
  /** How long a discovery is reused. Default 15 minutes. */
  readonly refreshMs?: number;
  readonly clock?: () => number;
}

/** The onboarded accounts; discovery, when on, is cached for refreshMs. */
export class AccountDirectory {
  private discovered: { at: number; accounts: CloudAccount[] } | undefined;
  private readonly clock: () => number;

  constructor(private readonly opts: AccountDirectoryOptions) {
    this.clock = opts.clock ?? Date.now;
  }

  /** Configured accounts first (their settings win), then discovered ones. */
  async all(): Promise<CloudAccount[]> {
    const d = this.opts.discover;
    if (d === undefined) return [...this.opts.configured];
    if (this.discovered === undefined || this.clock() - this.discovered.at >= (this.opts.refreshMs ?? 15 * 60_000)) {
      const found = await discoverAccounts(d.organizations !== undefined ? { organizations: d.organizations } : {});
      this.discovered = { at: this.clock(), accounts: found.map((a) => ({ accountId: a.id, regions: [...d.defaultRegions] })) };
    }
    const known = new Set(this.opts.configured.map((a) => a.accountId));
    return [...this.opts.configured, ...this.discovered.accounts.filter((a) => !known.has(a.accountId))];
  }

  /** The configured settings of an account (ignore lists), without discovery. */
  configuredAccount(accountId: string): CloudAccount | undefined {
    return this.opts.configured.find((a) => a.accountId === accountId);
  }
}
