import t from 'tap';
import { S3ServerAccess } from '../../../parsers/aws/s3-server-access.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/aws/samples/AWS.S3ServerAccess.log', import.meta.url));
const events = eventsOf(classifyLines([S3ServerAccess], lines));
const reasonOf = (line: string): string => {
  const r = S3ServerAccess.parser.kind === 'text' ? S3ServerAccess.parser.create()(line) : null;
  return r !== null && r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};
const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

t.test('every sample line is an S3 server access event', async (t) => {
  t.equal(events.length, 12);
  for (const e of events) t.equal(e.p_log_type, 'AWS.S3ServerAccess');
});

t.test('the documented record: bracketed time, numbers, absent fields, every trailing field', async (t) => {
  const e = events[0] as Record<string, unknown>;
  t.equal(e.bucketowner, OWNER);
  t.equal(e.bucket, 'amzn-s3-demo-bucket1');
  t.equal(e.time, '2019-02-06 00:00:38.000000000');
  t.equal(e.p_event_time, '2019-02-06 00:00:38.000000000');
  t.equal(e.remoteip, '192.0.2.3');
  t.equal(e.requester, OWNER);
  t.equal(e.requestid, '3E57427F3EXAMPLE');
  t.equal(e.operation, 'REST.GET.VERSIONING');
  t.equal(e.requesturi, 'GET /amzn-s3-demo-bucket1?versioning HTTP/1.1');
  t.equal(e.httpstatus, 200);
  t.equal(e.bytessent, 113);
  t.equal(e.totaltime, 7);
  t.equal(e.useragent, 'S3Console/0.4');
  t.equal(e.hostid, 's9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=');
  t.equal(e.signatureversion, 'SigV4');
  t.equal(e.ciphersuite, 'ECDHE-RSA-AES128-GCM-SHA256');
  t.equal(e.authenticationtype, 'AuthHeader');
  t.equal(e.hostheader, 'amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com');
  t.equal(e.tlsVersion, 'TLSV1.2');
  t.equal(e.accessPointArn, 'arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP');
  t.equal(e.aclRequired, 'Yes');
  t.equal(e.sourceRegion, 'us-east-1');
  for (const absent of ['key', 'errorcode', 'objectsize', 'turnaroundtime', 'referrer', 'versionid', 'additionalFields']) {
    t.notOk(absent in e, `${absent} is "-" and absent`);
  }
  t.same(e.p_any_ip_addresses, ['192.0.2.3']);
  t.same(e.p_any_domain_names, ['amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com']);
  t.same(e.p_any_aws_arns, ['arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP']);
  t.same(e.p_any_aws_account_ids, ['123456789012']);
});

t.test('errors, uploads, a trailing space and older layouts', async (t) => {
  const policy = events[2] as Record<string, unknown>;
  t.equal(policy.httpstatus, 404);
  t.equal(policy.errorcode, 'NoSuchBucketPolicy');
  t.equal(policy.aclRequired, 'Yes', 'the trailing space leaves no extra field');
  t.notOk('additionalFields' in policy);
  t.notOk('sourceRegion' in policy);

  const put = events[4] as Record<string, unknown>;
  t.equal(put.key, 's3-dg.pdf');
  t.notOk('bytessent' in put);
  t.equal(put.objectsize, 4406583);
  t.equal(put.totaltime, 41754);
  t.equal(put.turnaroundtime, 28);

  const v2019 = events[5] as Record<string, unknown>;
  t.equal(v2019.tlsVersion, 'TLSV1.1', 'a record ending at tlsVersion');
  t.notOk('accessPointArn' in v2019);

  const v2014 = events[6] as Record<string, unknown>;
  t.equal(v2014.time, '2014-02-06 00:01:57.000000000');
  t.equal(v2014.useragent, 'S3Console/0.4', 'a record ending at versionid');
  t.notOk('hostid' in v2014);
});

t.test('IAM requesters, anonymous requests, quoted user agents, time zones', async (t) => {
  const iam = events[7] as Record<string, unknown>;
  t.equal(iam.requester, 'arn:aws:iam::123456789012:user/alice');
  t.equal(iam.key, 'finance/2023/Q1%20results.xlsx', 'keys stay URL-encoded');
  t.equal(iam.useragent, 'aws-cli/2.11.20 Python/3.11.3 Linux/5.10.178-162.673.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/s3.cp');
  t.equal(iam.referrer, 'https://console.aws.amazon.com/');
  t.equal(iam.versionid, '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY');
  t.equal(iam.bytessent, 1048576);
  t.same(iam.p_any_aws_arns, ['arn:aws:iam::123456789012:user/alice']);
  t.same(iam.p_any_domain_names, ['console.aws.amazon.com', 'corp-reports-prod.s3.us-east-1.amazonaws.com']);

  const anonymous = events[8] as Record<string, unknown>;
  t.notOk('requester' in anonymous);
  t.notOk('signatureversion' in anonymous);
  t.equal(anonymous.errorcode, 'AccessDenied');
  t.equal(anonymous.httpstatus, 403);
  t.same(anonymous.p_any_aws_arns, []);

  const role = events[9] as Record<string, unknown>;
  t.same(role.p_any_aws_arns, [
    'arn:aws:s3:us-east-1:123456789012:accesspoint/etl-ap',
    'arn:aws:sts::123456789012:assumed-role/etl-job/i-0abc12345def67890',
  ]);
  t.equal(role.httpstatus, 204);

  const website = events[10] as Record<string, unknown>;
  t.equal(website.time, '2023-05-14 18:02:13.000000000', '-0700 is moved to UTC');
  t.equal(website.operation, 'WEBSITE.GET.OBJECT');

  const presigned = events[11] as Record<string, unknown>;
  t.equal(presigned.authenticationtype, 'QueryString');
  t.equal(presigned.sourceRegion, 'us-west-2');
});

t.test('unknown trailing fields are kept in additionalFields', async (t) => {
  const [e] = eventsOf(classifyLines([S3ServerAccess], [`${lines[0]} someNewField "quoted new"`]));
  t.same(e?.additionalFields, ['someNewField', 'quoted new']);
  t.equal(e?.sourceRegion, 'us-east-1');
});

t.test('near misses are rejected with a reason', async (t) => {
  const line = lines[0] as string;
  t.match(reasonOf(line.split(' ').slice(0, 15).join(' ')), /has 13 fields, expected at least 19/);
  t.match(reasonOf(line.slice(0, line.indexOf('"S3Console') + 4)), /not well-formed/);
  t.match(reasonOf(line.replace('[06/Feb/2019:00:00:38 +0000]', '[06/Feb/2019:00:00:38]')), /time: expected \[dd\/Mon\/yyyy:HH:MM:SS \+zzzz\]/);
  t.match(reasonOf(line.replace('[06/Feb/2019:00:00:38 +0000]', '[06/Fev/2019:00:00:38 +0000]')), /time: expected/);
  t.match(reasonOf(line.replace('[06/Feb/2019:00:00:38 +0000]', '[30/Feb/2019:00:00:38 +0000]')), /time: expected/);
  t.match(reasonOf(line.replace(' 200 - 113 ', ' OK - 113 ')), /httpstatus: expected an integer, got "OK"/);
  t.match(reasonOf(line.replace(' 200 - 113 ', ' 200 - 1.5 ')), /bytessent: expected an integer, got "1.5"/);
  t.match(reasonOf(line.replace(OWNER, 'z'.repeat(64))), /not an S3 server access log record/);
  t.match(reasonOf(line.replace(OWNER, OWNER.slice(1))), /not an S3 server access log record/);
  t.match(reasonOf('{"bucket":"x"}'), /a JSON line, not an S3 server access log record/);
  t.match(reasonOf('http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1"'), /not an S3 server access log record: starts with "http"/);
});

t.test('with every log type, each line lands on AWS.S3ServerAccess and nothing else claims a broken one', async (t) => {
  const all = eventsOf(classifyLines(builtinLogTypes, lines));
  t.same(new Set(all.map((e) => e.p_log_type)), new Set(['AWS.S3ServerAccess']));
  t.equal(all[7]?.requester, 'arn:aws:iam::123456789012:user/alice');
  const [r] = classifyLines(builtinLogTypes, [(lines[0] as string).replace(' 200 - 113 ', ' OK - 113 ')]);
  t.equal(r?.kind, 'unclassified');
  if (r?.kind === 'unclassified') t.match(r.reasons.find((x) => x.logType === 'AWS.S3ServerAccess')?.reason, /httpstatus/);
});
