import t from 'tap';
import { Testing } from 'cdktf';
import { RemediationRoleModule, REMEDIATIONS } from '../../modules/remediation-role/index.js';
import { moduleJson } from '../../modules/lib/module-stack.js';
import { moduleReadme } from '../../modules/lib/docs.js';
import { policyDocs } from './fixtures/checks.js';

// The remediations of issue 5 and the write actions each needs: the expected list, kept apart from
// the module so a change to either shows up here.
const EXPECTED: Record<string, string[]> = {
  'S3 block public access': ['s3:PutBucketPublicAccessBlock'],
  'S3 block public ACLs': ['s3:PutBucketAcl'],
  'S3 default encryption': ['s3:PutEncryptionConfiguration'],
  'S3 versioning': ['s3:PutBucketVersioning'],
  'S3 access logging': ['s3:PutBucketLogging'],
  'CloudTrail create trail': ['cloudtrail:CreateTrail', 'cloudtrail:StartLogging'],
  'CloudTrail log file validation': ['cloudtrail:UpdateTrail'],
  'EC2 VPC flow logs': ['ec2:CreateFlowLogs', 'logs:CreateLogDelivery'],
  'EC2 make AMI private': ['ec2:ModifyImageAttribute'],
  'EC2 stop instance': ['ec2:StopInstances'],
  'EC2 terminate instance': ['ec2:TerminateInstances'],
  'EC2 revoke world-open ingress on admin ports': ['ec2:RevokeSecurityGroupIngress'],
  'IAM password policy': ['iam:UpdateAccountPasswordPolicy'],
  'IAM deactivate unused access keys': ['iam:UpdateAccessKey'],
  'KMS key rotation': ['kms:EnableKeyRotation'],
  'RDS disable public access': ['rds:ModifyDBInstance'],
  'RDS make snapshot private': ['rds:ModifyDBSnapshotAttribute'],
  'RDS enable minor version upgrades': ['rds:ModifyDBInstance'],
  'DynamoDB encryption': ['dynamodb:UpdateTable'],
  'GuardDuty enable': ['guardduty:CreateDetector', 'iam:CreateServiceLinkedRole'],
};

const tf = moduleJson(new RemediationRoleModule(Testing.app()));
const stmts = policyDocs(tf).remediations_doc ?? [];

t.test('the issue lists at least 19 remediations, all covered', async (t) => {
  t.ok(Object.keys(EXPECTED).length >= 19);
});

t.test('the role\'s actions equal the documented list and the expected list', async (t) => {
  const synthesized = new Set(stmts.flatMap((s) => s.actions ?? []));
  const documented = new Set(REMEDIATIONS.flatMap((r) => r.actions));
  const expected = new Set(Object.values(EXPECTED).flat());
  t.same([...synthesized].sort(), [...documented].sort(), 'synthesized = documented');
  t.same([...documented].sort(), [...expected].sort(), 'documented = expected from the issue');
  t.same(stmts.map((s) => s.sid), REMEDIATIONS.map((r) => r.sid), 'one statement per documented remediation');
  for (const s of stmts) t.notOk((s.actions ?? []).some((a) => /:(Get|List|Describe)/.test(a)), `${s.sid}: write actions only`);
});

t.test('one-hour sessions, S3 limited to the account, GuardDuty service role pinned', async (t) => {
  const role = (tf.resource?.aws_iam_role as Record<string, { max_session_duration: number }>).role;
  t.equal(role?.max_session_duration, 3600);
  for (const s of stmts.filter((x) => x.actions?.some((a) => a.startsWith('s3:')))) {
    t.same(s.condition, [{ test: 'StringEquals', variable: 's3:ResourceAccount', values: ['${data.aws_caller_identity.current.account_id}'] }], `${s.sid}`);
  }
  const slr = stmts.find((s) => s.sid === 'GuardDutyServiceRole');
  t.same(slr?.condition, [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['guardduty.amazonaws.com'] }]);
});

t.test('the README documents every remediation with its actions', async (t) => {
  const readme = moduleReadme(new RemediationRoleModule(Testing.app()), './remediation-role');
  for (const r of REMEDIATIONS) t.match(readme, `| ${r.sid} | ${r.remediation} | ${r.actions.map((a) => `\`${a}\``).join(', ')} |`);
});
