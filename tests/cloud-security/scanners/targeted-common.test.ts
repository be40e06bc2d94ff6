// The one matching rule of targeted scans (scanners and the rescan filter), and scanAccount handing
// the names to every scanner's context.
import t from 'tap';
import { scanAccount } from '../../../cloud-security/scan.js';
import { matchesKey, onlyWanted, wanted } from '../../../cloud-security/scanners/common.js';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../../../cloud-security/types.js';
import { matchesResource } from '../../../cloud-security/units/unit.js';

const SG = { id: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0', arn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0', name: 'web' };

t.test('matchesKey: id, ARN, name, or the last segment of the id', async (t) => {
  t.equal(matchesKey(SG, SG.id), true);
  t.equal(matchesKey(SG, 'web'), true);
  t.equal(matchesKey(SG, 'sg-0123456789abcdef0'), true, 'after the last /');
  t.equal(matchesKey({ id: 'arn:aws:rds:us-east-1:123456789012:db:orders' }, 'orders'), true, 'after the last :');
  t.equal(matchesKey({ id: 'arn:aws:s3:::orders-archive', arn: 'arn:aws:s3:::orders-archive', name: 'orders-archive' }, 'archive'), false, 'a bare suffix is not a segment');
  t.equal(matchesKey(SG, ''), false, 'an empty key names nothing');
  t.equal(matchesKey({ id: 'x::AWS.PasswordPolicy', arn: null, name: null }, 'null'), false);
  t.equal(matchesKey({ id: '123456789012::arn:aws:iam::aws:policy/ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, 'arn:aws:iam::aws:policy/ReadOnlyAccess'), true, 'by ARN when the id differs');
});

t.test('matchesResource delegates to matchesKey over the snapshot fields', async (t) => {
  const s: ResourceSnapshot = { ResourceId: SG.id, ResourceType: 'AWS.EC2.SecurityGroup', AccountId: '123456789012', Region: 'us-east-1', Name: 'web', ARN: SG.arn, Tags: {}, TimeCreated: null };
  for (const key of [SG.id, 'web', 'sg-0123456789abcdef0', 'sg-0123', 'db', '']) t.equal(matchesResource(s, key), matchesKey(SG, key), key);
});

t.test('wanted and onlyWanted', async (t) => {
  t.equal(wanted({}, SG), true, 'a full scan wants everything');
  t.equal(wanted({ only: [] }, SG), false, 'an empty list names nothing');
  t.equal(wanted({ only: ['db', 'web'] }, SG), true);
  t.equal(wanted({ only: ['db'] }, SG), false);
  const items = ['a', 'b', 'c'];
  t.equal(onlyWanted({}, items, (i) => ({ id: i })), items, 'a full scan: the same array');
  t.same(onlyWanted({ only: ['b'] }, items, (i) => ({ id: i })), ['b']);
});

t.test('scanAccount hands `only` to every context; without it the contexts have no such field', async (t) => {
  const seen: Array<{ type: string; region: string; has: boolean; only: readonly string[] | undefined }> = [];
  const fake = (resourceType: string, global = false): ResourceScanner => ({
    resourceType,
    ...(global ? { global: true } : {}),
    // eslint-disable-next-line require-yield -- records its context, yields nothing
    async *scan(ctx: ScanContext) {
      seen.push({ type: resourceType, region: ctx.region, has: 'only' in ctx, only: ctx.only });
    },
  });
  const base = {
    accountId: '123456789012',
    partition: 'aws',
    regions: ['us-east-1', 'eu-west-1'],
    clientConfigFor: (region: string) => ({ region }),
    scanners: [fake('AWS.IAM.Role', true), fake('AWS.S3.Bucket')],
  };
  await scanAccount({ ...base, only: ['alpha-bucket'] });
  t.equal(seen.length, 3);
  t.ok(seen.every((s) => s.has && s.only?.length === 1 && s.only[0] === 'alpha-bucket'));
  seen.length = 0;
  await scanAccount(base);
  t.equal(seen.length, 3);
  t.ok(seen.every((s) => !s.has && s.only === undefined));
});
