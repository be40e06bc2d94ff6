import t from 'tap';
import { buildModules } from '../../modules/index.js';
import { moduleJson, type ModuleStack, type TfJson } from '../../modules/lib/module-stack.js';
import { keyPaths, permissionDocNames, policyDocs, trustDocNames, unresolvedReferences } from './fixtures/checks.js';

// The documented interface of each module (issue 4 and its brief), written here independently of
// the module code so that a renamed or retyped input fails.
const SPEC: Record<string, { variables: Record<string, string>; sensitive: string[]; outputs: string[]; principalVar: string | null }> = {
  'audit-role': {
    variables: { role_name: 'string', scanner_role_arn: 'string', external_id: 'string' },
    sensitive: ['external_id'],
    outputs: ['role_arn', 'role_name'],
    principalVar: 'scanner_role_arn',
  },
  'remediation-role': {
    variables: { role_name: 'string', remediator_role_arn: 'string', external_id: 'string' },
    sensitive: ['external_id'],
    outputs: ['role_arn', 'role_name'],
    principalVar: 'remediator_role_arn',
  },
  'log-source': {
    variables: {
      role_name: 'string', processor_role_arn: 'string', external_id: 'string', bucket_name: 'string', prefix: 'string',
      kms_key_arn: 'string', input_topic_arn: 'string', manage_notification: 'bool',
    },
    sensitive: ['external_id'],
    outputs: ['role_arn', 'role_name'],
    principalVar: 'processor_role_arn',
  },
  'realtime-events': {
    variables: { event_bus_arn: 'string', rule_name: 'string', role_name: 'string' },
    sensitive: [],
    outputs: ['rule_arn', 'role_arn'],
    principalVar: null, // a service role, checked in realtime-events.test.ts
  },
  'deployment-role': {
    variables: { prefix: 'string', principal_arn: 'string', external_id: 'string' },
    sensitive: ['external_id'],
    outputs: ['role_arn', 'role_name'],
    principalVar: 'principal_arn',
  },
};

const modules: [ModuleStack, TfJson][] = buildModules().map((m) => [m, moduleJson(m)]);

t.test('every module of the spec is built, and only those', async (t) => {
  t.same(modules.map(([m]) => m.moduleName).sort(), Object.keys(SPEC).sort());
});

for (const [m, tf] of modules) {
  const spec = SPEC[m.moduleName];
  if (spec === undefined) continue;
  t.test(`${m.moduleName}: a standalone module`, async (t) => {
    t.same(keyPaths(tf, 'provider'), [], 'no provider block or provider meta-argument');
    t.same(keyPaths(tf, 'backend'), [], 'no backend');
    t.same(keyPaths(tf, 'cloud'), [], 'no cloud block');
    t.same(Object.keys((tf.terraform as { required_providers: object }).required_providers), ['aws'], 'declares the provider it needs, without configuring it');
    const vars = tf.variable ?? {};
    t.same(Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.type])), spec.variables, 'variables and their types');
    t.same(Object.keys(vars).filter((k) => vars[k]?.sensitive === true), spec.sensitive, 'sensitive variables');
    for (const [name, v] of Object.entries(vars)) t.ok((v.description ?? '').length > 10, `${name} has a description`);
    t.same(Object.keys(tf.output ?? {}).sort(), [...spec.outputs].sort(), 'outputs');
    for (const [name, o] of Object.entries(tf.output ?? {})) t.ok((o.description ?? '').length > 10, `output ${name} has a description`);
  });

  t.test(`${m.moduleName}: every reference resolves`, async (t) => {
    t.same(unresolvedReferences(tf), []);
  });

  t.test(`${m.moduleName}: trust policies`, async (t) => {
    const docs = policyDocs(tf);
    const trusts = trustDocNames(tf);
    t.ok(trusts.length > 0, 'the role has a trust policy');
    if (spec.principalVar === null) return;
    for (const name of trusts) {
      const stmts = docs[name] ?? [];
      t.equal(stmts.length, 1, `${name}: one statement`);
      const s = stmts[0];
      t.same(s?.actions, ['sts:AssumeRole'], `${name}: only sts:AssumeRole`);
      t.same(s?.principals, [{ type: 'AWS', identifiers: [`\${var.${spec.principalVar}}`] }], `${name}: only the given principal`);
      // deployment-role's external id is optional: its second document is checked in deployment-role.test.ts.
      if (name === 'trust_without_external_id') continue;
      t.same(s?.condition, [{ test: 'StringEquals', variable: 'sts:ExternalId', values: ['${var.external_id}'] }], `${name}: ExternalId condition`);
    }
  });

  t.test(`${m.moduleName}: no wildcard actions, wildcard resources only where listed`, async (t) => {
    const docs = policyDocs(tf);
    const used = new Set<string>();
    const listed = new Set(m.resourceWildcards.map((w) => w.sid));
    const names = permissionDocNames(tf);
    t.ok(names.length > 0, 'the role has a permission policy');
    for (const name of names) {
      for (const s of docs[name] ?? []) {
        t.ok(s.sid !== undefined && s.sid !== '', `${name}: every statement has a Sid`);
        t.equal(s.effect, 'Allow');
        t.ok((s.actions ?? []).length > 0, `${s.sid}: names its actions`);
        for (const a of s.actions ?? []) t.notOk(a.includes('*'), `${s.sid}: action ${a} has no wildcard`);
        if ((s.resources ?? []).includes('*')) {
          used.add(s.sid as string);
          t.ok(listed.has(s.sid as string), `${s.sid}: Resource "*" is in the module's list`);
          t.same(s.resources, ['*'], `${s.sid}: "*" is not mixed with named resources`);
        }
      }
    }
    t.same([...listed].filter((sid) => !used.has(sid)), [], 'every listed wildcard is used (the list is not stale)');
    for (const w of m.resourceWildcards) t.ok(w.reason.length > 20, `${w.sid} has a reason`);
  });
}

t.test('the checks fail on broken input', async (t) => {
  const broken: TfJson = {
    variable: { a: { type: 'string' } },
    resource: { aws_iam_role: { r: { name: '${var.a}', arn: '${aws_iam_role.missing.arn}', x: '${var.b}', y: '${data.aws_partition.p.partition}' } } },
    provider: { aws: [{}] },
  };
  t.same(unresolvedReferences(broken).sort(), ['aws_iam_role.missing.arn', 'data.aws_partition.p.partition', 'var.b']);
  t.same(keyPaths(broken, 'provider'), ['.provider']);
  // A quoted literal that looks like a reference is not one; `$${` is an escape.
  t.same(unresolvedReferences({ resource: { a_b: { c: { x: '${"events.amazonaws.com"}', y: '$${var.nope}' } } } }), []);
});
