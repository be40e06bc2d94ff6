// Console roles, as Panther's built-in ones: admin > analyst > read-only. On AWS a user's role is
// the highest of their Cognito groups (the `cognito:groups` claim of the verified JWT); a user in
// no known group is read-only, so forgetting to assign a group never grants more.
import type { Context } from 'hono';
import { ProblemError } from './http.js';

/** Lowest first: the order is the privilege order. */
export const ROLES = ['read-only', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The Cognito group of each role (the user pool declares them: stacks/identity.ts). */
export const ROLE_GROUPS: Readonly<Record<Role, string>> = {
  admin: 'panther-admin',
  analyst: 'panther-analyst',
  'read-only': 'panther-read-only',
};

/** The role given when nothing grants more. */
export const DEFAULT_ROLE: Role = 'read-only';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Whether `have` is at least `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return roleRank(have) >= roleRank(need);
}

/** The role a Cognito group stands for; undefined for groups that are not ours. */
export function roleOfGroup(group: string): Role | undefined {
  return ROLES.find((r) => ROLE_GROUPS[r] === group);
}

/**
 * The role of a `cognito:groups` claim: the highest known group wins. The claim is an array of
 * strings in Cognito's tokens; anything else (absent, malformed) counts as no group.
 */
export function roleFromGroups(groups: unknown): Role {
  let role: Role = DEFAULT_ROLE;
  if (!Array.isArray(groups)) return role;
  for (const g of groups) {
    if (typeof g !== 'string') continue;
    const r = roleOfGroup(g);
    if (r !== undefined && roleRank(r) > roleRank(role)) role = r;
  }
  return role;
}

/** The 403 answered when the caller's role is too low: it names the role needed, never the caller's groups. */
export function forbidden(need: Role, what?: string): ProblemError {
  return new ProblemError(403, 'Forbidden', `${what ?? 'this request'} needs the ${need} role`);
}

/** The caller's role as the auth middleware set it; no principal (authentication off) is treated as read-only. */
export function roleOf(c: Context): Role {
  const role = (c.var as { principal?: { role?: unknown } }).principal?.role;
  return isRole(role) ? role : DEFAULT_ROLE;
}

/** For the rare check that depends on the body (applying a remediation): throws the same 403 as the route table. */
export function assertRole(c: Context, need: Role, what?: string): void {
  if (!roleAllows(roleOf(c), need)) throw forbidden(need, what);
}
