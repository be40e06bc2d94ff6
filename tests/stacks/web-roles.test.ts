import t from 'tap';
import { Testing } from 'cdktf';
import { ROLE_GROUPS } from '../../api/roles.js';
import { resolveLogTypes } from '../../parsers/registry.js';
import { parseConfig } from '../../stacks/config.js';
import { RootStack } from '../../stacks/root-stack.js';
import { API_SIDS } from '../../stacks/web-console.js';
import { TestJson } from '../helpers/logtypes.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stack = new RootStack(Testing.app(), 'panther', { config: parseConfig({ prefix: 'acme', region: 'eu-west-1' }, resolveLogTypes), logTypes: [TestJson] });
const json = JSON.parse(Testing.synth(stack)) as Json;
const pools = Object.entries(json.resource.aws_cognito_user_pool as Record<string, Json>);
const poolId = pools[0]![0];

t.test('the user pool has one group per console role', async (t) => {
  t.equal(pools.length, 1);
  const groups = Object.values(json.resource.aws_cognito_user_group as Record<string, Json>);
  t.same(
    groups.map((g) => ({ name: g.name, pool: g.user_pool_id, precedence: g.precedence })).sort((a, b) => a.precedence - b.precedence),
    [
      { name: 'panther-admin', pool: `\${aws_cognito_user_pool.${poolId}.id}`, precedence: 0 },
      { name: 'panther-analyst', pool: `\${aws_cognito_user_pool.${poolId}.id}`, precedence: 1 },
      { name: 'panther-read-only', pool: `\${aws_cognito_user_pool.${poolId}.id}`, precedence: 2 },
    ],
  );
  t.same(groups.map((g) => g.name).sort(), Object.values(ROLE_GROUPS).sort(), 'the names the API reads in cognito:groups');
  t.ok(groups.every((g) => g.role_arn === undefined), 'groups grant no IAM role');
});

t.test("the API's role manages users and their groups on this pool only", async (t) => {
  const docs = Object.values(json.data.aws_iam_policy_document as Record<string, Json>);
  const statements = docs.flatMap((d) => (d.statement ?? []) as Json[]);
  const users = statements.filter((s) => s.sid === API_SIDS.users);
  t.equal(users.length, 1);
  t.same([...users[0]!.actions].sort(), [
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminDeleteUser',
    'cognito-idp:AdminListGroupsForUser',
    'cognito-idp:AdminRemoveUserFromGroup',
    'cognito-idp:ListUsers',
    'cognito-idp:ListUsersInGroup',
  ]);
  t.same(users[0]!.resources, [`\${aws_cognito_user_pool.${poolId}.arn}`]);
  const cognitoAnywhere = statements.filter((s) => ((s.actions ?? []) as string[]).some((a) => a.startsWith('cognito-idp:')));
  t.same(cognitoAnywhere.map((s) => s.sid), [API_SIDS.users], 'no other statement reaches Cognito');
  t.notOk(statements.some((s) => ((s.actions ?? []) as string[]).some((a) => /^cognito-idp:\*|^\*$/.test(a))), 'no wildcard actions');
});
