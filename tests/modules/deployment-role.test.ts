import t from 'tap';
import { Testing } from 'cdktf';
import { DEPLOYMENT_RESOURCE_WILDCARDS, DEPLOYMENT_UNPREFIXED_RESOURCES, DeploymentRoleModule } from '../../modules/deployment-role/index.js';
import { moduleJson } from '../../modules/lib/module-stack.js';
import { policyDocs, type PolicyStatement } from './fixtures/checks.js';

const tf = moduleJson(new DeploymentRoleModule(Testing.app()));
const docs = policyDocs(tf);
const stmts = docs.deploy_doc ?? [];
const PREFIX = '${var.prefix}';
const wildcard = new Set(DEPLOYMENT_RESOURCE_WILDCARDS.map((w) => w.sid));
const unprefixed = new Set(DEPLOYMENT_UNPREFIXED_RESOURCES.map((w) => w.sid));

const conditionsMention = (s: PolicyStatement, text: string) => (s.condition ?? []).some((c) => c.values.some((v) => v.includes(text)));

t.test('covers every service the root stack uses', async (t) => {
  const services = new Set(stmts.flatMap((s) => (s.actions ?? []).map((a) => a.split(':')[0])));
  for (const svc of ['s3', 'kms', 'sqs', 'sns', 'lambda', 'iam', 'logs', 'glue', 'athena', 'cloudwatch', 'dynamodb', 'scheduler']) t.ok(services.has(svc), svc);
});

t.test('resources carry the prefix wherever the service supports it', async (t) => {
  for (const s of stmts) {
    if (wildcard.has(s.sid as string)) continue;
    const bare = (s.resources ?? []).filter((r) => !r.includes(PREFIX));
    if (unprefixed.has(s.sid as string)) {
      t.ok(bare.length > 0, `${s.sid}: listed as unprefixed, and is`);
      t.ok(bare.length < (s.resources ?? []).length || conditionsMention(s, PREFIX), `${s.sid}: still bound to the prefix by another resource or a condition`);
    } else {
      t.same(bare, [], `${s.sid}: every resource is prefixed`);
    }
  }
  for (const sid of wildcard) {
    const s = stmts.find((x) => x.sid === sid);
    t.same(s?.resources, ['*'], `${sid} is the wildcard statement it is listed as`);
  }
  const lambdaEsm = stmts.find((s) => s.sid === 'LambdaCreateEventSourceMapping');
  t.ok(lambdaEsm !== undefined && conditionsMention(lambdaEsm, PREFIX), 'event source mappings only for prefixed functions');
});

t.test('IAM: roles and policies named <prefix>-*, PassRole only to the services the stack uses', async (t) => {
  const iam = stmts.filter((s) => s.actions?.some((a) => a.startsWith('iam:')));
  for (const s of iam) for (const r of s.resources ?? []) t.match(r, /:iam::\$\{data\.aws_caller_identity\.current\.account_id\}:(role|policy)\/\$\{var\.prefix\}-\*$/, `${s.sid}: ${r}`);
  const pass = stmts.find((s) => s.sid === 'IamPassPrefixedRoles');
  t.same(pass?.condition, [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['lambda.amazonaws.com', 'scheduler.amazonaws.com', 'events.amazonaws.com'] }]);
});

t.test('trust: the principal, with the external id when one is given', async (t) => {
  const role = (tf.resource?.aws_iam_role as Record<string, { assume_role_policy: string; name: string }>).role;
  t.equal(role?.assume_role_policy, '${var.external_id == "" ? data.aws_iam_policy_document.trust_without_external_id.json : data.aws_iam_policy_document.trust.json}');
  t.equal(role?.name, '${var.prefix}-deployment');
  t.same(docs.trust_without_external_id, [{ sid: 'AssumeByPrincipal', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['${var.principal_arn}'] }] }]);
  t.equal(tf.variable?.external_id?.default, '');
});

t.test('the policy fits the IAM inline policy limit', async (t) => {
  // Rendered as IAM would store it, with the longest partition and a long prefix.
  const sub = (v: string) => v.replace(/\$\{data\.aws_partition\.partition\.partition\}/g, 'aws-us-gov').replace(/\$\{data\.aws_caller_identity\.current\.account_id\}/g, '123456789012').replace(/\$\{var\.prefix\}/g, 'acme-security');
  const doc = {
    Version: '2012-10-17',
    Statement: stmts.map((s) => ({
      Sid: s.sid, Effect: 'Allow', Action: s.actions, Resource: (s.resources ?? []).map(sub),
      ...(s.condition ? { Condition: Object.fromEntries(s.condition.map((c) => [c.test, { [c.variable]: c.values.map(sub) }])) } : {}),
    })),
  };
  const size = JSON.stringify(doc).length;
  t.ok(size < 10240, `${size} characters < 10,240`);
});
