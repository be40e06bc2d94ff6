// The Cognito user pool as the UserDirectory: ListUsers (paged), AdminCreateUser (Cognito emails
// the invitation with a temporary password), AdminDeleteUser.
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  ListUsersCommand,
  UsernameExistsException,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ProblemError } from '../http.js';
import type { ConsoleUser, UserDirectory } from './users.js';

export interface CognitoUserDirectoryOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
}

function toUser(u: UserType): ConsoleUser {
  const email = u.Attributes?.find((a) => a.Name === 'email')?.Value;
  return {
    username: u.Username ?? '',
    ...(email !== undefined ? { email } : {}),
    status: u.UserStatus ?? 'UNKNOWN',
    enabled: u.Enabled ?? false,
    ...(u.UserCreateDate !== undefined ? { createdAt: u.UserCreateDate.toISOString() } : {}),
  };
}

export class CognitoUserDirectory implements UserDirectory {
  constructor(private readonly options: CognitoUserDirectoryOptions) {}

  async list(): Promise<ConsoleUser[]> {
    const users: ConsoleUser[] = [];
    let token: string | undefined;
    do {
      const out = await this.options.client.send(
        new ListUsersCommand({ UserPoolId: this.options.userPoolId, Limit: 60, ...(token !== undefined ? { PaginationToken: token } : {}) }),
      );
      for (const u of out.Users ?? []) users.push(toUser(u));
      token = out.PaginationToken;
    } while (token !== undefined);
    return users;
  }

  async create(email: string): Promise<ConsoleUser> {
    try {
      const out = await this.options.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.options.userPoolId,
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
      return toUser(out.User);
    } catch (err) {
      if (err instanceof UsernameExistsException) throw new ProblemError(409, 'Conflict', `a user with email ${email} already exists`);
      throw err;
    }
  }

  async delete(username: string): Promise<void> {
    try {
      await this.options.client.send(new AdminDeleteUserCommand({ UserPoolId: this.options.userPoolId, Username: username }));
    } catch (err) {
      if (err instanceof UserNotFoundException) throw new ProblemError(404, 'Not Found', `user ${username} not found`);
      throw err;
    }
  }
}
