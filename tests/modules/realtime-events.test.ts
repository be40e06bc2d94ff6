import t from 'tap';
import { Testing } from 'cdktf';
import { RealtimeEventsModule } from '../../modules/realtime-events/index.js';
import { moduleJson } from '../../modules/lib/module-stack.js';
import { policyDocs } from './fixtures/checks.js';

const tf = moduleJson(new RealtimeEventsModule(Testing.app()));
const docs = policyDocs(tf);
const res = tf.resource as Record<string, Record<string, Record<string, unknown>>>;

t.test('the rule matches CloudTrail API calls and targets the deployment bus through the role', async (t) => {
  t.equal(res.aws_cloudwatch_event_rule?.rule?.event_pattern, '${jsonencode({"detail-type" = ["AWS API Call via CloudTrail"]})}');
  t.same(
    { arn: res.aws_cloudwatch_event_target?.target?.arn, role: res.aws_cloudwatch_event_target?.target?.role_arn, rule: res.aws_cloudwatch_event_target?.target?.rule },
    { arn: '${var.event_bus_arn}', role: '${aws_iam_role.role.arn}', rule: '${aws_cloudwatch_event_rule.rule.name}' },
  );
});

t.test('the role may put events on that bus only', async (t) => {
  t.same(docs.put_events_doc, [{ sid: 'PutOnDeploymentBus', effect: 'Allow', actions: ['events:PutEvents'], resources: ['${var.event_bus_arn}'] }]);
});

t.test('only EventBridge, for this rule in this account, may assume the role', async (t) => {
  t.same(docs.trust, [
    {
      sid: 'AssumeByThisRule',
      effect: 'Allow',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
      condition: [
        { test: 'ArnEquals', variable: 'aws:SourceArn', values: ['${aws_cloudwatch_event_rule.rule.arn}'] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['${data.aws_caller_identity.current.account_id}'] },
      ],
    },
  ]);
});
