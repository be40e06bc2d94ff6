import t from 'tap';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_COMPLIANCE_FILE, EmbeddedComplianceStore } from '../../../cloud-security/compliance/embedded-store.js';
import { complianceStoreContract, entry, T1 } from './fixtures/store-contract.js';

t.test('in memory', async (t) => {
  complianceStoreContract(t, async () => new EmbeddedComplianceStore());
});

t.test('persisted to a directory', async (t) => {
  complianceStoreContract(t, async () => new EmbeddedComplianceStore({ dir: mkdtempSync(join(tmpdir(), 'compliance-')) }));
});

t.test('state survives a restart: entries, history and suppressions', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-'));
  const first = new EmbeddedComplianceStore({ dir });
  await Promise.all([first.record([entry()]), first.record([entry({ resourceId: 'arn:aws:s3:::x', status: 'FAIL' })])]);
  await first.record([entry({ status: 'FAIL', lastUpdated: T1 })]);
  await first.suppress({ policyId: 'AWS.S3.Bucket.Versioning', resourcePattern: 'arn:aws:s3:::x', createdAt: T1 });
  t.same(readdirSync(dir), [EMBEDDED_COMPLIANCE_FILE], 'no temporary file left behind');

  const second = new EmbeddedComplianceStore({ dir });
  t.same((await second.list()).items.map((e) => [e.resourceId, e.status, e.suppressed]), [
    ['arn:aws:s3:::reports-123456789012', 'FAIL', false],
    ['arn:aws:s3:::x', 'FAIL', true],
  ]);
  t.same((await second.history('AWS.S3.Bucket.Versioning', 'arn:aws:s3:::reports-123456789012')).map((h) => h.status), ['PASS', 'FAIL']);
  t.equal((await second.suppressions()).length, 1);
  const again = await second.record([entry({ status: 'FAIL', lastUpdated: T1 })]);
  t.same(again.changed, [], 'the status read back is the previous one');
});

t.test('a file that is not a compliance store is an error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, EMBEDDED_COMPLIANCE_FILE), '{"version":2}');
  await t.rejects(new EmbeddedComplianceStore({ dir }).list(), /not a compliance store file/);
});
