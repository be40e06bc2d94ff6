import t from 'tap';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
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

t.test('Cognito: ListUsers and ListUsersInGroup pages are followed; each user gets their highest role', async (t) => {
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
    .resolvesOnce({ Users: [{ Username: 'bob', Attributes: [], Enabled: false, UserStatus: 'FORCE_CHANGE_PASSWORD' }, { Username: 'carol', Enabled: true, UserStatus: 'CONFIRMED' }] });
  // ListUsersInGroup: Users[] (UserType) and NextToken. Alice is in two groups (admin wins), bob in
  // analyst (on the group's second page), carol in none (read-only).
  const alice = { Username: 'a1b2c3d4-0000-1111-2222-333344445555', Enabled: true, UserStatus: 'CONFIRMED' as const };
  mock
    .on(ListUsersInGroupCommand, { UserPoolId: POOL, GroupName: 'panther-read-only', Limit: 60 })
    .resolvesOnce({ Users: [alice] })
    .on(ListUsersInGroupCommand, { UserPoolId: POOL, GroupName: 'panther-analyst', Limit: 60 })
    .resolvesOnce({ Users: [], NextToken: 'analyst-2' })
    .on(ListUsersInGroupCommand, { UserPoolId: POOL, GroupName: 'panther-analyst', Limit: 60, NextToken: 'analyst-2' })
    .resolvesOnce({ Users: [{ Username: 'bob' }] })
    .on(ListUsersInGroupCommand, { UserPoolId: POOL, GroupName: 'panther-admin', Limit: 60 })
    .resolvesOnce({ Users: [alice] });
  const r = await call(app, 'GET', '/api/users');
  t.equal(r.status, 200);
  t.same(r.body, {
    items: [
      { username: 'a1b2c3d4-0000-1111-2222-333344445555', email: 'alice@example.com', status: 'CONFIRMED', enabled: true, createdAt: '2026-01-02T03:04:05.000Z', role: 'admin' },
      { username: 'bob', status: 'FORCE_CHANGE_PASSWORD', enabled: false, role: 'analyst' },
      { username: 'carol', status: 'CONFIRMED', enabled: true, role: 'read-only' },
    ],
  });
  t.same(mock.commandCalls(ListUsersInGroupCommand).map((c) => c.args[0].input), [
    { UserPoolId: POOL, GroupName: 'panther-read-only', Limit: 60 },
    { UserPoolId: POOL, GroupName: 'panther-analyst', Limit: 60 },
    { UserPoolId: POOL, GroupName: 'panther-analyst', Limit: 60, NextToken: 'analyst-2' },
    { UserPoolId: POOL, GroupName: 'panther-admin', Limit: 60 },
  ]);
  const calls = mock.commandCalls(ListUsersCommand).map((c) => c.args[0].input);
  t.same(calls, [
    { UserPoolId: POOL, Limit: 60 },
    { UserPoolId: POOL, Limit: 60, PaginationToken: 'page-2' },
  ]);
});

t.test('Cognito: create invites by email, read-only by default; an existing user is a 409', async (t) => {
  const { app, mock } = cognitoApp();
  mock.on(AdminAddUserToGroupCommand).resolves({});
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
  t.same(r.body, { username: 'carol@example.com', email: 'carol@example.com', status: 'FORCE_CHANGE_PASSWORD', enabled: true, createdAt: '2026-03-01T10:00:00.000Z', role: 'read-only' });
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
  t.same(mock.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input), [{ UserPoolId: POOL, Username: 'carol@example.com', GroupName: 'panther-read-only' }], 'one group, none for the duplicate');
});

t.test('Cognito: create with a role puts the user in that group (the username Cognito answers)', async (t) => {
  const { app, mock } = cognitoApp();
  mock.on(AdminCreateUserCommand).resolves({ User: { Username: '9f8e7d6c-sub', Attributes: [{ Name: 'email', Value: 'dan@example.com' }], Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' } });
  mock.on(AdminAddUserToGroupCommand).resolves({});
  const r = await call(app, 'POST', '/api/users', { email: 'dan@example.com', role: 'analyst' });
  t.equal(r.status, 201);
  t.equal(r.body.role, 'analyst');
  t.same(mock.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input), [{ UserPoolId: POOL, Username: '9f8e7d6c-sub', GroupName: 'panther-analyst' }]);
  const bad = await call(app, 'POST', '/api/users', { email: 'eve@example.com', role: 'owner' });
  t.equal(bad.status, 400);
  t.same(bad.body.errors.map((e: { path: string }) => e.path), ['body.role']);
  t.equal(mock.commandCalls(AdminCreateUserCommand).length, 1, 'an invalid role creates nobody');
});

t.test('Cognito: changing a role adds the new group, then leaves the other role groups', async (t) => {
  const { app, mock } = cognitoApp();
  // AdminListGroupsForUser: Groups[] (GroupType) and NextToken.
  mock
    .on(AdminListGroupsForUserCommand, { UserPoolId: POOL, Username: 'bob', Limit: 60 })
    .resolves({ Groups: [{ GroupName: 'panther-read-only', UserPoolId: POOL }], NextToken: 'g2' })
    .on(AdminListGroupsForUserCommand, { UserPoolId: POOL, Username: 'bob', Limit: 60, NextToken: 'g2' })
    .resolves({ Groups: [{ GroupName: 'panther-admin', UserPoolId: POOL }, { GroupName: 'oncall', UserPoolId: POOL }] })
    .on(AdminListGroupsForUserCommand, { UserPoolId: POOL, Username: 'ghost', Limit: 60 })
    .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
  mock.on(AdminAddUserToGroupCommand).resolves({});
  mock.on(AdminRemoveUserFromGroupCommand).resolves({});
  const r = await call(app, 'PATCH', '/api/users/bob', { role: 'analyst' });
  t.equal(r.status, 200);
  t.same(r.body, { username: 'bob', role: 'analyst' });
  t.same(mock.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input), [{ UserPoolId: POOL, Username: 'bob', GroupName: 'panther-analyst' }]);
  t.same(
    mock.commandCalls(AdminRemoveUserFromGroupCommand).map((c) => c.args[0].input),
    [
      { UserPoolId: POOL, Username: 'bob', GroupName: 'panther-read-only' },
      { UserPoolId: POOL, Username: 'bob', GroupName: 'panther-admin' },
    ],
    'groups that are not roles (oncall) are left alone',
  );
  t.same(
    mock.calls().map((c) => (c.args[0] as object).constructor.name),
    ['AdminListGroupsForUserCommand', 'AdminListGroupsForUserCommand', 'AdminAddUserToGroupCommand', 'AdminRemoveUserFromGroupCommand', 'AdminRemoveUserFromGroupCommand'],
    'added before removed',
  );

  const same = await call(app, 'PATCH', '/api/users/bob', { role: 'admin' });
  t.equal(same.status, 200);
  t.equal(mock.commandCalls(AdminAddUserToGroupCommand).length, 1, 'already in the group: not added again');

  const ghost = await call(app, 'PATCH', '/api/users/ghost', { role: 'admin' });
  t.equal(ghost.status, 404);
  t.equal(ghost.body.detail, 'user ghost not found');
  const bad = await call(app, 'PATCH', '/api/users/bob', { role: 'root' });
  t.equal(bad.status, 400);
  t.same(bad.body.errors.map((e: { path: string }) => e.path), ['body.role']);
  const extra = await call(app, 'PATCH', '/api/users/bob', { role: 'admin', email: 'x@example.com' });
  t.equal(extra.status, 400, 'only the role can change');
});

t.test('an admin cannot demote themself (409), but may reassert their own admin role', async (t) => {
  const { app, mock } = cognitoApp();
  mock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'panther-admin' }] });
  // The token principal is `local`.
  for (const role of ['analyst', 'read-only']) {
    const r = await call(app, 'PATCH', '/api/users/local', { role });
    t.equal(r.status, 409, role);
    t.equal(r.body.detail, 'you cannot remove the admin role from the user you are signed in as');
  }
  t.equal(mock.commandCalls(AdminListGroupsForUserCommand).length, 0, 'nothing reached Cognito');
  t.equal((await call(app, 'PATCH', '/api/users/local', { role: 'admin' })).status, 200);
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
  t.same((await call(app, 'GET', '/api/users')).body, { items: [{ username: 'local', status: 'LOCAL', enabled: true, role: 'admin' }] });
  const patch = await call(app, 'PATCH', '/api/users/someone', { role: 'analyst' });
  t.equal(patch.status, 501);
  t.match(patch.body.detail, 'users are managed in Cognito on AWS');
  const create = await call(app, 'POST', '/api/users', { email: 'dave@example.com' });
  t.equal(create.status, 501);
  t.match(create.type, 'application/problem+json');
  t.match(create.body.detail, 'users are managed in Cognito on AWS');
  const del = await call(app, 'DELETE', '/api/users/someone');
  t.equal(del.status, 501);
  t.match(del.body.detail, 'users are managed in Cognito on AWS');
});
