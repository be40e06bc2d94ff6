import t from 'tap';
import { allScanners, scannerFor } from '../../../cloud-security/scanners/index.js';

// The resource types of issue 5, as the issue lists them.
const ISSUE_TYPES = [
  'AWS.ACM.Certificate', 'AWS.CloudFormation.Stack', 'AWS.CloudTrail', 'AWS.CloudTrail.Meta',
  'AWS.CloudWatch.LogGroup', 'AWS.Config.Recorder', 'AWS.Config.Recorder.Meta', 'AWS.DynamoDB.Table',
  'AWS.EC2.AMI', 'AWS.EC2.Instance', 'AWS.EC2.NetworkACL', 'AWS.EC2.SecurityGroup', 'AWS.EC2.Volume',
  'AWS.EC2.VPC', 'AWS.ECS.Cluster', 'AWS.EKS.Cluster', 'AWS.ELBV2.ApplicationLoadBalancer',
  'AWS.GuardDuty.Detector', 'AWS.GuardDuty.Detector.Meta', 'AWS.IAM.Group', 'AWS.IAM.Policy',
  'AWS.IAM.Role', 'AWS.IAM.RootUser', 'AWS.IAM.User', 'AWS.KMS.Key', 'AWS.Lambda.Function',
  'AWS.PasswordPolicy', 'AWS.RDS.Instance', 'AWS.Redshift.Cluster', 'AWS.S3.Bucket',
  'AWS.WAF.Regional.WebACL', 'AWS.WAF.WebACL', 'AWS.SecretsManager.Secret', 'AWS.SNS.Topic',
  'AWS.SQS.Queue', 'AWS.EFS.FileSystem', 'AWS.EC2.Snapshot', 'AWS.RDS.Snapshot',
];

t.test('allScanners covers every resource type of the issue exactly once', async (t) => {
  t.equal(ISSUE_TYPES.length, 38);
  const types = allScanners.map((s) => s.resourceType);
  t.equal(new Set(types).size, types.length, 'no type registered twice');
  t.strictSame([...types].sort(), [...ISSUE_TYPES].sort());
});

t.test('global scanners: IAM, the password policy and CloudFront-scoped WAF Classic', async (t) => {
  t.strictSame(
    allScanners.filter((s) => s.global === true).map((s) => s.resourceType).sort(),
    ['AWS.IAM.Group', 'AWS.IAM.Policy', 'AWS.IAM.Role', 'AWS.IAM.RootUser', 'AWS.IAM.User', 'AWS.PasswordPolicy', 'AWS.WAF.WebACL'],
  );
});

t.test('scannerFor finds each registered type and nothing else', async (t) => {
  for (const type of ISSUE_TYPES) t.equal(scannerFor(type)?.resourceType, type, type);
  t.equal(scannerFor('AWS.Nope'), undefined);
});
