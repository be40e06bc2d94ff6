// realtime-events: forwards the account's CloudTrail management events to the deployment's event bus.
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { ModuleStack, type ResourceWildcard } from '../lib/module-stack.js';
import { policyDocument } from '../lib/iam.js';

/** The only statement names the bus. */
export const REALTIME_RESOURCE_WILDCARDS: readonly ResourceWildcard[] = [];

/** EventBridge delivers only mutating API calls for this detail-type, which is what rescans need. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

export class RealtimeEventsModule extends ModuleStack {
  readonly moduleName = 'realtime-events';
  readonly summary =
    'EventBridge rule that forwards the account\'s "AWS API Call via CloudTrail" events to the deployment\'s event bus, which triggers targeted rescans. Needs a CloudTrail trail logging management events in the region. Apply once per region to watch.';
  readonly exampleInputs: Readonly<Record<string, string | boolean>> = { event_bus_arn: 'arn:aws:events:us-east-1:111111111111:event-bus/panther-events' };
  readonly resourceWildcards = REALTIME_RESOURCE_WILDCARDS;

  constructor(scope: Construct, id = 'realtime-events') {
    super(scope, id);
    const bus = this.variable('event_bus_arn', { type: 'string', description: 'ARN of the deployment\'s event bus.' });
    const ruleName = this.variable('rule_name', { type: 'string', default: 'panther-cloudtrail-events', description: 'Name of the EventBridge rule.' });
    const roleName = this.variable('role_name', { type: 'string', default: 'PantherRealtimeEventsRole', description: 'Name of the role EventBridge uses to put events on the bus.' });

    const rule = new CloudwatchEventRule(this, 'rule', {
      name: ruleName.stringValue,
      description: 'CloudTrail API calls to the Panther event bus',
      eventPattern: Fn.jsonencode({ 'detail-type': [CLOUDTRAIL_DETAIL_TYPE] }),
    });
    // A service role: EventBridge cannot pass an external id, so the confused-deputy guard is the
    // source rule's ARN and account instead.
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'AssumeByThisRule',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          condition: [
            { test: 'ArnEquals', variable: 'aws:SourceArn', values: [rule.arn] },
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [this.accountId] },
          ],
        },
      ],
    });
    const role = new IamRole(this, 'role', { name: roleName.stringValue, description: 'Forward CloudTrail events to the Panther event bus', assumeRolePolicy: trust.json });
    new IamRolePolicy(this, 'put_events', { name: 'put-events', role: role.name, policy: policyDocument(this, 'put_events_doc', [{ sid: 'PutOnDeploymentBus', actions: ['events:PutEvents'], resources: [bus.stringValue] }]).json });
    new CloudwatchEventTarget(this, 'target', { rule: rule.name, targetId: 'panther-event-bus', arn: bus.stringValue, roleArn: role.arn });

    this.output('rule_arn', rule.arn, 'ARN of the EventBridge rule.');
    this.output('role_arn', role.arn, 'ARN of the role EventBridge uses; the deployment\'s bus policy must allow this account to put events.');
  }

  override notes(): string {
    return [
      '## Trust',
      '',
      'The role trusts the EventBridge service, limited by `aws:SourceArn` to this module\'s rule and by',
      '`aws:SourceAccount` to this account: a service principal cannot present an external id. The',
      'deployment\'s event bus must have a resource policy that lets this account (or organization) put events.',
    ].join('\n');
  }
}
