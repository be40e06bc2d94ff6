// Scan units: the planner (accounts -> account x region x type), the rescan resource filter, and
// the unit message on the queue.
import t from 'tap';
import { allScanners } from '../../../cloud-security/scanners/index.js';
import type { ResourceScanner, ResourceSnapshot } from '../../../cloud-security/types.js';
import { formatUnitMessage, matchesResource, parseUnitMessage, planUnits, unitId } from '../../../cloud-security/units/unit.js';

const scanner = (resourceType: string, global = false): ResourceScanner => ({ resourceType, ...(global ? { global } : {}), scan: async function* () {} });
const scanners = [scanner('AWS.IAM.User', true), scanner('AWS.S3.Bucket'), scanner('AWS.EC2.VPC')];

t.test('one unit per global type in the home region, one per regional type per region', async (t) => {
  const units = planUnits([{ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] }], scanners);
  t.same(units.map(unitId).sort(), [
    '111111111111.eu-west-1.AWS.EC2.VPC',
    '111111111111.eu-west-1.AWS.S3.Bucket',
    '111111111111.us-east-1.AWS.EC2.VPC',
    '111111111111.us-east-1.AWS.IAM.User',
    '111111111111.us-east-1.AWS.S3.Bucket',
  ]);
  t.ok(units.every((u) => u.partition === 'aws' && u.resources === undefined));
});

t.test('ignored regions and types leave units out; duplicates collapse; GovCloud globals use its home region', async (t) => {
  const units = planUnits(
    [
      { accountId: '111111111111', regions: ['eu-west-1', 'eu-west-1', 'eu-central-1'], ignore: { regions: ['eu-central-1'], resourceTypes: ['AWS.EC2.VPC'] } },
      { accountId: '111111111111', regions: ['eu-west-1'] },
      { accountId: '222222222222', regions: ['us-gov-east-1'], partition: 'aws-us-gov' },
    ],
    scanners,
  );
  t.same(units.map(unitId).sort(), [
    '111111111111.eu-west-1.AWS.EC2.VPC',
    '111111111111.eu-west-1.AWS.S3.Bucket',
    '111111111111.us-east-1.AWS.IAM.User',
    '222222222222.us-gov-east-1.AWS.EC2.VPC',
    '222222222222.us-gov-east-1.AWS.S3.Bucket',
    '222222222222.us-gov-west-1.AWS.IAM.User',
  ]);
});

t.test('every scanner of the registry is planned: 7 globals once, 31 regionals per region', async (t) => {
  const units = planUnits([{ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] }], allScanners);
  const globals = allScanners.filter((s) => s.global === true).length;
  t.equal(units.length, globals + 2 * (allScanners.length - globals));
});

t.test('bad account ids and regions are refused', async (t) => {
  t.throws(() => planUnits([{ accountId: '1234', regions: ['us-east-1'] }], scanners), /account id/);
  t.throws(() => planUnits([{ accountId: '111111111111', regions: ['../x'] }], scanners), /region/);
});

t.test('a rescan key matches the id, ARN, name or last segment of the ARN', async (t) => {
  const sg: ResourceSnapshot = { ResourceId: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0abc', ResourceType: 'AWS.EC2.SecurityGroup', AccountId: '111111111111', Region: 'eu-west-1', Name: 'web', ARN: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0abc', Tags: {}, TimeCreated: null };
  const bucket: ResourceSnapshot = { ...sg, ResourceId: 'arn:aws:s3:::logs', ARN: 'arn:aws:s3:::logs', Name: 'logs', ResourceType: 'AWS.S3.Bucket' };
  t.ok(matchesResource(sg, 'sg-0abc'));
  t.ok(matchesResource(sg, 'web'));
  t.ok(matchesResource(sg, sg.ResourceId));
  t.notOk(matchesResource(sg, 'sg-0ab'));
  t.notOk(matchesResource(sg, ''));
  t.ok(matchesResource(bucket, 'logs'));
  t.notOk(matchesResource(bucket, 'log'));
});

t.test('unit messages round-trip; malformed ones are refused', async (t) => {
  const body = formatUnitMessage({ accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['b', 'a', 'a'] }, 'event');
  t.same(JSON.parse(body), { v: 1, accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['a', 'b'], reason: 'event' });
  t.same(parseUnitMessage(body), { unit: { accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['a', 'b'] }, reason: 'event' });
  const full = parseUnitMessage(formatUnitMessage({ accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' }, 'schedule'));
  t.equal(full.unit.resources, undefined);
  t.throws(() => parseUnitMessage('{"v":1,"accountId":"1","region":"eu-west-1","resourceType":"AWS.S3.Bucket","partition":"aws","reason":"schedule"}'));
  t.throws(() => parseUnitMessage('{"v":1,"accountId":"111111111111","region":"eu-west-1","resourceType":"AWS.S3.Bucket","partition":"aws","reason":"schedule","extra":1}'));
  t.throws(() => parseUnitMessage('not json'));
});
