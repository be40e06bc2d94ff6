// config.cloud.autoRemediation: defaults (nothing opted in, dry runs, the module's role name), a
// full setting, and the errors naming their key.
import t from 'tap';
import { resolveLogTypes } from '../../parsers/registry.js';
import { parseConfig } from '../../stacks/config.js';
import { configError } from './fixtures/config-error.js';

t.test('defaults: no policy, dry runs, PantherRemediationRole', async (t) => {
  const none = parseConfig(undefined, resolveLogTypes);
  t.same(none.cloud.autoRemediation, { policies: [], apply: false, remediationRoleName: 'PantherRemediationRole' });
  t.equal(none.cloud.auditRoleName, 'PantherAuditRole');
  const partial = parseConfig({ cloud: { accounts: [] } }, resolveLogTypes);
  t.same(partial.cloud.autoRemediation, { policies: [], apply: false, remediationRoleName: 'PantherRemediationRole' });
  const some = parseConfig({ cloud: { autoRemediation: { policies: ['AWS.S3.Bucket.Versioning'] } } }, resolveLogTypes);
  t.same(some.cloud.autoRemediation, { policies: ['AWS.S3.Bucket.Versioning'], apply: false, remediationRoleName: 'PantherRemediationRole' });
  // Each parse has its own list (a default shared between parses would leak edits).
  none.cloud.autoRemediation.policies.push('X');
  t.same(parseConfig(undefined, resolveLogTypes).cloud.autoRemediation.policies, []);
});

t.test('a full setting', async (t) => {
  const c = parseConfig({ cloud: { autoRemediation: { policies: ['AWS.S3.Bucket.Versioning', 'AWS.KMS.Key.RotationEnabled'], apply: true, remediationRoleName: 'Acme-Remediation' } } }, resolveLogTypes);
  t.same(c.cloud.autoRemediation, { policies: ['AWS.S3.Bucket.Versioning', 'AWS.KMS.Key.RotationEnabled'], apply: true, remediationRoleName: 'Acme-Remediation' });
});

t.test('invalid settings name their key', async (t) => {
  t.match(configError({ cloud: { autoRemediation: { policies: [''] } } }), /config\.cloud\.autoRemediation\.policies\[0\]: a policy id \(1-256 characters, no spaces or commas\)/);
  t.match(configError({ cloud: { autoRemediation: { policies: ['A.B,C.D'] } } }), /config\.cloud\.autoRemediation\.policies\[0\]: a policy id/);
  t.match(configError({ cloud: { autoRemediation: { policies: [7] } } }), /config\.cloud\.autoRemediation\.policies\[0\]: /);
  t.match(configError({ cloud: { autoRemediation: { policies: ['A.B', 'A.B'] } } }), /config\.cloud\.autoRemediation\.policies\[1\]: duplicate policy id "A\.B"/);
  t.match(configError({ cloud: { autoRemediation: { apply: 'yes' } } }), /config\.cloud\.autoRemediation\.apply: /);
  t.match(configError({ cloud: { autoRemediation: { remediationRoleName: 'bad name' } } }), /config\.cloud\.autoRemediation\.remediationRoleName: an IAM role name/);
  t.match(configError({ cloud: { autoRemediation: { remediationRoleName: 'x'.repeat(65) } } }), /remediationRoleName: an IAM role name/);
  t.match(configError({ cloud: { autoRemediation: { policy: ['A.B'] } } }), /config\.cloud\.autoRemediation: unknown key\(s\) "policy"/);
  t.match(configError({ cloud: { auditRoleName: 'bad name' } }), /config\.cloud\.auditRoleName: an IAM role name/);
});
