import { readFileSync } from 'node:fs';
import t from 'tap';
import { CloudTrail, CloudTrailDigest, CloudTrailInsight, collectAwsIndicators } from '../../../parsers/aws/cloudtrail.js';
import { IndicatorSet } from '../../../parsers/core/indicators.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

const samples = (name: string): URL => new URL(`../../../parsers/aws/samples/${name}`, import.meta.url);
const A = '111122223333';

// A delivered CloudTrail file is one JSON object; the processor splits it into its records.
const recordLines = (JSON.parse(readFileSync(samples('AWS.CloudTrail.records.json'), 'utf8')) as { Records: unknown[] }).Records.map((r) =>
  JSON.stringify(r),
);
const singleLines = sampleLines(samples('AWS.CloudTrail.jsonl'));
const digestLines = sampleLines(samples('AWS.CloudTrailDigest.jsonl'));
const insightLines = sampleLines(samples('AWS.CloudTrailInsight.jsonl'));

type Obj = Record<string, unknown>;



t.test('a delivered Records file: every record is an AWS.CloudTrail event', async (t) => {
  const events = eventsOf(classifyLines([CloudTrail], recordLines)) as Obj[];
  t.equal(events.length, 7);
  for (const e of events) {
    t.equal(e.p_log_type, 'AWS.CloudTrail');
    t.equal(e.p_event_time, e.eventTime, 'p_event_time is the normalized eventTime');
    t.equal(e.p_source_id, 'test-source');
  }
  const [login, assume, run, createUser, denied, service, kms] = events as [Obj, Obj, Obj, Obj, Obj, Obj, Obj];

  t.equal(login.eventType, 'AwsConsoleSignIn');
  t.equal(login.eventTime, '2023-07-19 21:44:40.000000000');
  t.equal(login.requestParameters, null, 'a null JSON value stays null');
  t.same(login.responseElements, { ConsoleLogin: 'Success' });
  t.equal(at(login, 'additionalEventData', 'MFAUsed'), 'Yes');
  t.equal(login.managementEvent, true);
  t.equal(login.readOnly, false);
  t.same(login.tlsDetails, { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'signin.aws.amazon.com' });
  t.same(login.p_any_ip_addresses, ['198.51.100.178']);
  t.same(login.p_any_aws_arns, [`arn:aws:iam::${A}:mfa/Mary_Major`, `arn:aws:iam::${A}:user/Mary_Major`], 'the MFA device ARN comes from additionalEventData');
  t.same(login.p_any_usernames, ['Mary_Major']);

  t.equal(assume.eventName, 'AssumeRole');
  t.equal(at(assume, 'userIdentity', 'sessionContext', 'sessionIssuer', 'userName'), 'JohnDoe');
  t.equal(at(assume, 'userIdentity', 'sessionContext', 'attributes', 'creationDate'), '2023-07-19T21:11:57Z', 'session attributes are strings, as delivered');
  t.equal(at(assume, 'requestParameters', 'durationSeconds'), 3600);
  t.same(assume.resources, [{ accountId: '444455556666', type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::444455556666:role/AuditRole' }]);
  t.same(assume.p_any_aws_account_ids, [A, '444455556666'], 'the target account comes from the role ARNs');
  t.same(assume.p_any_aws_arns, [
    `arn:aws:iam::${A}:role/JohnDoe`,
    'arn:aws:iam::444455556666:role/AuditRole',
    `arn:aws:sts::${A}:assumed-role/JohnDoe/JohnRole1`,
    'arn:aws:sts::444455556666:assumed-role/AuditRole/audit-session',
  ]);
  t.same(assume.p_any_usernames, ['JohnDoe', 'john.doe'], 'session issuer and source identity');

  t.equal(run.eventName, 'RunInstances');
  t.equal(run.eventVersion, '1.09');
  t.same(run.p_any_aws_tags, ['Environment:production', 'Name:web-01'], 'tags of tagSpecificationSet and tagSet');
  t.same(run.p_any_aws_instance_ids, ['i-0e8f3a9bc1d2e3f40']);
  t.same(run.p_any_ip_addresses, ['10.0.1.25', '203.0.113.10']);
  t.same(run.p_any_domain_names, ['ip-10-0-1-25.us-east-2.compute.internal']);
  t.equal(at(run, 'responseElements', 'instancesSet', 'items', 0, 'launchTime'), 1689843791000, 'json keeps numbers as numbers');

  t.equal(createUser.sessionCredentialFromConsole, 'true');
  t.equal(at(createUser, 'userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'), 'true');
  t.same(createUser.p_any_aws_tags, ['Department:Engineering']);
  t.same(createUser.p_any_usernames, ['Jane_Roe', 'Mary_Major']);
  t.same(createUser.p_any_aws_arns, [`arn:aws:iam::${A}:user/Jane_Roe`, `arn:aws:iam::${A}:user/Mary_Major`]);

  t.equal(denied.errorCode, 'AccessDenied');
  t.match(denied.errorMessage, /is not authorized to perform: iam:CreateAccessKey/);
  t.equal(denied.responseElements, null);
  t.notOk('resources' in denied, 'absent fields stay absent');

  t.equal(service.eventType, 'AwsServiceEvent');
  t.equal(at(service, 'userIdentity', 'invokedBy'), 'AWS Internal');
  t.equal(at(service, 'serviceEventDetails', 'createAccountStatus', 'state'), 'SUCCEEDED');
  t.same(service.p_any_aws_account_ids, [A, '555566667777'], 'the new account id comes from serviceEventDetails');
  t.same(service.p_any_ip_addresses, [], '"AWS Internal" is no address');
  t.same(service.p_any_domain_names, []);

  t.equal(kms.sourceIPAddress, 'cloudtrail.amazonaws.com');
  t.same(kms.p_any_domain_names, ['cloudtrail.amazonaws.com'], 'a service name in sourceIPAddress is a domain');
  t.same(kms.p_any_ip_addresses, []);
  t.same(kms.p_any_aws_arns, [
    `arn:aws:cloudtrail:us-east-1:${A}:trail/management-events`,
    `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    `arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/${A}/CloudTrail/us-east-1/2023/07/20/${A}_CloudTrail_us-east-1_20230720T1200Z_EXAMPLEwxyz1234.json.gz`,
  ]);
  t.equal(kms.sharedEventID, '238c190c-1a30-4756-8e08-19fc3EXAMPLE');
});

t.test('single CloudTrail events, one per line', async (t) => {
  const [web, s3, rootFail, sso, stop] = eventsOf(classifyLines([CloudTrail], singleLines)) as [Obj, Obj, Obj, Obj, Obj];

  t.equal(at(web, 'userIdentity', 'type'), 'WebIdentityUser');
  t.equal(at(web, 'userIdentity', 'identityProvider'), `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`);
  t.same(web.p_any_ip_addresses, ['2001:db8:4f1a::25'], 'IPv6 source address');
  t.same(web.p_any_usernames, ['repo:octo-org/octo-repo:ref:refs/heads/main']);
  t.ok((web.p_any_aws_arns as string[]).includes(`arn:aws:sts::${A}:assumed-role/GitHubDeploy/GitHubActions`));

  t.equal(s3.eventTime, '2023-07-21 09:15:27.482000000', 'milliseconds are kept');
  t.equal(s3.p_event_time, '2023-07-21 09:15:27.482000000');
  t.equal(s3.eventCategory, 'Data');
  t.equal(s3.managementEvent, false);
  t.equal(s3.vpcEndpointId, 'vpce-0a1b2c3d4e5f67890');
  t.equal(at(s3, 'userIdentity', 'sessionContext', 'ec2RoleDelivery'), '2.0');
  t.equal(at(s3, 'additionalEventData', 'bytesTransferredOut'), 48213);
  t.same(s3.p_any_ip_addresses, ['10.0.1.25']);
  t.same(s3.p_any_aws_arns, [
    `arn:aws:iam::${A}:role/AppServerRole`,
    'arn:aws:s3:::amzn-s3-demo-bucket',
    'arn:aws:s3:::amzn-s3-demo-bucket/reports/2023/07/summary.csv',
    `arn:aws:sts::${A}:assumed-role/AppServerRole/i-0a1b2c3d4e5f67890`,
  ]);

  t.equal(at(rootFail, 'userIdentity', 'type'), 'Root');
  t.equal(rootFail.errorMessage, 'Failed authentication');
  t.same(rootFail.responseElements, { ConsoleLogin: 'Failure' });
  t.same(rootFail.p_any_aws_arns, [`arn:aws:iam::${A}:root`]);
  t.same(rootFail.p_any_usernames, []);

  t.equal(at(sso, 'userIdentity', 'type'), 'IdentityCenterUser');
  t.equal(at(sso, 'userIdentity', 'onBehalfOf', 'userId'), '906739ab-1cd2-40e2-9bda-EXAMPLE11111');
  t.same(sso.p_any_aws_arns, [`arn:aws:identitystore::${A}:identitystore/d-1234567890`]);

  t.equal(stop.eventName, 'StopInstances');
  t.same(stop.p_any_aws_instance_ids, ['i-0e8f3a9bc1d2e3f40', 'i-1234567890abcdef0']);
});

t.test('with every log type, each CloudTrail sample stays AWS.CloudTrail', async (t) => {
  const all = classifyLines(builtinLogTypes, [...recordLines, ...singleLines]);
  t.same(
    all.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)),
    Array(recordLines.length + singleLines.length).fill('AWS.CloudTrail'),
  );
  const digest = classifyLines(builtinLogTypes, digestLines);
  t.same(digest.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), ['AWS.CloudTrailDigest', 'AWS.CloudTrailDigest']);
  const insight = classifyLines(builtinLogTypes, insightLines);
  t.same(insight.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), Array(3).fill('AWS.CloudTrailInsight'));
});

t.test('near misses are rejected with the reason', async (t) => {
  const base = JSON.parse(singleLines[2] as string) as Obj;
  const variant = (patch: Obj): string => JSON.stringify({ ...base, ...patch });
  t.match(rejection([CloudTrail], insightLines[0] as string), /AWS\.CloudTrail: eventType AwsCloudTrailInsight is an AWS\.CloudTrailInsight event/);
  t.match(rejection([CloudTrail], (singleLines[2] as string).slice(0, 200)), /AWS\.CloudTrail: invalid JSON/);
  t.match(rejection([CloudTrail], variant({ eventName: undefined })), /eventName: required field missing/);
  t.match(rejection([CloudTrail], variant({ eventTime: 'Jul 21, 2023' })), /eventTime: expected timestamp/);
  t.match(rejection([CloudTrail], variant({ readOnly: 'false' })), /readOnly: expected boolean, got string "false"/);
  t.match(rejection([CloudTrail], variant({ userIdentity: 'root' })), /userIdentity: expected object/);
  t.match(rejection([CloudTrail], variant({ resources: [{ ARN: 42 }] })), /resources\[0\]\.ARN: expected string, got number/);
  t.match(rejection([CloudTrail], readFileSync(samples('AWS.CloudTrail.records.json'), 'utf8').trim()), /eventVersion: required field missing/, 'a whole Records file is not one event');
  t.match(rejection([CloudTrail], digestLines[0] as string), /eventVersion: required field missing/);
});

t.test('AWS.CloudTrailDigest', async (t) => {
  const [full, empty] = eventsOf(classifyLines([CloudTrailDigest], digestLines)) as [Obj, Obj];
  const raw = JSON.parse(digestLines[0] as string) as Obj;

  t.equal(full.p_log_type, 'AWS.CloudTrailDigest');
  t.equal(full.p_event_time, '2023-07-20 12:21:08.000000000', 'the digest end time');
  t.equal(full.digestStartTime, '2023-07-20 11:21:08.000000000');
  t.equal(full.newestEventTime, '2023-07-20 12:15:02.000000000');
  t.equal(full.digestSignatureAlgorithm, 'SHA256withRSA');
  t.equal(full.previousDigestHashAlgorithm, 'SHA-256');
  t.equal((full.logFiles as unknown[]).length, 2);
  t.equal(at(full, 'logFiles', 1, 'oldestEventTime'), '2023-07-20 11:44:18.000000000', 'nested timestamps are normalized too');
  t.same(full.p_any_aws_account_ids, [A]);
  t.same(full.p_any_sha256_hashes, [raw.previousDigestHashValue, at(raw, 'logFiles', 0, 'hashValue'), at(raw, 'logFiles', 1, 'hashValue')].map(String).sort());
  t.equal((full.p_any_sha256_hashes as unknown[]).length, 3);
  t.same(full.p_any_md5_hashes, [], 'the key fingerprint is no file hash');

  t.equal(empty.p_event_time, '2023-07-19 11:21:08.000000000');
  t.same(empty.logFiles, []);
  t.equal(empty.previousDigestHashValue, null, 'the first digest of a chain has no previous digest');
  t.equal(empty.newestEventTime, null);
  t.same(empty.p_any_sha256_hashes, []);

  const { logFiles: _drop, ...noFiles } = raw;
  t.match(rejection([CloudTrailDigest], JSON.stringify(noFiles)), /logFiles: required field missing/);
  const badHash = { ...raw, logFiles: [{ ...(at(raw, 'logFiles', 0) as Obj), hashValue: 12 }] };
  t.match(rejection([CloudTrailDigest], JSON.stringify(badHash)), /logFiles\[0\]\.hashValue: expected string, got number/);
  t.match(rejection([CloudTrailDigest], singleLines[0] as string), /awsAccountId: required field missing/);
});

t.test('AWS.CloudTrailInsight', async (t) => {
  const [start, end, errors] = eventsOf(classifyLines([CloudTrailInsight], insightLines)) as [Obj, Obj, Obj];
  for (const e of [start, end, errors]) {
    t.equal(e.p_log_type, 'AWS.CloudTrailInsight');
    t.equal(e.eventCategory, 'Insight');
    t.same(e.p_any_aws_account_ids, [A]);
    t.same(e.p_any_aws_arns, [`arn:aws:sts::${A}:assumed-role/Admin/Alice`, `arn:aws:sts::${A}:assumed-role/Admin/Bob`, `arn:aws:sts::${A}:assumed-role/Admin/Carol`]);
  }
  t.equal(start.p_event_time, '2023-07-22 22:52:00.000000000');
  t.equal(at(start, 'insightDetails', 'state'), 'Start');
  t.equal(at(start, 'insightDetails', 'insightType'), 'ApiCallRateInsight');
  t.equal(at(start, 'insightDetails', 'insightContext', 'statistics', 'baseline', 'average'), 0.0000882145);
  t.equal(at(start, 'insightDetails', 'insightContext', 'statistics', 'insight', 'average'), 0.6);
  t.equal(at(start, 'insightDetails', 'insightContext', 'statistics', 'insightDuration'), undefined, 'only end events have a duration');
  t.equal(start.sharedEventID, end.sharedEventID, 'start and end share an id');

  t.equal(end.p_event_time, '2023-07-22 23:01:00.000000000');
  t.equal(at(end, 'insightDetails', 'state'), 'End');
  t.equal(at(end, 'insightDetails', 'insightContext', 'statistics', 'insightDuration'), 9);

  t.equal(at(errors, 'insightDetails', 'insightType'), 'ApiErrorRateInsight');
  t.equal(at(errors, 'insightDetails', 'errorCode'), 'AccessDeniedException');

  const raw = JSON.parse(insightLines[0] as string) as Obj;
  t.match(rejection([CloudTrailInsight], singleLines[0] as string), /eventType is "AwsApiCall", not AwsCloudTrailInsight/);
  t.match(rejection([CloudTrailInsight], JSON.stringify({ ...raw, insightDetails: undefined })), /insightDetails: required field missing/);
  const badAverage = structuredClone(raw);
  (at(badAverage, 'insightDetails', 'insightContext', 'statistics', 'baseline') as Obj).average = '1.5';
  t.match(rejection([CloudTrailInsight], JSON.stringify(badAverage)), /insightDetails\.insightContext\.statistics\.baseline\.average: expected number/);
});

t.test('indicators inside free-form AWS JSON', async (t) => {
  const set = new IndicatorSet();
  collectAwsIndicators(
    {
      Tags: [{ Key: 'Owner', Value: 'alice' }, { Key: 'Empty', Value: '' }],
      tagSet: { items: [{ key: 'Name', value: 'db' }] },
      instanceIds: ['i-0123456789abcdef0', 'not-an-instance'],
      sourceInstanceId: 'i-0fedcba9876543210',
      targetAccountId: 999988887777,
      ownerAccountId: 'nope',
      ipv6Addresses: ['2001:db8::5'],
      role: 'arn:aws:ec2:us-east-1:123456789012:instance/i-00000000000000001',
      nested: { list: [{ publicIp: '192.0.2.9', publicDnsName: 'ec2-192-0-2-9.compute-1.amazonaws.com' }] },
      notTags: [{ key: 'k', value: 'v' }],
    },
    set,
  );
  const f = set.toFields();
  t.same(f.p_any_aws_tags, ['Empty:', 'Name:db', 'Owner:alice']);
  t.same(f.p_any_aws_instance_ids, ['i-00000000000000001', 'i-0123456789abcdef0', 'i-0fedcba9876543210']);
  t.same(f.p_any_aws_account_ids, ['123456789012', '999988887777']);
  t.same(f.p_any_ip_addresses, ['192.0.2.9', '2001:db8::5']);
  t.same(f.p_any_domain_names, ['ec2-192-0-2-9.compute-1.amazonaws.com']);

  // Depth is bounded: a pathological document does not recurse without end.
  let deep: unknown = { publicIp: '198.51.100.99' };
  for (let i = 0; i < 100; i++) deep = { d: deep };
  const bounded = new IndicatorSet();
  collectAwsIndicators(deep, bounded);
  t.same(bounded.toFields().p_any_ip_addresses, []);
});
