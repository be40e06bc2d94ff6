import t from 'tap';
import { CloudWatchEvents } from '../../../parsers/aws/cloudwatch-events.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const A = '111122223333';
const lines = sampleLines(new URL('../../../parsers/aws/samples/AWS.CloudWatchEvents.jsonl', import.meta.url));
const guardDutyLines = sampleLines(new URL('../../../parsers/aws/samples/AWS.GuardDuty.jsonl', import.meta.url));



t.test('EventBridge envelopes keep their keys and their detail whole', async (t) => {
  const events = eventsOf(classifyLines([CloudWatchEvents], lines)) as Obj[];
  t.equal(events.length, 4);
  const raw = lines.map((l) => JSON.parse(l) as Obj);
  events.forEach((e, i) => {
    t.equal(e.p_log_type, 'AWS.CloudWatchEvents');
    t.equal(e.version, '0');
    t.equal(e.account, A);
    t.same(e.detail, raw[i]?.detail, 'detail is kept as delivered (timestamps inside untouched)');
    t.ok((e.p_any_aws_account_ids as string[]).includes(A));
  });
  const [api, ec2, finding, scheduled] = events as [Obj, Obj, Obj, Obj];

  t.equal(api['detail-type'], 'AWS API Call via CloudTrail', 'the hyphenated key is kept');
  t.equal(api.source, 'aws.s3');
  t.equal(api.time, '2023-07-24 08:11:42.000000000');
  t.equal(api.p_event_time, '2023-07-24 08:11:42.000000000');
  t.same(api.resources, []);
  t.equal(at(api, 'detail', 'eventName'), 'PutBucketPolicy');
  t.same(api.p_any_ip_addresses, ['203.0.113.10'], 'the CloudTrail sourceIPAddress inside detail');
  t.same(api.p_any_usernames, ['Mateo']);
  t.same(api.p_any_aws_arns, [`arn:aws:iam::${A}:user/Mateo`, 'arn:aws:s3:::amzn-s3-demo-bucket']);

  t.equal(ec2['detail-type'], 'EC2 Instance State-change Notification');
  t.equal(ec2.region, 'us-east-2');
  t.same(ec2.detail, { 'instance-id': 'i-0e8f3a9bc1d2e3f40', state: 'stopped' });
  t.same(ec2.p_any_aws_arns, [`arn:aws:ec2:us-east-2:${A}:instance/i-0e8f3a9bc1d2e3f40`]);
  t.same(ec2.p_any_aws_instance_ids, ['i-0e8f3a9bc1d2e3f40']);

  t.equal(finding['detail-type'], 'GuardDuty Finding');
  t.equal(finding.p_event_time, '2023-07-22 17:10:05.000000000');
  t.equal(at(finding, 'detail', 'type'), 'Stealth:IAMUser/CloudTrailLoggingDisabled');
  t.equal(at(finding, 'detail', 'severity'), 5);
  t.equal(at(finding, 'detail', 'updatedAt'), '2023-07-22T17:10:02.775Z');
  t.same(finding.p_any_ip_addresses, ['198.51.100.178']);
  t.same(finding.p_any_usernames, ['Mary_Major']);
  t.same(finding.p_any_aws_arns, [
    `arn:aws:cloudtrail:us-east-1:${A}:trail/management-events`,
    `arn:aws:guardduty:us-east-1:${A}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/44b7c4e9781822beb75d3fbd518abf5b`,
  ]);

  t.equal(scheduled.source, 'aws.events');
  t.same(scheduled.detail, {});
  t.same(scheduled.p_any_aws_arns, [`arn:aws:events:us-east-1:${A}:rule/nightly-compliance-scan`]);
  t.same(scheduled.p_any_ip_addresses, []);
});

t.test('with every log type: envelopes are AWS.CloudWatchEvents, their bare contents are not', async (t) => {
  const names = (ls: string[]): string[] => classifyLines(builtinLogTypes, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(names(lines), Array(4).fill('AWS.CloudWatchEvents'));
  const [api, , finding] = lines.map((l) => JSON.parse(l) as Obj);
  t.same(names([JSON.stringify(finding?.detail)]), ['AWS.GuardDuty'], 'the finding inside the envelope, alone, is AWS.GuardDuty');
  t.same(names([JSON.stringify(api?.detail)]), ['AWS.CloudTrail'], 'the CloudTrail record inside the envelope, alone, is AWS.CloudTrail');
  t.same(names(guardDutyLines), Array(guardDutyLines.length).fill('AWS.GuardDuty'));
});

t.test('near misses are rejected with the reason', async (t) => {
  const base = JSON.parse(lines[1] as string) as Obj;
  const variant = (patch: Obj): string => JSON.stringify({ ...base, ...patch });
  t.match(rejection([CloudWatchEvents], variant({ 'detail-type': undefined })), /AWS\.CloudWatchEvents: detail-type: required field missing/);
  // PutEvents request entries spell it DetailType: not a delivered event.
  t.match(rejection([CloudWatchEvents], variant({ 'detail-type': undefined, DetailType: 'x' })), /detail-type: required field missing/);
  t.match(rejection([CloudWatchEvents], variant({ detail: undefined })), /detail: required field missing/);
  t.match(rejection([CloudWatchEvents], variant({ resources: 'arn:aws:ec2:us-east-2:111122223333:instance/i-1' })), /resources: expected array, got string/);
  t.match(rejection([CloudWatchEvents], variant({ resources: [1] })), /resources\[0\]: expected string, got number/);
  t.match(rejection([CloudWatchEvents], variant({ time: 'yesterday' })), /time: expected timestamp, got string "yesterday"/);
  t.match(rejection([CloudWatchEvents], variant({ version: 0 })), /version: expected string, got number/);
  t.match(rejection([CloudWatchEvents], guardDutyLines[0] as string), /version: required field missing/, 'a bare finding is no envelope');
  t.match(rejection([CloudWatchEvents], (lines[0] as string).slice(0, -2)), /invalid JSON/);
});
