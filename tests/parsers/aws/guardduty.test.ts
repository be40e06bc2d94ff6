import t from 'tap';
import { GuardDuty } from '../../../parsers/aws/guardduty.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const A = '111122223333';
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const lines = sampleLines(new URL('../../../parsers/aws/samples/AWS.GuardDuty.jsonl', import.meta.url));



const findingArn = (region: string, id: string): string => `arn:aws:guardduty:${region}:${A}:detector/${DETECTOR}/finding/${id}`;

t.test('GuardDuty findings exported to S3', async (t) => {
  const events = eventsOf(classifyLines([GuardDuty], lines)) as Obj[];
  t.equal(events.length, 4);
  for (const e of events) {
    t.equal(e.p_log_type, 'AWS.GuardDuty');
    t.equal(e.p_event_time, e.updatedAt, 'the event time is updatedAt');
    t.equal(e.schemaVersion, '2.0');
    t.equal(at(e, 'service', 'serviceName'), 'guardduty');
    t.same(e.p_any_aws_account_ids, [A]);
  }
  const [ssh, dga, iam, probe] = events as [Obj, Obj, Obj, Obj];

  t.equal(ssh.type, 'UnauthorizedAccess:EC2/SSHBruteForce');
  t.equal(ssh.severity, 2);
  t.equal(ssh.createdAt, '2023-07-20 14:02:11.412000000');
  t.equal(ssh.updatedAt, '2023-07-21 02:37:45.118000000');
  t.equal(at(ssh, 'service', 'eventFirstSeen'), '2023-07-20 13:51:04.000000000', 'typed service timestamps are normalized');
  t.equal(at(ssh, 'service', 'count'), 38);
  t.equal(at(ssh, 'service', 'archived'), false);
  t.equal(at(ssh, 'service', 'resourceRole'), 'TARGET');
  t.equal(at(ssh, 'resource', 'instanceDetails', 'launchTime'), '2023-07-18T20:22:32.000Z', 'the resource JSON is kept as delivered');
  t.equal(at(ssh, 'service', 'action', 'networkConnectionAction', 'localPortDetails', 'port'), 22);
  t.same(ssh.p_any_ip_addresses, ['172.31.81.237', '198.51.100.140', '2001:db8:85a3::8a2e:370:7334', '203.0.113.45'], 'remote IP, instance IPs, IPv6');
  t.same(ssh.p_any_domain_names, ['ec2-198-51-100-140.compute-1.amazonaws.com', 'ip-172-31-81-237.ec2.internal']);
  t.same(ssh.p_any_aws_instance_ids, ['i-081de1d7604b11e4a']);
  t.same(ssh.p_any_aws_tags, ['Name:bastion', 'Team:platform']);
  t.same(ssh.p_any_aws_arns, [findingArn('us-east-1', '70b7e42a3241b4c73d8d8cf7b1781f7e'), `arn:aws:iam::${A}:instance-profile/EC2Dev`]);

  t.equal(dga.region, 'eu-west-1');
  t.equal(dga.severity, 8);
  t.equal(at(dga, 'service', 'featureName'), 'DnsLogs');
  t.equal(at(dga, 'service', 'evidence', 'threatIntelligenceDetails', 0, 'threatListName'), 'GuardDutyDGADomainList');
  t.same(dga.p_any_domain_names, ['ip-10-20-3-14.eu-west-1.compute.internal', 'xjpakmdcfuqe.example.com'], 'the DNS request domain');
  t.same(dga.p_any_aws_instance_ids, ['i-0a1b2c3d4e5f67890']);
  t.same(dga.p_any_ip_addresses, ['10.20.3.14']);

  t.equal(iam.type, 'Stealth:IAMUser/CloudTrailLoggingDisabled');
  t.equal(iam.severity, 5);
  t.equal(at(iam, 'resource', 'resourceType'), 'AccessKey');
  t.same(iam.p_any_usernames, ['Mary_Major'], 'the access key user name');
  t.same(iam.p_any_ip_addresses, ['198.51.100.178']);
  t.same(iam.p_any_aws_arns, [`arn:aws:cloudtrail:us-east-1:${A}:trail/management-events`, findingArn('us-east-1', '44b7c4e9781822beb75d3fbd518abf5b')]);
  t.same(iam.p_any_aws_instance_ids, []);

  t.equal(probe.severity, 2.5, 'severity is a float');
  t.equal(at(probe, 'service', 'archived'), true);
  t.same(probe.p_any_ip_addresses, ['10.0.0.12', '192.0.2.200', '192.0.2.201', '198.51.100.7'], 'every probing address');
  t.same(probe.p_any_aws_tags, [], 'an empty tag list');
});

t.test('with every log type, findings stay AWS.GuardDuty', async (t) => {
  t.same(
    classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind)),
    Array(lines.length).fill('AWS.GuardDuty'),
  );
});

t.test('near misses are rejected with the reason', async (t) => {
  const base = JSON.parse(lines[2] as string) as Obj;
  const variant = (patch: Obj): string => JSON.stringify({ ...base, ...patch });
  t.match(rejection([GuardDuty], variant({ severity: '5' })), /AWS\.GuardDuty: severity: expected number, got string "5"/);
  t.match(rejection([GuardDuty], variant({ updatedAt: 1690045802 })), /updatedAt: expected timestamp, got number/);
  t.match(rejection([GuardDuty], variant({ service: { serviceName: 'guardduty' } })), /service\.detectorId: required field missing/);
  t.match(rejection([GuardDuty], variant({ service: { ...(base.service as Obj), count: 1.5 } })), /service\.count: expected integer, got number/);
  t.match(rejection([GuardDuty], variant({ title: undefined })), /title: required field missing/);
  t.match(
    rejection([GuardDuty], variant({ arn: `arn:aws:securityhub:us-east-1:${A}:subscription/aws-foundational-security-best-practices/v/1.0.0/IAM.1/finding/1` })),
    /arn is not a GuardDuty finding ARN/,
  );
  const envelope = sampleLines(new URL('../../../parsers/aws/samples/AWS.CloudWatchEvents.jsonl', import.meta.url))[2] as string;
  t.match(rejection([GuardDuty], envelope), /schemaVersion: required field missing/, 'an EventBridge envelope is no bare finding');
  t.match(rejection([GuardDuty], (lines[0] as string).slice(0, 300)), /invalid JSON/);
});
