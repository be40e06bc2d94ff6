// `panther remediate`: the dry run (default) prints the exact calls and sends nothing; --apply
// sends them to the AWS endpoint (a local HTTP server here) and reports each call.
import t from 'tap';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanFixture } from '../../cloud-security/fixture.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import { remediateCommand } from '../../cli/commands/remediate.js';
import { pantherCs, pantherCsAsync, runInProcess } from '../cloud-security/fixtures/cli.js';

const lake = mkdtempSync(join(tmpdir(), 'remediate-cli-'));
await scanFixture({ lakeDir: lake });
const store = new EmbeddedComplianceStore({ dir: join(lake, 'state') });
const failing = async (policyId: string) => (await store.list({ policyId, status: 'FAIL' })).items.map((e) => e.resourceId);

t.test('dry run by default: the exact calls, nothing sent', async (t) => {
  const [bucket] = await failing('AWS.S3.Bucket.BlockPublicAccess');
  t.ok(bucket);
  const r = pantherCs(['remediate', '--lake', lake, '--policy', 'AWS.S3.Bucket.BlockPublicAccess', '--resource', bucket as string]);
  t.equal(r.status, 0, r.stderr);
  const name = (bucket as string).replace('arn:aws:s3:::', '');
  t.equal(
    r.stdout,
    `Dry run of AWS.S3.BlockBucketPublicAccess on ${bucket}: would send, in order:\n` +
      `  s3:PutPublicAccessBlock {"Bucket":"${name}","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}\n` +
      'Nothing was sent; add --apply to send these calls.\n',
  );
});

t.test('--fixture, a compliant resource, and errors', async (t) => {
  const [compliant] = (await store.list({ policyId: 'AWS.KMS.Key.RotationEnabled', status: 'PASS' })).items.map((e) => e.resourceId);
  const ok = await runInProcess(remediateCommand(), ['--fixture', '--policy', 'AWS.KMS.Key.RotationEnabled', '--resource', compliant as string, '--dry-run']);
  t.equal(ok.error, undefined);
  t.match(ok.stdout, /already compliant, nothing to send/);

  const none = await runInProcess(remediateCommand(), ['--lake', lake, '--policy', 'AWS.SQS.Queue.Encrypted', '--resource', 'x']);
  t.match(none.error?.message, /no remediation for policy AWS\.SQS\.Queue\.Encrypted/);
  const missing = await runInProcess(remediateCommand(), ['--lake', mkdtempSync(join(tmpdir(), 'empty-')), '--policy', 'AWS.S3.Bucket.Versioning', '--resource', 'arn:aws:s3:::nope']);
  t.match(missing.error?.message, /resource arn:aws:s3:::nope not found in the last scan/);
  const both = await runInProcess(remediateCommand(), ['--lake', lake, '--policy', 'AWS.S3.Bucket.Versioning', '--resource', 'x', '--apply', '--dry-run']);
  t.match(both.error?.message, /--dry-run and --apply exclude each other/);
  const params = await runInProcess(remediateCommand(), ['--lake', lake, '--policy', 'AWS.S3.Bucket.Versioning', '--resource', 'x', '--params', '{nope']);
  t.match(params.error?.message, /resource x not found|--params: not valid JSON/);
});

t.test('--apply sends the planned call to the endpoint', async (t) => {
  const [sg] = await failing('AWS.EC2.SecurityGroup.NoWorldSSH');
  const groupId = (sg as string).split('/').pop() as string;
  const got: { url: string; body: string; auth: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ url: req.url ?? '', body, auth: String(req.headers.authorization ?? '') });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<RevokeSecurityGroupIngressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><return>true</return></RevokeSecurityGroupIngressResponse>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = await pantherCsAsync(['remediate', '--lake', lake, '--policy', 'AWS.EC2.SecurityGroup.NoWorldSSH', '--resource', sg as string, '--apply'], {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_PROFILE: '',
  });
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, new RegExp(`^AWS\\.EC2\\.RevokeWorldOpenAdminIngress on ${sg}: applied\\n  sent ec2:RevokeSecurityGroupIngress \\{"GroupId":"${groupId}"`));
  t.equal(got.length, 1);
  const params = new URLSearchParams(got[0]?.body);
  t.equal(params.get('Action'), 'RevokeSecurityGroupIngress');
  t.equal(params.get('GroupId'), groupId);
  t.match(got[0]?.auth, /Credential=AKIDLOCALTEST\//, 'signed with the given credentials');
});
