// CloudTrail -> rescan targets, on EventBridge events shaped as AWS delivers them ("AWS API Call via
// CloudTrail", detail = the CloudTrail record): mutating calls give (account, region, type, ids);
// read-only and failed calls give nothing; every scanned resource type has events.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mappedEventSources, mappedResourceTypes, rescanTargets, targetsOfEvent, type CloudTrailEnvelope } from '../../../cloud-security/realtime/cloudtrail-targets.js';
import { allScanners } from '../../../cloud-security/scanners/index.js';

const ACCOUNT = '111122223333';
const samples = readFileSync(fileURLToPath(new URL('../../../parsers/aws/samples/AWS.CloudWatchEvents.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as CloudTrailEnvelope & { 'detail-type': string });

/** An EventBridge envelope around a CloudTrail record (the fields AWS always sets). */
function event(detail: Record<string, unknown>, region = 'eu-west-1'): CloudTrailEnvelope {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${String(detail.eventSource).split('.')[0]}`,
    account: ACCOUNT,
    time: '2026-03-01T10:00:00Z',
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`, accountId: ACCOUNT },
      eventTime: '2026-03-01T10:00:00Z',
      awsRegion: region,
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.15.0',
      requestID: 'EXAMPLE',
      eventID: 'c2a1d2e3-0000-4000-8000-000000000001',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
      responseElements: null,
      ...detail,
    },
  } as CloudTrailEnvelope;
}

t.test('the S3 PutBucketPolicy sample: the bucket in its region', async (t) => {
  const sample = samples.find((s) => s['detail-type'] === 'AWS API Call via CloudTrail');
  t.ok(sample);
  t.same(targetsOfEvent(sample!), [{ accountId: ACCOUNT, region: 'us-east-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['amzn-s3-demo-bucket'] }]);
});

t.test('other detail types of the samples give nothing', async (t) => {
  for (const s of samples.filter((x) => x['detail-type'] !== 'AWS API Call via CloudTrail')) t.same(targetsOfEvent(s), [], s['detail-type']);
});

t.test('EC2 AuthorizeSecurityGroupIngress: the group', async (t) => {
  const e = event({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    requestParameters: { groupId: 'sg-0123456789abcdef0', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } },
    responseElements: { requestId: 'r', _return: true, securityGroupRuleSet: { items: [{ groupId: 'sg-0123456789abcdef0', securityGroupRuleId: 'sgr-0abc' }] } },
  });
  t.same(targetsOfEvent(e), [{ accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.EC2.SecurityGroup', partition: 'aws', resources: ['sg-0123456789abcdef0'] }]);
});

t.test('EC2 RunInstances: every instance of the response', async (t) => {
  const e = event({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    requestParameters: { instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 2, maxCount: 2 }] }, instanceType: 't3.micro' },
    responseElements: { reservationId: 'r-1', instancesSet: { items: [{ instanceId: 'i-0aaa', imageId: 'ami-0abc' }, { instanceId: 'i-0bbb', imageId: 'ami-0abc' }] } },
  });
  t.same(targetsOfEvent(e).map((x) => [x.resourceType, x.resources]), [['AWS.EC2.Instance', ['i-0aaa', 'i-0bbb']]]);
});

t.test('IAM AttachRolePolicy: the role and the managed policy, in the home region', async (t) => {
  const e = event({ eventSource: 'iam.amazonaws.com', eventName: 'AttachRolePolicy', awsRegion: 'us-east-1', requestParameters: { roleName: 'app', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }, 'us-east-1');
  t.same(targetsOfEvent(e), [
    { accountId: ACCOUNT, region: 'us-east-1', resourceType: 'AWS.IAM.Role', partition: 'aws', resources: ['app'] },
    { accountId: ACCOUNT, region: 'us-east-1', resourceType: 'AWS.IAM.Policy', partition: 'aws', resources: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
  ]);
});

t.test('IAM: a user on itself, the root user on itself, the password policy', async (t) => {
  const self = event({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: { type: 'IAMUser', userName: 'bob', accountId: ACCOUNT }, requestParameters: null }, 'us-east-1');
  t.same(targetsOfEvent(self).map((x) => [x.resourceType, x.resources]), [['AWS.IAM.User', ['bob']]]);
  const root = event({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` }, requestParameters: null }, 'us-east-1');
  t.same(targetsOfEvent(root).map((x) => [x.resourceType, x.resources]), [['AWS.IAM.RootUser', []]]);
  const pw = event({ eventSource: 'iam.amazonaws.com', eventName: 'UpdateAccountPasswordPolicy', requestParameters: { minimumPasswordLength: 8 } }, 'us-east-1');
  t.same(targetsOfEvent(pw).map((x) => [x.resourceType, x.resources]), [['AWS.PasswordPolicy', []]]);
});

t.test('KMS ScheduleKeyDeletion: the key (request id and the record resources)', async (t) => {
  const arn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const e = event({
    eventSource: 'kms.amazonaws.com',
    eventName: 'ScheduleKeyDeletion',
    requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 30 },
    responseElements: { keyId: arn, deletionDate: 'Mar 31, 2026, 10:00:00 AM', keyState: 'PendingDeletion', pendingWindowInDays: 30 },
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: arn }],
  });
  t.same(targetsOfEvent(e).map((x) => [x.resourceType, x.resources]), [['AWS.KMS.Key', ['1234abcd-12ab-34cd-56ef-1234567890ab', arn]]]);
});

t.test('Lambda versioned event names, SQS queue URLs, ELB listener ARNs, CloudTrail StopLogging', async (t) => {
  const fn = event({ eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2', requestParameters: { functionName: 'api', timeout: 30 } });
  t.same(targetsOfEvent(fn).map((x) => [x.resourceType, x.resources]), [['AWS.Lambda.Function', ['api']]]);
  const q = event({ eventSource: 'sqs.amazonaws.com', eventName: 'SetQueueAttributes', requestParameters: { queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/jobs`, attributes: { Policy: '{}' } } });
  t.same(targetsOfEvent(q).map((x) => [x.resourceType, x.resources]), [['AWS.SQS.Queue', ['jobs']]]);
  const l = event({ eventSource: 'elasticloadbalancing.amazonaws.com', eventName: 'ModifyListener', requestParameters: { listenerArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`, protocol: 'HTTP' } });
  t.same(targetsOfEvent(l).map((x) => [x.resourceType, x.resources]), [['AWS.ELBV2.ApplicationLoadBalancer', [`arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`]]]);
  const ct = event({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main` } });
  t.same(targetsOfEvent(ct).map((x) => [x.resourceType, x.resources]), [['AWS.CloudTrail', [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`]], ['AWS.CloudTrail.Meta', []]]);
});

t.test('RDS tagging calls go to the type their ARN names', async (t) => {
  const db = event({ eventSource: 'rds.amazonaws.com', eventName: 'AddTagsToResource', requestParameters: { resourceName: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, tags: [] } });
  t.same(targetsOfEvent(db).map((x) => x.resourceType), ['AWS.RDS.Instance']);
  const snap = event({ eventSource: 'rds.amazonaws.com', eventName: 'AddTagsToResource', requestParameters: { resourceName: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:orders-1`, tags: [] } });
  t.same(targetsOfEvent(snap).map((x) => x.resourceType), ['AWS.RDS.Snapshot']);
});

t.test('read-only calls, failed calls, unknown services and bad accounts give nothing', async (t) => {
  t.same(targetsOfEvent(event({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true, requestParameters: {} })), []);
  t.same(targetsOfEvent(event({ eventSource: 's3.amazonaws.com', eventName: 'GetBucketPolicy', readOnly: false, requestParameters: { bucketName: 'x' } })), [], 'Get* even if readOnly is missing or wrong');
  t.same(targetsOfEvent(event({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', requestParameters: { keyId: 'k' } })), []);
  t.same(
    targetsOfEvent(event({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', errorCode: 'AccessDenied', errorMessage: 'Access Denied', requestParameters: { bucketName: 'x' } })),
    [],
    'a failed call changed nothing',
  );
  t.same(targetsOfEvent(event({ eventSource: 'ses.amazonaws.com', eventName: 'CreateEmailIdentity', requestParameters: {} })), []);
  t.same(targetsOfEvent(event({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', recipientAccountId: '../etc', requestParameters: { bucketName: 'x' } })), []);
  t.same(rescanTargets({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', awsRegion: 'eu-west-1', requestParameters: { bucketName: 'x' } }), [], 'no account anywhere');
});

t.test('attacker-shaped parameters: non-strings dropped, oversized ids dropped, too many ids widen to the type', async (t) => {
  const odd = event({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl', requestParameters: { bucketName: { $ne: 1 } } });
  t.same(targetsOfEvent(odd).map((x) => x.resources), [[]]);
  const long = event({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl', requestParameters: { bucketName: 'x'.repeat(5000) } });
  t.same(targetsOfEvent(long).map((x) => x.resources), [[]]);
  const many = event({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'TerminateInstances',
    requestParameters: { instancesSet: { items: Array.from({ length: 60 }, (_, i) => ({ instanceId: `i-${i}` })) } },
  });
  t.same(targetsOfEvent(many).map((x) => x.resources), [[]]);
});

t.test('GovCloud events use the GovCloud partition and home region for global types', async (t) => {
  const e = event({ eventSource: 'iam.amazonaws.com', eventName: 'DeleteRole', awsRegion: 'us-gov-west-1', requestParameters: { roleName: 'old' } }, 'us-gov-west-1');
  t.same(targetsOfEvent(e), [{ accountId: ACCOUNT, region: 'us-gov-west-1', resourceType: 'AWS.IAM.Role', partition: 'aws-us-gov', resources: ['old'] }]);
});

t.test('every resource type a scanner reads has events that rescan it', async (t) => {
  const mapped = new Set(mappedResourceTypes());
  const missing = allScanners.map((s) => s.resourceType).filter((type) => !mapped.has(type));
  t.same(missing, []);
  t.ok(mappedEventSources().every((s) => s.endsWith('.amazonaws.com')));
});
