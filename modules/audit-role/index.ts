// audit-role: the read-only role the deployment's scanners assume in a monitored account.
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { ModuleStack, type ResourceWildcard } from '../lib/module-stack.js';
import { policyDocument, trustPolicy, type Statement } from '../lib/iam.js';

/**
 * Read actions the scanners (issue 5) call beyond the SecurityAudit managed policy, each with the
 * resource types that need it: WAF classic ACL/rule bodies, per-service tag listings, CloudFormation
 * drift detection and what drift detection reads. These are the gaps audit roles of scanners of this
 * kind have long added to SecurityAudit (it favours list/describe calls); AWS revises the managed
 * policy, and an action granted twice is harmless, so the list errs on the side of the scanners.
 */
export const AUDIT_EXTRA_READS: readonly { sid: string; actions: readonly string[]; why: string; arn: (p: string, a: string) => string[] }[] = [
  {
    sid: 'WafClassicAcls',
    actions: ['waf:GetWebACL', 'waf:GetRule', 'waf:ListTagsForResource'],
    why: 'AWS.WAF.WebACL: the ACL\'s rules and tags',
    arn: (p, a) => [`arn:${p}:waf::${a}:webacl/*`, `arn:${p}:waf::${a}:rule/*`],
  },
  {
    sid: 'WafRegionalAcls',
    actions: ['waf-regional:GetWebACL', 'waf-regional:GetRule', 'waf-regional:ListTagsForResource', 'waf-regional:GetWebACLForResource'],
    why: 'AWS.WAF.Regional.WebACL and AWS.ELBV2.ApplicationLoadBalancer: regional ACLs, their rules and tags, and the ACL attached to a load balancer',
    arn: (p, a) => [`arn:${p}:waf-regional:*:${a}:webacl/*`, `arn:${p}:waf-regional:*:${a}:rule/*`, `arn:${p}:elasticloadbalancing:*:${a}:loadbalancer/app/*`],
  },
  {
    sid: 'ResourceTags',
    actions: ['dynamodb:ListTagsOfResource', 'kms:ListResourceTags', 'sns:ListTagsForResource'],
    why: 'the common Tags field of AWS.DynamoDB.Table, AWS.KMS.Key and AWS.SNS.Topic snapshots',
    arn: (p, a) => [`arn:${p}:dynamodb:*:${a}:table/*`, `arn:${p}:kms:*:${a}:key/*`, `arn:${p}:sns:*:${a}:*`],
  },
  {
    sid: 'StackDrift',
    actions: ['cloudformation:DetectStackDrift', 'cloudformation:DetectStackResourceDrift'],
    why: 'AWS.CloudFormation.Stack: the drift status of each stack (starting detection is its own action)',
    arn: (p, a) => [`arn:${p}:cloudformation:*:${a}:stack/*/*`],
  },
  {
    sid: 'LambdaForDrift',
    actions: ['lambda:GetFunction'],
    why: 'AWS.Lambda.Function and stack drift: CloudFormation reads functions with the caller\'s credentials when it detects drift',
    arn: (p, a) => [`arn:${p}:lambda:*:${a}:function:*`],
  },
];

/** Every extra read is scoped to this account's ARNs: no statement here needs `Resource: "*"`. */
export const AUDIT_RESOURCE_WILDCARDS: readonly ResourceWildcard[] = [];

export class AuditRoleModule extends ModuleStack {
  readonly moduleName = 'audit-role';
  readonly summary =
    'Read-only role the deployment\'s scanners assume for configuration scans: the AWS managed SecurityAudit policy plus a few scoped read actions SecurityAudit lacks. Only the scanner role may assume it, and only with the external id.';
  readonly exampleInputs: Readonly<Record<string, string | boolean>> = {
    scanner_role_arn: 'arn:aws:iam::111111111111:role/panther-scanner',
    external_id: 'replace-with-the-deployment-external-id',
  };
  readonly resourceWildcards = AUDIT_RESOURCE_WILDCARDS;

  constructor(scope: Construct, id = 'audit-role') {
    super(scope, id);
    const roleName = this.variable('role_name', { type: 'string', default: 'PantherAuditRole', description: 'Name of the audit role.' });
    const scanner = this.variable('scanner_role_arn', { type: 'string', description: 'ARN of the deployment\'s scanner role, the only principal that may assume this role.' });
    const externalId = this.variable('external_id', { type: 'string', sensitive: true, description: 'External id the scanner must present (sts:ExternalId).' });

    const trust = trustPolicy(this, 'trust', scanner.stringValue, externalId.stringValue);
    const role = new IamRole(this, 'role', {
      name: roleName.stringValue,
      description: 'Panther configuration scans (read-only)',
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    new IamRolePolicyAttachment(this, 'security_audit', { role: role.name, policyArn: `arn:${this.partition}:iam::aws:policy/SecurityAudit` });
    const statements: Statement[] = AUDIT_EXTRA_READS.map((r) => ({ sid: r.sid, actions: r.actions, resources: r.arn(this.partition, this.accountId) }));
    new IamRolePolicy(this, 'extra_reads', { name: 'scanner-extra-reads', role: role.name, policy: policyDocument(this, 'extra_reads_doc', statements).json });

    this.output('role_arn', role.arn, 'ARN of the audit role (give it to the deployment with the external id).');
    this.output('role_name', role.name, 'Name of the audit role.');
  }

  override notes(): string {
    return [
      '## Permissions beyond SecurityAudit',
      '',
      '| Sid | Actions | Why |',
      '| --- | --- | --- |',
      ...AUDIT_EXTRA_READS.map((r) => `| ${r.sid} | ${r.actions.map((a) => `\`${a}\``).join(', ')} | ${r.why} |`),
      '',
      'Each is limited to ARNs of the account the module is applied in.',
    ].join('\n');
  }
}
