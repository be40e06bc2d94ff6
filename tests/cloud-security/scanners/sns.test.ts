import t from 'tap';
import { GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { snsTopicScanner } from '../../../cloud-security/scanners/sns.js';
import { awsError, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const sns = mockClient(SNSClient);
const arnOf = (n: string) => `arn:aws:sns:us-east-1:123456789012:${n}`;
// SNS's denial: AuthorizationError (Query protocol), a 403.
const deniedSns = () => awsError('AuthorizationErrorException', 'User is not authorized to perform: SNS:GetTopicAttributes', 403);
const POLICY = JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: arnOf('alerts') }] });
const attributes = (n: string) => ({
  TopicArn: arnOf(n),
  Owner: '123456789012',
  Policy: POLICY,
  DisplayName: 'Alerts',
  KmsMasterKeyId: 'alias/aws/sns',
  SubscriptionsConfirmed: '2',
  SubscriptionsPending: '0',
  SubscriptionsDeleted: '0',
  EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}',
});

t.beforeEach(() => sns.reset());

t.test('full snapshot of one topic, field by field', async (t) => {
  sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: arnOf('alerts') }] });
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: attributes('alerts') });
  sns.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'team', Value: 'sec' }] });
  const { ctx, problems } = makeCtx();
  const out = await drain(snsTopicScanner, ctx);
  t.same(problems, []);
  t.same(out, [
    {
      ResourceId: arnOf('alerts'),
      ResourceType: 'AWS.SNS.Topic',
      AccountId: '123456789012',
      Region: 'us-east-1',
      Name: 'alerts',
      ARN: arnOf('alerts'),
      Tags: { team: 'sec' },
      TimeCreated: null,
      DisplayName: 'Alerts',
      Owner: '123456789012',
      Policy: POLICY,
      KmsMasterKeyId: 'alias/aws/sns',
      FifoTopic: null,
      SubscriptionsConfirmed: '2',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      DeliveryPolicy: null,
      EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}',
      SignatureVersion: null,
      TracingConfig: null,
    },
  ]);
});

t.test('two pages: both yielded, the NextToken passed', async (t) => {
  const pages = paged([{ Topics: [{ TopicArn: arnOf('a') }], NextToken: 'n1' }, { Topics: [{ TopicArn: arnOf('b') }] }], 'NextToken');
  sns.on(ListTopicsCommand).callsFake(pages.fake);
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: {} });
  sns.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  const { ctx } = makeCtx();
  t.same((await drain(snsTopicScanner, ctx)).map((s) => s.Name), ['a', 'b']);
  t.same(pages.seen, [undefined, 'n1']);
});

t.test('denied attributes: topic yielded, attributes null, problem recorded; throttled tags likewise', async (t) => {
  sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: arnOf('locked') }] });
  sns.on(GetTopicAttributesCommand).rejects(deniedSns());
  // Mocked send bypasses the SDK's retry middleware: one call, then our handling.
  sns.on(ListTagsForResourceCommand).rejectsOnce(throttled('ThrottledException')).resolves({ Tags: [] });
  const { ctx, problems } = makeCtx();
  const [s] = await drain(snsTopicScanner, ctx);
  t.equal(s?.ARN, arnOf('locked'));
  t.equal(s?.Policy, null);
  t.equal(s?.KmsMasterKeyId, null);
  t.same(s?.Tags, {});
  t.match(problems, [
    { resourceType: 'AWS.SNS.Topic', resourceId: arnOf('locked'), kind: 'access-denied' },
    { resourceId: arnOf('locked'), kind: 'throttled', message: /^ThrottledException:/ },
  ]);
});

t.test('a topic deleted after the listing is skipped', async (t) => {
  sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: arnOf('gone') }, { TopicArn: arnOf('kept') }] });
  sns.on(GetTopicAttributesCommand, { TopicArn: arnOf('gone') }).rejects(awsError('NotFoundException', 'Topic does not exist', 404));
  sns.on(GetTopicAttributesCommand, { TopicArn: arnOf('kept') }).resolves({ Attributes: attributes('kept') });
  sns.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  const { ctx, problems } = makeCtx();
  t.same((await drain(snsTopicScanner, ctx)).map((s) => s.Name), ['kept']);
  t.same(problems, []);
});

t.test('denied list: problem recorded, nothing yielded', async (t) => {
  sns.on(ListTopicsCommand).rejects(deniedSns());
  const { ctx, problems } = makeCtx();
  t.same(await drain(snsTopicScanner, ctx), []);
  t.match(problems, [{ resourceType: 'AWS.SNS.Topic', kind: 'access-denied' }]);
});
