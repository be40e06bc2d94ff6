// Rescan targets -> units: onboarded accounts and their regions only, merged per unit.
import t from 'tap';
import { coalesceTargets } from '../../../cloud-security/realtime/coalesce.js';
import type { RescanTarget } from '../../../cloud-security/realtime/cloudtrail-targets.js';
import type { ResourceScanner } from '../../../cloud-security/types.js';
import type { CloudAccount } from '../../../cloud-security/units/unit.js';

const scanner = (resourceType: string, global = false): ResourceScanner => ({ resourceType, ...(global ? { global } : {}), scan: async function* () {} });
const scanners = [scanner('AWS.IAM.Role', true), scanner('AWS.S3.Bucket'), scanner('AWS.EC2.SecurityGroup')];
const accounts = new Map<string, CloudAccount>([
  ['111111111111', { accountId: '111111111111', regions: ['eu-west-1', 'eu-central-1'], ignore: { regions: ['eu-central-1'], resourceTypes: ['AWS.EC2.SecurityGroup'] } }],
]);
const opts = { accountOf: (id: string) => accounts.get(id), scanners };
const target = (t: Partial<RescanTarget>): RescanTarget => ({ accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: [], ...t });

t.test('targets of one unit merge; one naming no resource widens to the type', async (t) => {
  t.same(coalesceTargets([target({ resources: ['b'] }), target({ resources: ['a', 'b'] })], opts), [{ accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['a', 'b'] }]);
  t.same(coalesceTargets([target({ resources: ['b'] }), target({ resources: [] }), target({ resources: ['c'] })], opts), [{ accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' }]);
  const many = Array.from({ length: 120 }, (_, i) => target({ resources: [`b${i}`] }));
  t.equal(coalesceTargets(many, opts)[0]?.resources, undefined, 'past the unit limit: the whole type');
});

t.test('not onboarded, not scanned, ignored, or outside the regions: dropped', async (t) => {
  t.same(coalesceTargets([target({ accountId: '999999999999', resources: ['x'] })], opts), []);
  t.same(coalesceTargets([target({ resourceType: 'AWS.SES.Identity' })], opts), []);
  t.same(coalesceTargets([target({ resourceType: 'AWS.EC2.SecurityGroup' })], opts), [], 'type ignored for the account');
  t.same(coalesceTargets([target({ region: 'eu-central-1' })], opts), [], 'region ignored');
  t.same(coalesceTargets([target({ region: 'ap-south-1' })], opts), [], 'region not scanned');
});

t.test('a global type goes to the home region even when the account does not list it', async (t) => {
  t.same(coalesceTargets([target({ resourceType: 'AWS.IAM.Role', region: 'us-east-1', resources: ['app'] })], opts), [{ accountId: '111111111111', region: 'us-east-1', resourceType: 'AWS.IAM.Role', partition: 'aws', resources: ['app'] }]);
  t.same(coalesceTargets([target({ resourceType: 'AWS.IAM.Role', region: 'eu-west-1' })], opts), [], 'a global type elsewhere than its home region is not a unit');
});
