import t from 'tap';
import { Testing } from 'cdktf';
import { AUDIT_EXTRA_READS, AuditRoleModule } from '../../modules/audit-role/index.js';
import { moduleJson } from '../../modules/lib/module-stack.js';
import { policyDocs } from './fixtures/checks.js';

const tf = moduleJson(new AuditRoleModule(Testing.app()));
const res = tf.resource as Record<string, Record<string, Record<string, unknown>>>;

t.test('SecurityAudit, in the current partition, on the role', async (t) => {
  const att = res.aws_iam_role_policy_attachment?.security_audit;
  t.equal(att?.policy_arn, 'arn:${data.aws_partition.partition.partition}:iam::aws:policy/SecurityAudit');
  t.equal(att?.role, '${aws_iam_role.role.name}');
  t.equal(Object.keys(res.aws_iam_role_policy_attachment ?? {}).length, 1, 'no other managed policy');
  t.equal(tf.variable?.role_name?.default, 'PantherAuditRole');
});

t.test('the extra reads are the documented ones, read-only, scoped to the account', async (t) => {
  const stmts = policyDocs(tf).extra_reads_doc ?? [];
  t.same(stmts.map((s) => [s.sid, s.actions]), AUDIT_EXTRA_READS.map((r) => [r.sid, r.actions]));
  for (const s of stmts) {
    for (const a of s.actions ?? []) t.match(a, /:(Get|List|Describe|Detect)/, `${a} reads`);
    for (const r of s.resources ?? []) t.match(r, /^arn:\$\{data\.aws_partition\.partition\.partition\}:[\w-]+:(\*)?:\$\{data\.aws_caller_identity\.current\.account_id\}:/, `${s.sid}: ${r}`);
  }
});
