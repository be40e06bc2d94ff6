import t from 'tap';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  UsernameExistsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { usersRoutes } from '../../api/routes/users.js';
import { LocalUserDirectory } from '../../api/services/users.js';
import { CognitoUserDirectory } from '../../api/services/users-cognito.js';
import { call, mountApp } from './fixtures/app.js';

const POOL = 'us-east-1_AbCdEf123';

function cognitoApp() {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const mock = mockClient(client);
  return { mock, app: mountApp(usersRoutes({ directory: new CognitoUserDirectory({ client, userPoolId: POOL }) })) };
}

t.test('401 without a valid token', async (t) => {
  const { app } = cognitoApp();
  t.equal((await call(app, 'GET', '/api/users', undefined, { token: null })).status, 401);
  t.equal((await call(app, 'POST', '/api/users', { email: 'a@example.com' }, { token: null })).status, 401);
  const r = await call(app, 'DELETE', '/api/users/bob', undefined, { token: 'wrong-token-0123456789' });
  t.equal(r.status, 401);
  t.match(r.type, 'application/problem+json');
});

t.test('Cognito: ListUsers pages are followed and mapped', async (t) => {
  const { app, mock } = cognitoApp();
  // Response shapes as in the Cognito API reference (ListUsers: Users[], PaginationToken).
  mock
    .on(ListUsersCommand, { UserPoolId: POOL, Limit: 60 })
    .resolvesOnce({
      Users: [
        {
          Username: 'a1b2c3d4-0000-1111-2222-333344445555',
          Attributes: [
            { Name: 'sub', Value: 'a1b2c3d4-0000-1111-2222-333344445555' },
            { Name: 'email', Value: 'alice@example.com' },
          ],
          UserCreateDate: new Date('2026-01-02T03:04:05Z'),
          UserLastModifiedDate: new Date('2026-01-02T03:04:05Z'),
          Enabled: true,
          UserStatus: 'CONFIRMED',
        },
      ],
      PaginationToken: 'page-2',
    })
    .on(ListUsersCommand, { UserPoolId: POOL, Limit: 60, PaginationToken: 'page-2' })
    .resolvesOnce({ Users: [{ Username: 'bob', Attributes: [], Enabled: false, UserStatus: 'FORCE_CHANGE_PASSWORD' }] });
  const r = await call(app, 'GET', '/api/users');
  t.equal(r.status, 200);
  t.same(r.body, {
    items: [
      { username: 'a1b2c3d4-0000-1111-2222-333344445555', email: 'alice@example.com', status: 'CONFIRMED', enabled: true, createdAt: '2026-01-02T03:04:05.000Z' },
      { username: 'bob', status: 'FORCE_CHANGE_PASSWORD', enabled: false },
    ],
  });
  const calls = mock.commandCalls(ListUsersCommand).map((c) => c.args[0].input);
  t.same(calls, [
    { UserPoolId: POOL, Limit: 60 },
    { UserPoolId: POOL, Limit: 60, PaginationToken: 'page-2' },
  ]);
});

t.test('Cognito: create invites by email; an existing user is a 409', async (t) => {
  const { app, mock } = cognitoApp();
  mock.on(AdminCreateUserCommand).resolvesOnce({
    User: {
      Username: 'carol@example.com',
      Attributes: [{ Name: 'email', Value: 'carol@example.com' }, { Name: 'email_verified', Value: 'true' }],
      UserCreateDate: new Date('2026-03-01T10:00:00Z'),
      Enabled: true,
      UserStatus: 'FORCE_CHANGE_PASSWORD',
    },
  }).rejectsOnce(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));
  const r = await call(app, 'POST', '/api/users', { email: 'carol@example.com' });
  t.equal(r.status, 201);
  t.same(r.body, { username: 'carol@example.com', email: 'carol@example.com', status: 'FORCE_CHANGE_PASSWORD', enabled: true, createdAt: '2026-03-01T10:00:00.000Z' });
  t.same(mock.commandCalls(AdminCreateUserCommand)[0]?.args[0].input, {
    UserPoolId: POOL,
    Username: 'carol@example.com',
    UserAttributes: [
      { Name: 'email', Value: 'carol@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
    DesiredDeliveryMediums: ['EMAIL'],
  });
  const dup = await call(app, 'POST', '/api/users', { email: 'carol@example.com' });
  t.equal(dup.status, 409);
  t.equal(dup.body.detail, 'a user with email carol@example.com already exists');
});

t.test('Cognito: delete; an unknown user is a 404; oneself is a 409', async (t) => {
  const { app, mock } = cognitoApp();
  mock.on(AdminDeleteUserCommand, { UserPoolId: POOL, Username: 'bob' }).resolves({});
  mock.on(AdminDeleteUserCommand, { UserPoolId: POOL, Username: 'ghost' }).rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
  const del = await call(app, 'DELETE', '/api/users/bob');
  t.equal(del.status, 204);
  t.same(mock.commandCalls(AdminDeleteUserCommand)[0]?.args[0].input, { UserPoolId: POOL, Username: 'bob' });
  const ghost = await call(app, 'DELETE', '/api/users/ghost');
  t.equal(ghost.status, 404);
  t.equal(ghost.body.detail, 'user ghost not found');
  // The token principal is `local`: the signed-in user cannot delete itself.
  const self = await call(app, 'DELETE', '/api/users/local');
  t.equal(self.status, 409);
  t.equal(mock.commandCalls(AdminDeleteUserCommand).length, 2, 'no call for oneself');
});

t.test('invalid input is a 400 naming the field', async (t) => {
  const { app, mock } = cognitoApp();
  for (const [body, path] of [
    [{ email: 'not-an-email' }, 'body.email'],
    [{}, 'body.email'],
    [{ email: 'a@example.com', admin: true }, 'body'],
  ] as const) {
    const r = await call(app, 'POST', '/api/users', body);
    t.equal(r.status, 400);
    t.ok(r.body.errors.some((e: { path: string }) => e.path === path), `names ${path}: ${JSON.stringify(r.body.errors)}`);
  }
  const badName = await call(app, 'DELETE', `/api/users/${encodeURIComponent('two words')}`);
  t.equal(badName.status, 400);
  t.same(badName.body.errors.map((e: { path: string }) => e.path), ['params.username']);
  t.equal(mock.calls().length, 0, 'nothing reached Cognito');
});

t.test('local mode: the single local user; create and delete are 501 problems', async (t) => {
  const app = mountApp(usersRoutes({ directory: new LocalUserDirectory() }));
  t.same((await call(app, 'GET', '/api/users')).body, { items: [{ username: 'local', status: 'LOCAL', enabled: true }] });
  const create = await call(app, 'POST', '/api/users', { email: 'dave@example.com' });
  t.equal(create.status, 501);
  t.match(create.type, 'application/problem+json');
  t.match(create.body.detail, 'users are managed in Cognito on AWS');
  const del = await call(app, 'DELETE', '/api/users/someone');
  t.equal(del.status, 501);
  t.match(del.body.detail, 'users are managed in Cognito on AWS');
});
