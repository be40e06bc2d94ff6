// The IAM resource types (all global): AWS.IAM.User, AWS.IAM.RootUser, AWS.IAM.Role,
// AWS.IAM.Group, AWS.IAM.Policy and AWS.PasswordPolicy. Snapshots keep the IAM API's field names,
// with policy documents URL-decoded to their JSON text and dates as ISO strings.
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  paginateGetGroup,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListEntitiesForPolicy,
  paginateListGroupPolicies,
  paginateListGroups,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListPolicies,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListUserPolicies,
  paginateListUsers,
  paginateListVirtualMFADevices,
  type Group,
  type Policy,
  type Role,
  type User,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, collect, detail, DETAIL_CONCURRENCY, iso, listAll, listOrProblem, mapLimit, onlyWanted, plain, recordProblem, tagMap } from './common.js';

/** IAM returns policy documents URL-encoded (RFC 3986); policies want the JSON text. */
export function decodePolicyDocument(doc: string | undefined | null): string | null {
  if (doc === undefined || doc === null) return null;
  try {
    return decodeURIComponent(doc);
  } catch {
    // Already decoded, or not percent-encoded at all: keep it as the API gave it.
    return doc;
  }
}

const GLOBAL = 'global';
// The SDK names the modelled error NoSuchEntityException; the wire code is NoSuchEntity.
const NO_SUCH_ENTITY = ['NoSuchEntityException', 'NoSuchEntity'];

/** How long to wait for IAM to generate the credential report (it is usually ready in seconds). */
export interface CredentialReportWait {
  readonly attempts: number;
  readonly delayMs: number;
}
const DEFAULT_WAIT: CredentialReportWait = { attempts: 10, delayMs: 2000 };

// ---------------------------------------------------------------------------------------------
// Account-wide data shared by the user and root-user scanners of one scan.

/** One row of the credential report, with Panther's field names. */
export interface CredentialReportRow {
  readonly UserName: string | null;
  readonly ARN: string | null;
  readonly UserCreationTime: string | null;
  readonly PasswordEnabled: boolean | null;
  readonly PasswordLastUsed: string | null;
  readonly PasswordLastChanged: string | null;
  readonly PasswordNextRotation: string | null;
  readonly MfaActive: boolean | null;
  readonly AccessKey1Active: boolean | null;
  readonly AccessKey1LastRotated: string | null;
  readonly AccessKey1LastUsedDate: string | null;
  readonly AccessKey1LastUsedRegion: string | null;
  readonly AccessKey1LastUsedService: string | null;
  readonly AccessKey2Active: boolean | null;
  readonly AccessKey2LastRotated: string | null;
  readonly AccessKey2LastUsedDate: string | null;
  readonly AccessKey2LastUsedRegion: string | null;
  readonly AccessKey2LastUsedService: string | null;
  readonly Cert1Active: boolean | null;
  readonly Cert1LastRotated: string | null;
  readonly Cert2Active: boolean | null;
  readonly Cert2LastRotated: string | null;
}

// The report's placeholders for "nothing there": N/A, no_information, not_supported.
const ABSENT = new Set(['', 'N/A', 'no_information', 'not_supported']);
const text = (v: string | undefined): string | null => (v === undefined || ABSENT.has(v) ? null : v);
const bool = (v: string | undefined): boolean | null => (v === 'true' ? true : v === 'false' ? false : null);
const date = (v: string | undefined): string | null => {
  const t = text(v);
  if (t === null) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** Parses the credential report CSV (its values never hold commas or quotes). */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const c = (col: string): string | undefined => {
      const i = header.indexOf(col);
      return i < 0 ? undefined : cells[i];
    };
    return {
      UserName: text(c('user')),
      ARN: text(c('arn')),
      UserCreationTime: date(c('user_creation_time')),
      PasswordEnabled: bool(c('password_enabled')),
      PasswordLastUsed: date(c('password_last_used')),
      PasswordLastChanged: date(c('password_last_changed')),
      PasswordNextRotation: date(c('password_next_rotation')),
      MfaActive: bool(c('mfa_active')),
      AccessKey1Active: bool(c('access_key_1_active')),
      AccessKey1LastRotated: date(c('access_key_1_last_rotated')),
      AccessKey1LastUsedDate: date(c('access_key_1_last_used_date')),
      AccessKey1LastUsedRegion: text(c('access_key_1_last_used_region')),
      AccessKey1LastUsedService: text(c('access_key_1_last_used_service')),
      AccessKey2Active: bool(c('access_key_2_active')),
      AccessKey2LastRotated: date(c('access_key_2_last_rotated')),
      AccessKey2LastUsedDate: date(c('access_key_2_last_used_date')),
      AccessKey2LastUsedRegion: text(c('access_key_2_last_used_region')),
      AccessKey2LastUsedService: text(c('access_key_2_last_used_service')),
      Cert1Active: bool(c('cert_1_active')),
      Cert1LastRotated: date(c('cert_1_last_rotated')),
      Cert2Active: bool(c('cert_2_active')),
      Cert2LastRotated: date(c('cert_2_last_rotated')),
    };
  });
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function fetchCredentialReport(iam: IAMClient, wait: CredentialReportWait): Promise<CredentialReportRow[]> {
  // Generate until COMPLETE (a report younger than four hours is reused by IAM), then read it.
  for (let i = 0; ; i++) {
    const gen = await iam.send(new GenerateCredentialReportCommand({}));
    if (gen.State === 'COMPLETE') break;
    if (i + 1 >= wait.attempts) throw Object.assign(new Error('credential report still generating'), { name: 'CredentialReportNotReadyException' });
    await new Promise((r) => setTimeout(r, wait.delayMs));
  }
  const got = await iam.send(new GetCredentialReportCommand({}));
  return parseCredentialReport(Buffer.from(got.Content ?? new Uint8Array()).toString('utf8'));
}

// One fetch per scan context: the user and root-user scanners of a scan share it.
const reports = new WeakMap<ScanContext, Promise<Outcome<CredentialReportRow[]>>>();
const virtualMfas = new WeakMap<ScanContext, Promise<Outcome<VirtualMFADevice[]>>>();

function once<T>(cache: WeakMap<ScanContext, Promise<Outcome<T>>>, ctx: ScanContext, fetch: () => Promise<T>): Promise<Outcome<T>> {
  let p = cache.get(ctx);
  if (p === undefined) {
    p = fetch().then(
      (value): Outcome<T> => ({ ok: true, value }),
      (error: unknown): Outcome<T> => ({ ok: false, error }),
    );
    cache.set(ctx, p);
  }
  return p;
}

/** The account's credential report rows; null (with the problem recorded for `type`) when unreadable. */
async function credentialReport(ctx: ScanContext, iam: IAMClient, type: string, wait: CredentialReportWait): Promise<CredentialReportRow[] | null> {
  const r = await once(reports, ctx, () => fetchCredentialReport(iam, wait));
  if (r.ok) return r.value;
  recordProblem(ctx, type, r.error);
  return null;
}

/** The account's virtual MFA devices; null (problem recorded for `type`) when unreadable. */
async function virtualMfaDevices(ctx: ScanContext, iam: IAMClient, type: string): Promise<VirtualMFADevice[] | null> {
  const r = await once(virtualMfas, ctx, () => collect(paginateListVirtualMFADevices({ client: iam }, {}), (p) => p.VirtualMFADevices));
  if (r.ok) return r.value;
  recordProblem(ctx, type, r.error);
  return null;
}

function virtualMfaOf(devices: VirtualMFADevice[] | null, arn: string): { EnableDate: string | null; SerialNumber: string | null } | null {
  const d = devices?.find((v) => v.User?.Arn === arn);
  return d === undefined ? null : { EnableDate: iso(d.EnableDate), SerialNumber: d.SerialNumber ?? null };
}

/** Inline policies as name → decoded document. */
async function inlinePolicies(names: string[], get: (name: string) => Promise<string | undefined>): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  const docs = await mapLimit(names, DETAIL_CONCURRENCY, get);
  names.forEach((n, i) => (out[n] = decodePolicyDocument(docs[i])));
  return out;
}

// ---------------------------------------------------------------------------------------------
// AWS.IAM.User

const USER = 'AWS.IAM.User';

async function snapshotUser(
  ctx: ScanContext,
  iam: IAMClient,
  u: User,
  report: CredentialReportRow[] | null,
  mfas: VirtualMFADevice[] | null,
): Promise<ResourceSnapshot> {
  const arn = u.Arn ?? '';
  const UserName = u.UserName ?? '';
  const [got, inline, managed, groups, mfaDevices] = await Promise.all([
    detail(ctx, USER, arn, () => iam.send(new GetUserCommand({ UserName })), NO_SUCH_ENTITY),
    detail(ctx, USER, arn, async () => {
      const names = await collect(paginateListUserPolicies({ client: iam }, { UserName }), (p) => p.PolicyNames);
      return inlinePolicies(names, async (PolicyName) => (await iam.send(new GetUserPolicyCommand({ UserName, PolicyName }))).PolicyDocument);
    }, NO_SUCH_ENTITY),
    detail(ctx, USER, arn, () => collect(paginateListAttachedUserPolicies({ client: iam }, { UserName }), (p) => p.AttachedPolicies), NO_SUCH_ENTITY),
    detail(ctx, USER, arn, () => collect(paginateListGroupsForUser({ client: iam }, { UserName }), (p) => p.Groups), NO_SUCH_ENTITY),
    detail(ctx, USER, arn, () => collect(paginateListMFADevices({ client: iam }, { UserName }), (p) => p.MFADevices), NO_SUCH_ENTITY),
  ]);
  const full = got?.User;
  return {
    ...baseSnapshot(ctx, USER, { id: arn, arn, name: UserName, tags: tagMap(full?.Tags ?? u.Tags), created: u.CreateDate ?? null, region: GLOBAL }),
    UserId: u.UserId ?? null,
    Path: u.Path ?? null,
    PasswordLastUsed: iso(full?.PasswordLastUsed ?? u.PasswordLastUsed),
    PermissionsBoundary: (plain(full?.PermissionsBoundary ?? u.PermissionsBoundary) ?? null) as unknown,
    CredentialReport: report?.find((r) => r.ARN === arn) ?? null,
    Groups: groups === null ? null : plain(groups),
    InlinePolicies: inline,
    ManagedPolicyNames: managed === null ? null : managed.map((p) => p.PolicyName ?? ''),
    MFADevices: mfaDevices === null ? null : plain(mfaDevices),
    VirtualMFA: virtualMfaOf(mfas, arn),
  };
}

export function iamUserScannerWith(wait: CredentialReportWait = DEFAULT_WAIT): ResourceScanner {
  return {
    resourceType: USER,
    global: true,
    async *scan(ctx) {
      const iam = new IAMClient(ctx.clientConfig);
      const listed = await listAll(ctx, USER, () => paginateListUsers({ client: iam }, {}), (p) => p.Users);
      if (listed === null) return;
      const users = onlyWanted(ctx, listed, (u) => ({ id: u.Arn ?? '', arn: u.Arn ?? '', name: u.UserName ?? '' }));
      // A targeted scan that names no user here needs no account-wide report either.
      if (ctx.only !== undefined && users.length === 0) return;
      const [report, mfas] = await Promise.all([credentialReport(ctx, iam, USER, wait), virtualMfaDevices(ctx, iam, USER)]);
      yield* await mapLimit(users, DETAIL_CONCURRENCY, (u) => snapshotUser(ctx, iam, u, report, mfas));
    },
  };
}
export const iamUserScanner = iamUserScannerWith();

// ---------------------------------------------------------------------------------------------
// AWS.IAM.RootUser: known through the credential report and the virtual MFA list only.

const ROOT = 'AWS.IAM.RootUser';

export function iamRootUserScannerWith(wait: CredentialReportWait = DEFAULT_WAIT): ResourceScanner {
  return {
    resourceType: ROOT,
    global: true,
    async *scan(ctx) {
      const iam = new IAMClient(ctx.clientConfig);
      const arn = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
      const [report, mfas] = await Promise.all([credentialReport(ctx, iam, ROOT, wait), virtualMfaDevices(ctx, iam, ROOT)]);
      // The root user always exists: it is yielded even when the report could not be read.
      const row = report?.find((r) => r.UserName === '<root_account>') ?? null;
      yield {
        ...baseSnapshot(ctx, ROOT, { id: arn, arn, name: 'root', created: row?.UserCreationTime ?? null, region: GLOBAL }),
        CredentialReport: row,
        VirtualMFA: virtualMfaOf(mfas, arn),
      };
    },
  };
}
export const iamRootUserScanner = iamRootUserScannerWith();

// ---------------------------------------------------------------------------------------------
// AWS.IAM.Role

const ROLE = 'AWS.IAM.Role';

async function snapshotRole(ctx: ScanContext, iam: IAMClient, r: Role): Promise<ResourceSnapshot> {
  const arn = r.Arn ?? '';
  const RoleName = r.RoleName ?? '';
  const [got, inline, managed] = await Promise.all([
    detail(ctx, ROLE, arn, () => iam.send(new GetRoleCommand({ RoleName })), NO_SUCH_ENTITY),
    detail(ctx, ROLE, arn, async () => {
      const names = await collect(paginateListRolePolicies({ client: iam }, { RoleName }), (p) => p.PolicyNames);
      return inlinePolicies(names, async (PolicyName) => (await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument);
    }, NO_SUCH_ENTITY),
    detail(ctx, ROLE, arn, () => collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName }), (p) => p.AttachedPolicies), NO_SUCH_ENTITY),
  ]);
  // ListRoles leaves out tags, the permissions boundary and last use: GetRole has them.
  const full = got?.Role;
  return {
    ...baseSnapshot(ctx, ROLE, { id: arn, arn, name: RoleName, tags: tagMap(full?.Tags ?? r.Tags), created: r.CreateDate ?? null, region: GLOBAL }),
    RoleId: r.RoleId ?? null,
    AssumeRolePolicyDocument: decodePolicyDocument(full?.AssumeRolePolicyDocument ?? r.AssumeRolePolicyDocument),
    Description: full?.Description ?? r.Description ?? null,
    MaxSessionDuration: full?.MaxSessionDuration ?? r.MaxSessionDuration ?? null,
    Path: r.Path ?? null,
    PermissionsBoundary: (plain(full?.PermissionsBoundary ?? r.PermissionsBoundary) ?? null) as unknown,
    RoleLastUsed: (plain(full?.RoleLastUsed) ?? null) as unknown,
    InlinePolicies: inline,
    ManagedPolicyNames: managed === null ? null : managed.map((p) => p.PolicyName ?? ''),
  };
}

export const iamRoleScanner: ResourceScanner = {
  resourceType: ROLE,
  global: true,
  async *scan(ctx) {
    const iam = new IAMClient(ctx.clientConfig);
    const roles = await listAll(ctx, ROLE, () => paginateListRoles({ client: iam }, {}), (p) => p.Roles);
    if (roles === null) return;
    const asked = onlyWanted(ctx, roles, (r) => ({ id: r.Arn ?? '', arn: r.Arn ?? '', name: r.RoleName ?? '' }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (r) => snapshotRole(ctx, iam, r));
  },
};

// ---------------------------------------------------------------------------------------------
// AWS.IAM.Group

const GROUP = 'AWS.IAM.Group';

async function snapshotGroup(ctx: ScanContext, iam: IAMClient, g: Group): Promise<ResourceSnapshot> {
  const arn = g.Arn ?? '';
  const GroupName = g.GroupName ?? '';
  const [users, inline, managed] = await Promise.all([
    detail(ctx, GROUP, arn, () => collect(paginateGetGroup({ client: iam }, { GroupName }), (p) => p.Users), NO_SUCH_ENTITY),
    detail(ctx, GROUP, arn, async () => {
      const names = await collect(paginateListGroupPolicies({ client: iam }, { GroupName }), (p) => p.PolicyNames);
      return inlinePolicies(names, async (PolicyName) => (await iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName }))).PolicyDocument);
    }, NO_SUCH_ENTITY),
    detail(ctx, GROUP, arn, () => collect(paginateListAttachedGroupPolicies({ client: iam }, { GroupName }), (p) => p.AttachedPolicies), NO_SUCH_ENTITY),
  ]);
  return {
    // IAM groups cannot be tagged.
    ...baseSnapshot(ctx, GROUP, { id: arn, arn, name: GroupName, created: g.CreateDate ?? null, region: GLOBAL }),
    GroupId: g.GroupId ?? null,
    Path: g.Path ?? null,
    InlinePolicies: inline,
    ManagedPolicyARNs: managed === null ? null : managed.map((p) => p.PolicyArn ?? ''),
    Users: users === null ? null : plain(users),
  };
}

export const iamGroupScanner: ResourceScanner = {
  resourceType: GROUP,
  global: true,
  async *scan(ctx) {
    const iam = new IAMClient(ctx.clientConfig);
    const groups = await listAll(ctx, GROUP, () => paginateListGroups({ client: iam }, {}), (p) => p.Groups);
    if (groups === null) return;
    const asked = onlyWanted(ctx, groups, (g) => ({ id: g.Arn ?? '', arn: g.Arn ?? '', name: g.GroupName ?? '' }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (g) => snapshotGroup(ctx, iam, g));
  },
};

// ---------------------------------------------------------------------------------------------
// AWS.IAM.Policy: every customer-managed policy, and the AWS-managed ones attached to something
// (the ~1,000 unattached AWS-managed policies grant nothing in the account).

const POLICY = 'AWS.IAM.Policy';

/**
 * AWS-managed policies have one ARN in every account: the id is qualified by the account so two
 * accounts' snapshots (and their compliance entries) stay apart.
 */
function policyId(ctx: ScanContext, arn: string): string {
  return arn.startsWith(`arn:${ctx.partition}:iam::aws:`) ? `${ctx.accountId}::${arn}` : arn;
}

async function snapshotPolicy(ctx: ScanContext, iam: IAMClient, p: Policy): Promise<ResourceSnapshot> {
  const arn = p.Arn ?? '';
  const [got, version, entities] = await Promise.all([
    detail(ctx, POLICY, arn, () => iam.send(new GetPolicyCommand({ PolicyArn: arn })), NO_SUCH_ENTITY),
    detail(ctx, POLICY, arn, () => iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId ?? 'v1' })), NO_SUCH_ENTITY),
    detail(ctx, POLICY, arn, async () => {
      const pages = await collect(paginateListEntitiesForPolicy({ client: iam }, { PolicyArn: arn }), (page) => [page]);
      return {
        PolicyGroups: pages.flatMap((page) => page.PolicyGroups ?? []),
        PolicyRoles: pages.flatMap((page) => page.PolicyRoles ?? []),
        PolicyUsers: pages.flatMap((page) => page.PolicyUsers ?? []),
      };
    }, NO_SUCH_ENTITY),
  ]);
  // ListPolicies leaves out the description and tags: GetPolicy has them.
  const full = got?.Policy;
  const id = policyId(ctx, arn);
  return {
    ...baseSnapshot(ctx, POLICY, { id, arn, name: p.PolicyName ?? null, tags: tagMap(full?.Tags ?? p.Tags), created: p.CreateDate ?? null, region: GLOBAL }),
    PolicyId: p.PolicyId ?? null,
    AttachmentCount: p.AttachmentCount ?? null,
    DefaultVersionId: p.DefaultVersionId ?? null,
    Description: full?.Description ?? p.Description ?? null,
    IsAttachable: p.IsAttachable ?? null,
    Path: p.Path ?? null,
    PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount ?? null,
    UpdateDate: iso(p.UpdateDate),
    Entities: entities,
    PolicyDocument: decodePolicyDocument(version?.PolicyVersion?.Document),
  };
}

export const iamPolicyScanner: ResourceScanner = {
  resourceType: POLICY,
  global: true,
  async *scan(ctx) {
    const iam = new IAMClient(ctx.clientConfig);
    const policies = await listOrProblem(ctx, POLICY, async () => [
      ...(await collect(paginateListPolicies({ client: iam }, { Scope: 'Local' }), (p) => p.Policies)),
      ...(await collect(paginateListPolicies({ client: iam }, { Scope: 'AWS', OnlyAttached: true }), (p) => p.Policies)),
    ]);
    if (policies === null) return;
    const asked = onlyWanted(ctx, policies, (p) => ({ id: policyId(ctx, p.Arn ?? ''), arn: p.Arn ?? '', name: p.PolicyName ?? null }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (p) => snapshotPolicy(ctx, iam, p));
  },
};

// ---------------------------------------------------------------------------------------------
// AWS.PasswordPolicy: one per account; AnyExist says whether one is set at all.

const PASSWORD = 'AWS.PasswordPolicy';
const PASSWORD_FIELDS = [
  'MinimumPasswordLength', 'RequireSymbols', 'RequireNumbers', 'RequireUppercaseCharacters', 'RequireLowercaseCharacters',
  'AllowUsersToChangePassword', 'ExpirePasswords', 'MaxPasswordAge', 'PasswordReusePrevention', 'HardExpiry',
] as const;

export const passwordPolicyScanner: ResourceScanner = {
  resourceType: PASSWORD,
  global: true,
  async *scan(ctx) {
    const iam = new IAMClient(ctx.clientConfig);
    let policy: Record<string, unknown> | null = null;
    try {
      policy = ((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy ?? {}) as Record<string, unknown>;
    } catch (err) {
      const name = (err as { name?: string })?.name ?? '';
      // No policy set: NoSuchEntity. Anything else (denied...) leaves the account's policy unknown:
      // recorded, and no snapshot, rather than one claiming there is none.
      if (!NO_SUCH_ENTITY.includes(name)) {
        recordProblem(ctx, PASSWORD, err);
        return;
      }
    }
    const own: Record<string, unknown> = {};
    for (const f of PASSWORD_FIELDS) own[f] = policy?.[f] ?? null;
    const id = `${ctx.accountId}::${PASSWORD}`;
    yield {
      ...baseSnapshot(ctx, PASSWORD, { id, name: PASSWORD, region: GLOBAL }),
      ...own,
      AnyExist: policy !== null,
    };
  },
};
