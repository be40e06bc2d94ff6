// The Cognito user pool as the UserDirectory: ListUsers (paged), AdminCreateUser (Cognito emails
// the invitation with a temporary password), AdminDeleteUser; roles are the pool's groups
// (ListUsersInGroup once per role group for listing, AdminListGroupsForUser, AdminAddUserToGroup and
// AdminRemoveUserFromGroup for one user).
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UsernameExistsException,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ProblemError } from '../http.js';
import { ROLE_GROUPS, ROLES, roleFromGroups, type Role } from '../roles.js';
import type { ConsoleUser, UserDirectory } from './users.js';

export interface CognitoUserDirectoryOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
}

function toUser(u: UserType, role: Role): ConsoleUser {
  const email = u.Attributes?.find((a) => a.Name === 'email')?.Value;
  return {
    username: u.Username ?? '',
    ...(email !== undefined ? { email } : {}),
    status: u.UserStatus ?? 'UNKNOWN',
    enabled: u.Enabled ?? false,
    ...(u.UserCreateDate !== undefined ? { createdAt: u.UserCreateDate.toISOString() } : {}),
    role,
  };
}

const notFound = (username: string): ProblemError => new ProblemError(404, 'Not Found', `user ${username} not found`);

export class CognitoUserDirectory implements UserDirectory {
  constructor(private readonly options: CognitoUserDirectoryOptions) {}

  private get pool(): string {
    return this.options.userPoolId;
  }

  async list(): Promise<ConsoleUser[]> {
    const users: UserType[] = [];
    let token: string | undefined;
    do {
      const out = await this.options.client.send(new ListUsersCommand({ UserPoolId: this.pool, Limit: 60, ...(token !== undefined ? { PaginationToken: token } : {}) }));
      users.push(...(out.Users ?? []));
      token = out.PaginationToken;
    } while (token !== undefined);
    // Three group listings instead of one AdminListGroupsForUser per user.
    const groupsOf = new Map<string, string[]>();
    for (const role of ROLES) {
      let next: string | undefined;
      do {
        const out = await this.options.client.send(
          new ListUsersInGroupCommand({ UserPoolId: this.pool, GroupName: ROLE_GROUPS[role], Limit: 60, ...(next !== undefined ? { NextToken: next } : {}) }),
        );
        for (const u of out.Users ?? []) {
          if (u.Username === undefined) continue;
          groupsOf.set(u.Username, [...(groupsOf.get(u.Username) ?? []), ROLE_GROUPS[role]]);
        }
        next = out.NextToken;
      } while (next !== undefined);
    }
    return users.map((u) => toUser(u, roleFromGroups(groupsOf.get(u.Username ?? '') ?? [])));
  }

  async create(email: string, role: Role): Promise<ConsoleUser> {
    let user: UserType;
    try {
      const out = await this.options.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.pool,
          // The pool signs in by email: the email is the username (a pool with email as an alias would accept it too).
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            // The invitation goes to this address: an admin vouches for it, and password resets need it verified.
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      if (out.User === undefined) throw new Error('AdminCreateUser answered without a user');
      user = out.User;
    } catch (err) {
      if (err instanceof UsernameExistsException) throw new ProblemError(409, 'Conflict', `a user with email ${email} already exists`);
      throw err;
    }
    // Should this fail, the user is in no group, which is read-only: never more than asked.
    await this.options.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.pool, Username: user.Username ?? email, GroupName: ROLE_GROUPS[role] }));
    return toUser(user, role);
  }

  private async groupsOf(username: string): Promise<string[]> {
    const groups: string[] = [];
    let next: string | undefined;
    try {
      do {
        const out = await this.options.client.send(
          new AdminListGroupsForUserCommand({ UserPoolId: this.pool, Username: username, Limit: 60, ...(next !== undefined ? { NextToken: next } : {}) }),
        );
        for (const g of out.Groups ?? []) if (g.GroupName !== undefined) groups.push(g.GroupName);
        next = out.NextToken;
      } while (next !== undefined);
    } catch (err) {
      if (err instanceof UserNotFoundException) throw notFound(username);
      throw err;
    }
    return groups;
  }

  async setRole(username: string, role: Role): Promise<void> {
    const current = await this.groupsOf(username);
    const target = ROLE_GROUPS[role];
    // Add first, then remove the other role groups: the highest group wins, so a failure halfway leaves
    // the old or the new role (the caller sees the error and retries), never a user in no group.
    if (!current.includes(target)) {
      await this.options.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.pool, Username: username, GroupName: target }));
    }
    for (const r of ROLES) {
      const group = ROLE_GROUPS[r];
      if (group !== target && current.includes(group)) {
        await this.options.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: this.pool, Username: username, GroupName: group }));
      }
    }
  }

  async delete(username: string): Promise<void> {
    try {
      await this.options.client.send(new AdminDeleteUserCommand({ UserPoolId: this.pool, Username: username }));
    } catch (err) {
      if (err instanceof UserNotFoundException) throw notFound(username);
      throw err;
    }
  }
}
