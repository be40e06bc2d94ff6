// Console users: a UserDirectory port. On AWS the Cognito user pool (users-cognito.ts); locally
// a single user (the holder of the token), and creating or deleting users is not available.
import { ProblemError } from '../http.js';

export interface ConsoleUser {
  readonly username: string;
  readonly email?: string;
  /** Cognito's UserStatus (CONFIRMED, FORCE_CHANGE_PASSWORD...); `LOCAL` for the local user. */
  readonly status: string;
  readonly enabled: boolean;
  /** ISO 8601 UTC. */
  readonly createdAt?: string;
}

export interface UserDirectory {
  list(): Promise<ConsoleUser[]>;
  /** Invites a user by email; throws ProblemError 409 when the user exists. */
  create(email: string): Promise<ConsoleUser>;
  /** Throws ProblemError 404 when there is no such user. */
  delete(username: string): Promise<void>;
}

const MANAGED_IN_COGNITO = 'users are managed in Cognito on AWS; local mode has a single user, the holder of the token';

/** Local mode: the one user the token stands for. */
export class LocalUserDirectory implements UserDirectory {
  constructor(private readonly username = 'local') {}

  async list(): Promise<ConsoleUser[]> {
    return [{ username: this.username, status: 'LOCAL', enabled: true }];
  }

  async create(): Promise<ConsoleUser> {
    throw new ProblemError(501, 'Not Implemented', MANAGED_IN_COGNITO);
  }

  async delete(): Promise<void> {
    throw new ProblemError(501, 'Not Implemented', MANAGED_IN_COGNITO);
  }
}
