import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { cloudAccountsRoutes } from '../../api/routes/accounts.js';
import { call, mountApp } from './fixtures/app.js';

function setup() {
  const documents = new DirDocumentStore(mkdtempSync(join(tmpdir(), 'accounts-')));
  return mountApp(cloudAccountsRoutes({ documents }));
}

const prod = {
  accountId: '123456789012',
  label: 'Production',
  auditRoleArn: 'arn:aws:iam::123456789012:role/PantherAuditRole-us-east-1',
  externalId: 'panther-ext',
  remediationRoleArn: 'arn:aws:iam::123456789012:role/PantherRemediationRole',
  regions: ['us-east-1', 'eu-west-1', 'us-gov-west-1'],
  scanIntervalMinutes: 1440,
};

t.test('401 without a valid token', async (t) => {
  const app = setup();
  const r = await call(app, 'GET', '/api/cloud-accounts', undefined, { token: null });
  t.equal(r.status, 401);
  t.match(r.type, 'application/problem+json');
  t.equal((await call(app, 'DELETE', '/api/cloud-accounts/123456789012', undefined, { token: 'not-the-token-at-all' })).status, 401);
});

t.test('onboard, read, list, replace and remove an account', async (t) => {
  const app = setup();
  const created = await call(app, 'POST', '/api/cloud-accounts', prod);
  t.equal(created.status, 201);
  t.same({ ...created.body, updatedAt: undefined }, { id: '123456789012', ...prod, updatedAt: undefined });
  t.match(created.body.updatedAt, /^\d{4}-\d\d-\d\dT/);
  await call(app, 'POST', '/api/cloud-accounts', { accountId: '000000000001', label: 'Dev', auditRoleArn: 'arn:aws:iam::000000000001:role/audit' });
  t.same((await call(app, 'GET', '/api/cloud-accounts')).body.items.map((a: { id: string; label: string }) => [a.id, a.label]), [
    ['000000000001', 'Dev'],
    ['123456789012', 'Production'],
  ]);
  t.same((await call(app, 'GET', '/api/cloud-accounts/123456789012')).body, created.body);
  const replaced = await call(app, 'PUT', '/api/cloud-accounts/123456789012', { accountId: '123456789012', label: 'Prod', auditRoleArn: prod.auditRoleArn, scanIntervalMinutes: 60 });
  t.equal(replaced.status, 200);
  t.same({ ...replaced.body, updatedAt: undefined }, { id: '123456789012', accountId: '123456789012', label: 'Prod', auditRoleArn: prod.auditRoleArn, scanIntervalMinutes: 60, updatedAt: undefined });
  t.equal((await call(app, 'DELETE', '/api/cloud-accounts/123456789012')).status, 204);
  const gone = await call(app, 'GET', '/api/cloud-accounts/123456789012');
  t.equal(gone.status, 404);
  t.equal(gone.body.detail, 'cloud account 123456789012 not found');
  t.equal((await call(app, 'DELETE', '/api/cloud-accounts/123456789012')).status, 404);
  t.equal((await call(app, 'PUT', '/api/cloud-accounts/999999999999', { ...prod, accountId: '999999999999', auditRoleArn: 'arn:aws:iam::999999999999:role/a', remediationRoleArn: undefined })).status, 404);
});

t.test('an account is onboarded once: 409', async (t) => {
  const app = setup();
  t.equal((await call(app, 'POST', '/api/cloud-accounts', prod)).status, 201);
  const again = await call(app, 'POST', '/api/cloud-accounts', { ...prod, label: 'again' });
  t.equal(again.status, 409);
  t.equal(again.body.detail, 'account 123456789012 is already onboarded');
  t.equal((await call(app, 'GET', '/api/cloud-accounts/123456789012')).body.label, 'Production');
});

t.test('invalid input is a 400 naming the field', async (t) => {
  const app = setup();
  const cases: Array<[string, unknown, string, RegExp?]> = [
    ['short account id', { ...prod, accountId: '12345' }, 'body.accountId', /12-digit/],
    ['letters in account id', { ...prod, accountId: '12345678901a' }, 'body.accountId'],
    ['role ARN format', { ...prod, auditRoleArn: 'arn:aws:iam::123456789012:user/bob' }, 'body.auditRoleArn', /IAM role ARN/],
    ['role in another account', { ...prod, auditRoleArn: 'arn:aws:iam::210987654321:role/audit' }, 'body.auditRoleArn', /must be a role in account 123456789012/],
    ['remediation role in another account', { ...prod, remediationRoleArn: 'arn:aws:iam::210987654321:role/fix' }, 'body.remediationRoleArn'],
    ['region', { ...prod, regions: ['us-east-1', 'moon-1'] }, 'body.regions.1'],
    ['duplicate region', { ...prod, regions: ['us-east-1', 'us-east-1'] }, 'body.regions'],
    ['interval', { ...prod, scanIntervalMinutes: 5 }, 'body.scanIntervalMinutes', />= 15/],
    ['unknown key', { ...prod, owner: 'me' }, 'body', /owner/],
    ['missing label', { ...prod, label: undefined }, 'body.label'],
  ];
  for (const [name, body, path, message] of cases) {
    const r = await call(app, 'POST', '/api/cloud-accounts', body);
    t.equal(r.status, 400, name);
    const e = r.body.errors?.find((x: { path: string }) => x.path === path);
    t.ok(e, `${name}: names ${path} (${JSON.stringify(r.body.errors)})`);
    if (message) t.match(e?.message, message, name);
  }
  await call(app, 'POST', '/api/cloud-accounts', prod);
  const moved = await call(app, 'PUT', '/api/cloud-accounts/123456789012', { ...prod, accountId: '000000000001', auditRoleArn: 'arn:aws:iam::000000000001:role/a', remediationRoleArn: undefined });
  t.equal(moved.status, 400);
  t.same(moved.body.errors.map((e: { path: string }) => e.path), ['body.accountId']);
});
