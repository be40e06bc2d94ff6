// Console users: a UserDirectory port. On AWS the Cognito user pool (users-cognito.ts), each user's
// role being their Cognito group (api/roles.ts); locally a single user (the holder of the token, an
// admin), and creating, deleting or changing users is not available.
import { ProblemError } from '../http.js';
import type { Role } from '../roles.js';

export interface ConsoleUser {
  readonly username: string;
  readonly email?: string;
  /** Cognito's UserStatus (CONFIRMED, FORCE_CHANGE_PASSWORD...); `LOCAL` for the local user. */
  readonly status: string;
  readonly enabled: boolean;
  /** ISO 8601 UTC. */
  readonly createdAt?: string;
  readonly role: Role;
}

export interface UserDirectory {
  list(): Promise<ConsoleUser[]>;
  /** Invites a user by email with the given role; throws ProblemError 409 when the user exists. */
  create(email: string, role: Role): Promise<ConsoleUser>;
  /** Gives the user exactly this role; throws ProblemError 404 when there is no such user. */
  setRole(username: string, role: Role): Promise<void>;
  /** Throws ProblemError 404 when there is no such user. */
  delete(username: string): Promise<void>;
}

const MANAGED_IN_COGNITO = 'users are managed in Cognito on AWS; local mode has a single user, the holder of the token';

/** Local mode: the one user the token stands for, who administers the install. */
export class LocalUserDirectory implements UserDirectory {
  constructor(private readonly username = 'local') {}

  async list(): Promise<ConsoleUser[]> {
    return [{ username: this.username, status: 'LOCAL', enabled: true, role: 'admin' }];
  }

  async create(): Promise<ConsoleUser> {
    throw new ProblemError(501, 'Not Implemented', MANAGED_IN_COGNITO);
  }

  async setRole(): Promise<void> {
    throw new ProblemError(501, 'Not Implemented', MANAGED_IN_COGNITO);
  }

  async delete(): Promise<void> {
    throw new ProblemError(501, 'Not Implemented', MANAGED_IN_COGNITO);
  }
}
