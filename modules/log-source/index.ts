// log-source: lets the deployment's log processor read one bucket/prefix of a monitored account.
import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import { ModuleStack, type ResourceWildcard } from '../lib/module-stack.js';
import { policyDocument, trustPolicy } from '../lib/iam.js';

/** Every statement names the bucket, prefix or key. */
export const LOG_SOURCE_RESOURCE_WILDCARDS: readonly ResourceWildcard[] = [];

export class LogSourceModule extends ModuleStack {
  readonly moduleName = 'log-source';
  readonly summary =
    'Role the deployment\'s log processor assumes (with the external id) to read one bucket/prefix, decrypting with the bucket\'s KMS key when one is given, and the bucket notification that sends ObjectCreated events under the prefix to the deployment\'s input topic.';
  readonly exampleInputs: Readonly<Record<string, string | boolean>> = {
    processor_role_arn: 'arn:aws:iam::111111111111:role/panther-log-processor',
    external_id: 'replace-with-the-deployment-external-id',
    bucket_name: 'acme-cloudtrail-logs',
    prefix: 'AWSLogs/',
    input_topic_arn: 'arn:aws:sns:us-east-1:111111111111:panther-input',
  };
  readonly resourceWildcards = LOG_SOURCE_RESOURCE_WILDCARDS;

  constructor(scope: Construct, id = 'log-source') {
    super(scope, id);
    const roleName = this.variable('role_name', { type: 'string', default: 'PantherLogSourceRole', description: 'Name of the role the log processor assumes.' });
    const processor = this.variable('processor_role_arn', { type: 'string', description: 'ARN of the deployment\'s log processor role, the only principal that may assume this role.' });
    const externalId = this.variable('external_id', { type: 'string', sensitive: true, description: 'External id the log processor must present (sts:ExternalId).' });
    const bucket = this.variable('bucket_name', { type: 'string', description: 'Bucket holding the logs.' });
    const prefix = this.variable('prefix', { type: 'string', default: '', description: 'Key prefix of the logs in the bucket ("" for the whole bucket).' });
    const kmsKey = this.variable('kms_key_arn', { type: 'string', default: '', description: 'ARN of the KMS key the objects are encrypted with; "" when they use SSE-S3 or none.' });
    const topic = this.variable('input_topic_arn', { type: 'string', description: 'ARN of the deployment\'s input SNS topic the bucket notifies.' });
    const manageNotification = this.variable('manage_notification', {
      type: 'bool',
      default: true,
      description: 'Create the bucket notification. Set false when the bucket\'s notification configuration is managed elsewhere: S3 keeps one configuration per bucket, so this resource replaces any other.',
    });

    const arnS3 = `arn:${this.partition}:s3:::${bucket.stringValue}`;
    const role = new IamRole(this, 'role', {
      name: roleName.stringValue,
      description: 'Panther log processing: read one bucket/prefix',
      assumeRolePolicy: trustPolicy(this, 'trust', processor.stringValue, externalId.stringValue).json,
      maxSessionDuration: 3600,
    });
    const read = policyDocument(this, 'read_doc', [
      { sid: 'ReadObjects', actions: ['s3:GetObject'], resources: [`${arnS3}/${prefix.stringValue}*`] },
      { sid: 'ListPrefix', actions: ['s3:ListBucket'], resources: [arnS3], conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${prefix.stringValue}*`] }] },
    ]);
    new IamRolePolicy(this, 'read', { name: 'read-logs', role: role.name, policy: read.json });

    // Only when the objects use a customer key: count keeps the module usable without one. Raw
    // expressions here because cdktf renders an empty-string literal in Op.eq as `undefined`.
    const withKey = Token.asNumber('${var.kms_key_arn == "" ? 0 : 1}');
    const decrypt = policyDocument(this, 'decrypt_doc', [{ sid: 'DecryptObjects', actions: ['kms:Decrypt'], resources: [kmsKey.stringValue] }]);
    decrypt.count = withKey;
    new IamRolePolicy(this, 'decrypt', { count: withKey, name: 'decrypt-logs', role: role.name, policy: Token.asString(`\${data.aws_iam_policy_document.decrypt_doc[0].json}`) });

    new S3BucketNotification(this, 'notification', {
      count: Fn.conditional(manageNotification.booleanValue, 1, 0),
      bucket: bucket.stringValue,
      topic: [{ topicArn: topic.stringValue, events: ['s3:ObjectCreated:*'], filterPrefix: Token.asString('${var.prefix == "" ? null : var.prefix}') }],
    });

    this.output('role_arn', role.arn, 'ARN of the role (register it with the source in the deployment).');
    this.output('role_name', role.name, 'Name of the role.');
  }

  override notes(): string {
    return [
      '## The bucket notification',
      '',
      'S3 keeps a single notification configuration per bucket: `aws_s3_bucket_notification` owns all of it',
      'and replaces notifications created by anything else (another module, the console, a CloudTrail setup).',
      'If the bucket already notifies other targets, set `manage_notification = false` and add the',
      'topic (events `s3:ObjectCreated:*`, the prefix as filter) to the configuration that already exists.',
      'The deployment\'s input topic must allow this account\'s buckets to publish (the root stack\'s',
      'S3 publisher account list).',
    ].join('\n');
  }
}
