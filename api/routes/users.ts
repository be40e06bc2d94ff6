// Console users (api-routes.md "Users"): Cognito on AWS, the single local user locally. Who may
// call each route is in api/route-roles.ts (all changes are admin-only); here are the rules that
// depend on the caller: an admin cannot delete or demote themself, so the console always keeps the
// admin who is using it.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ProblemError, jsonBody, validate } from '../http.js';
import type { AuthVariables } from '../auth.js';
import { DEFAULT_ROLE, ROLES } from '../roles.js';
import type { UserDirectory } from '../services/users.js';

export interface UsersDeps {
  readonly directory: UserDirectory;
}

const role = z.enum(ROLES, `expected one of ${ROLES.join(', ')}`);
const CreateUser = z.strictObject({
  email: z.email('expected an email address').max(254, 'at most 254 characters'),
  // Least privilege unless the admin says otherwise.
  role: role.default(DEFAULT_ROLE),
});
const UpdateUser = z.strictObject({ role });
// Cognito usernames: 1-128 printable characters without whitespace.
const Username = z.strictObject({ username: z.string().regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u, 'expected a Cognito username') });

const isSelf = (c: Context, username: string): boolean => (c.var as Partial<AuthVariables>).principal?.username === username;

export function usersRoutes(deps: UsersDeps): Hono {
  const app = new Hono();

  app.get('/users', async (c) => c.json({ items: await deps.directory.list() }));

  app.post('/users', async (c) => {
    const { email, role } = validate(CreateUser, await jsonBody(c), 'body');
    return c.json(await deps.directory.create(email, role), 201);
  });

  app.patch('/users/:username', async (c) => {
    const { username } = validate(Username, { username: c.req.param('username') }, 'params');
    const { role } = validate(UpdateUser, await jsonBody(c), 'body');
    if (isSelf(c, username) && role !== 'admin') throw new ProblemError(409, 'Conflict', 'you cannot remove the admin role from the user you are signed in as');
    await deps.directory.setRole(username, role);
    return c.json({ username, role });
  });

  app.delete('/users/:username', async (c) => {
    const { username } = validate(Username, { username: c.req.param('username') }, 'params');
    // Deleting oneself would lock the console out of the session it is using.
    if (isSelf(c, username)) throw new ProblemError(409, 'Conflict', 'you cannot delete the user you are signed in as');
    await deps.directory.delete(username);
    return c.body(null, 204);
  });

  return app;
}
