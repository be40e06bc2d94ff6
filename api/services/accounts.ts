// Onboarded AWS accounts for cloud security scans (document collection `cloud-accounts`, one
// document per account, keyed by the 12-digit account id: an account is onboarded once).
import { z } from 'zod';
import { VersionConflictError, type DocumentStore } from '../../adapters/document-store.js';
import { ProblemError, notFound } from '../http.js';
import { ROLE_ARN_RE } from './sources.js';

export const ACCOUNTS_COLLECTION = 'cloud-accounts';

const ACCOUNT_ID_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const roleArn = z.string().regex(ROLE_ARN_RE, 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)');

export const CloudAccountInput = z
  .strictObject({
    accountId: z.string().regex(ACCOUNT_ID_RE, 'expected a 12-digit AWS account id'),
    label: z.string().trim().min(1, 'must not be empty').max(128, 'at most 128 characters'),
    auditRoleArn: roleArn,
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2-1224 characters among letters, digits and +=,.@:/-').optional(),
    remediationRoleArn: roleArn.optional(),
    /** Regions to scan; absent: every region enabled in the account. */
    regions: z
      .array(z.string().regex(REGION_RE, 'expected an AWS region name such as us-east-1'))
      .min(1, 'list at least one region, or omit the key to scan every enabled region')
      .optional(),
    scanIntervalMinutes: z.number().int('must be an integer').min(15, 'must be >= 15').max(10080, 'must be <= 10080 (a week)').optional(),
  })
  .superRefine((a, ctx) => {
    // The roles are assumed in the account itself: a role elsewhere is a typo or a confused deputy.
    for (const key of ['auditRoleArn', 'remediationRoleArn'] as const) {
      const arn = a[key];
      if (arn !== undefined && ACCOUNT_ID_RE.test(a.accountId) && arn.split(':')[4] !== a.accountId) {
        ctx.addIssue({ code: 'custom', path: [key], message: `must be a role in account ${a.accountId}` });
      }
    }
    if (a.regions !== undefined && new Set(a.regions).size !== a.regions.length) ctx.addIssue({ code: 'custom', path: ['regions'], message: 'lists a region twice' });
  });
export type CloudAccountInput = z.output<typeof CloudAccountInput>;

export type CloudAccount = CloudAccountInput & { readonly id: string; readonly updatedAt: string };

export class CloudAccountsService {
  private readonly accounts;

  constructor(documents: DocumentStore) {
    this.accounts = documents.collection<CloudAccountInput>(ACCOUNTS_COLLECTION);
  }

  async list(): Promise<CloudAccount[]> {
    return (await this.accounts.list()).map((d) => ({ id: d.id, ...d.value, updatedAt: d.updatedAt }));
  }

  async get(id: string): Promise<CloudAccount> {
    const d = ACCOUNT_ID_RE.test(id) ? await this.accounts.get(id) : undefined;
    if (d === undefined) throw notFound(`cloud account ${id}`);
    return { id: d.id, ...d.value, updatedAt: d.updatedAt };
  }

  async create(input: CloudAccountInput): Promise<CloudAccount> {
    try {
      const d = await this.accounts.put(input.accountId, input, { ifVersion: 'absent' });
      return { id: d.id, ...d.value, updatedAt: d.updatedAt };
    } catch (err) {
      if (err instanceof VersionConflictError) throw new ProblemError(409, 'Conflict', `account ${input.accountId} is already onboarded`);
      throw err;
    }
  }

  async replace(id: string, input: CloudAccountInput): Promise<CloudAccount> {
    const current = ACCOUNT_ID_RE.test(id) ? await this.accounts.get(id) : undefined;
    if (current === undefined) throw notFound(`cloud account ${id}`);
    if (input.accountId !== id) {
      const errors = [{ path: 'body.accountId', message: `must be the account of the path (${id}): onboard another account with POST` }];
      throw new ProblemError(400, 'Invalid request', `${errors[0]!.path}: ${errors[0]!.message}`, errors);
    }
    try {
      const d = await this.accounts.put(id, input, { ifVersion: current.version });
      return { id: d.id, ...d.value, updatedAt: d.updatedAt };
    } catch (err) {
      if (err instanceof VersionConflictError) throw new ProblemError(409, 'Conflict', `cloud account ${id} changed meanwhile; reload and retry`);
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    if (!ACCOUNT_ID_RE.test(id) || !(await this.accounts.delete(id))) throw notFound(`cloud account ${id}`);
  }
}
