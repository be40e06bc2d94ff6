// Console users (api-routes.md "Users"): Cognito on AWS, the single local user locally.
import { Hono } from 'hono';
import { z } from 'zod';
import { ProblemError, jsonBody, validate } from '../http.js';
import type { AuthVariables } from '../auth.js';
import type { UserDirectory } from '../services/users.js';

export interface UsersDeps {
  readonly directory: UserDirectory;
}

const CreateUser = z.strictObject({ email: z.email('expected an email address').max(254, 'at most 254 characters') });
// Cognito usernames: 1-128 printable characters without whitespace.
const Username = z.strictObject({ username: z.string().regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u, 'expected a Cognito username') });

export function usersRoutes(deps: UsersDeps): Hono {
  const app = new Hono();

  app.get('/users', async (c) => c.json({ items: await deps.directory.list() }));

  app.post('/users', async (c) => {
    const { email } = validate(CreateUser, await jsonBody(c), 'body');
    return c.json(await deps.directory.create(email), 201);
  });

  app.delete('/users/:username', async (c) => {
    const { username } = validate(Username, { username: c.req.param('username') }, 'params');
    // Deleting oneself would lock the console out of the session it is using.
    if ((c.var as Partial<AuthVariables>).principal?.username === username) throw new ProblemError(409, 'Conflict', 'you cannot delete the user you are signed in as');
    await deps.directory.delete(username);
    return c.body(null, 204);
  });

  return app;
}
