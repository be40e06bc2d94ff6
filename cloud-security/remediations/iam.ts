// IAM remediations: the account password policy (AWS.PasswordPolicy) and deactivating a user's
// unused access keys (AWS.IAM.User).
import { GetAccessKeyLastUsedCommand, IAMClient, paginateListAccessKeys, UpdateAccessKeyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { z } from 'zod';
import { collect, iso } from '../scanners/common.js';
import type { ResourceSnapshot } from '../types.js';
import { call, defineRemediation, nameOf, objs, regionOf, str, type ServiceApi } from './common.js';

export const iamApi: ServiceApi = {
  service: 'iam',
  makeClient: (config) => new IAMClient(config),
  commands: { UpdateAccountPasswordPolicy: UpdateAccountPasswordPolicyCommand, UpdateAccessKey: UpdateAccessKeyCommand },
};

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export const iamSetPasswordPolicy = defineRemediation({
  id: 'AWS.IAM.SetPasswordPolicy',
  resourceTypes: ['AWS.PasswordPolicy'],
  description: "Sets the account password policy to at least the given requirements (CIS defaults), keeping any stricter setting it already has.",
  parameters: z.object({
    minimumPasswordLength: z.number().int().min(6).max(128).default(14),
    requireSymbols: z.boolean().default(true),
    requireNumbers: z.boolean().default(true),
    requireUppercaseCharacters: z.boolean().default(true),
    requireLowercaseCharacters: z.boolean().default(true),
    allowUsersToChangePassword: z.boolean().default(true),
    /** Days; null: expiry not required. */
    maxPasswordAge: z.number().int().min(1).max(1095).nullable().default(90),
    passwordReusePrevention: z.number().int().min(1).max(24).nullable().default(24),
    hardExpiry: z.boolean().default(false),
  }),
  api: iamApi,
  planWith(r, p) {
    const has = r.AnyExist === true;
    const curLen = has ? (num(r.MinimumPasswordLength) ?? 0) : 0;
    const flag = (field: string, wanted: boolean) => (has && r[field] === true) || wanted;
    const curAge = has ? num(r.MaxPasswordAge) : null;
    const curReuse = has ? num(r.PasswordReusePrevention) : null;
    // The stricter of the current and requested value of each setting.
    const age = curAge !== null && curAge > 0 ? (p.maxPasswordAge === null ? curAge : Math.min(curAge, p.maxPasswordAge)) : p.maxPasswordAge;
    const reuse = curReuse !== null && curReuse > 0 ? Math.max(curReuse, p.passwordReusePrevention ?? 0) : p.passwordReusePrevention;
    const target: Record<string, unknown> = {
      MinimumPasswordLength: Math.max(curLen, p.minimumPasswordLength),
      RequireSymbols: flag('RequireSymbols', p.requireSymbols),
      RequireNumbers: flag('RequireNumbers', p.requireNumbers),
      RequireUppercaseCharacters: flag('RequireUppercaseCharacters', p.requireUppercaseCharacters),
      RequireLowercaseCharacters: flag('RequireLowercaseCharacters', p.requireLowercaseCharacters),
      AllowUsersToChangePassword: flag('AllowUsersToChangePassword', p.allowUsersToChangePassword),
      HardExpiry: flag('HardExpiry', p.hardExpiry),
    };
    // UpdateAccountPasswordPolicy resets omitted settings, so the whole policy is always sent.
    if (age !== null) target.MaxPasswordAge = age;
    if (reuse !== null) target.PasswordReusePrevention = reuse;
    const same = has && Object.entries(target).every(([k, v]) => (r[k] ?? (typeof v === 'boolean' ? false : null)) === v);
    const noneToRemove = (age !== null || !(curAge !== null && curAge > 0)) && (reuse !== null || !(curReuse !== null && curReuse > 0));
    if (same && noneToRemove) return [];
    return [call('iam', 'UpdateAccountPasswordPolicy', target)];
  },
});

const DAY_MS = 86_400_000;

/** ListAccessKeys + GetAccessKeyLastUsed of a user, as the snapshot's AccessKeys field. */
async function readAccessKeys(iam: IAMClient, userName: string): Promise<Record<string, unknown>[]> {
  const keys = await collect(paginateListAccessKeys({ client: iam }, { UserName: userName }), (p) => p.AccessKeyMetadata);
  return Promise.all(
    keys.map(async (k) => {
      const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }));
      return { AccessKeyId: k.AccessKeyId ?? '', Status: k.Status ?? null, CreateDate: iso(k.CreateDate), LastUsedDate: iso(used.AccessKeyLastUsed?.LastUsedDate) };
    }),
  );
}

export const iamDeactivateUnusedAccessKeys = defineRemediation({
  id: 'AWS.IAM.DeactivateUnusedAccessKeys',
  resourceTypes: ['AWS.IAM.User'],
  description: "Deactivates the user's active access keys not used (or, never used, created) within the last N days.",
  parameters: z.object({
    maxUnusedDays: z.number().int().min(1).default(90),
    /** The instant "unused" is measured from; defaults to now, so a plan is a pure function of its inputs. */
    asOf: z.iso.datetime().default(() => new Date().toISOString()),
  }),
  api: iamApi,
  // The user snapshot holds the credential report, which names key slots, not key ids: the ids
  // and their last use are read here (read-only) into an AccessKeys field.
  needsPrepare: (r: ResourceSnapshot) => !Array.isArray(r.AccessKeys),
  async prepare(ctx, r) {
    const iam = new IAMClient({ ...ctx.clientConfig, region: regionOf(ctx, r) });
    try {
      return { ...r, AccessKeys: await readAccessKeys(iam, nameOf(r)) };
    } finally {
      iam.destroy();
    }
  },
  planWith(r, p) {
    if (!Array.isArray(r.AccessKeys)) {
      throw new Error('AWS.IAM.DeactivateUnusedAccessKeys needs the AccessKeys field (ListAccessKeys + GetAccessKeyLastUsed): run prepare first');
    }
    const cutoff = Date.parse(p.asOf) - p.maxUnusedDays * DAY_MS;
    return objs(r.AccessKeys)
      .filter((k) => k.Status === 'Active')
      .filter((k) => {
        const last = str(k.LastUsedDate) ?? str(k.CreateDate);
        return last !== null && Date.parse(last) < cutoff;
      })
      .map((k) => call('iam', 'UpdateAccessKey', { UserName: nameOf(r), AccessKeyId: k.AccessKeyId, Status: 'Inactive' }));
  },
});

export const iamRemediations = [iamSetPasswordPolicy, iamDeactivateUnusedAccessKeys];
