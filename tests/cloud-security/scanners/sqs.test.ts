import t from 'tap';
import { GetQueueAttributesCommand, ListQueueTagsCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { sqsQueueScanner } from '../../../cloud-security/scanners/sqs.js';
import { awsError, denied, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const sqs = mockClient(SQSClient);
const urlOf = (n: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${n}`;
const arnOf = (n: string) => `arn:aws:sqs:us-east-1:123456789012:${n}`;
const REDRIVE = JSON.stringify({ deadLetterTargetArn: arnOf('jobs-dlq'), maxReceiveCount: 5 });
const attributes = (n: string) => ({
  QueueArn: arnOf(n),
  ApproximateNumberOfMessages: '0',
  ApproximateNumberOfMessagesNotVisible: '0',
  ApproximateNumberOfMessagesDelayed: '0',
  CreatedTimestamp: '1704067200',
  LastModifiedTimestamp: '1714979289',
  VisibilityTimeout: '30',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '20',
  RedrivePolicy: REDRIVE,
  KmsMasterKeyId: 'alias/aws/sqs',
  KmsDataKeyReusePeriodSeconds: '300',
  SqsManagedSseEnabled: 'false',
});

t.beforeEach(() => sqs.reset());

t.test('full snapshot of one queue, field by field', async (t) => {
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: [urlOf('jobs')] });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: attributes('jobs') });
  sqs.on(ListQueueTagsCommand).resolves({ Tags: { app: 'jobs' } });
  const { ctx, problems } = makeCtx();
  const out = await drain(sqsQueueScanner, ctx);
  t.same(problems, []);
  t.same(out, [
    {
      ResourceId: arnOf('jobs'),
      ResourceType: 'AWS.SQS.Queue',
      AccountId: '123456789012',
      Region: 'us-east-1',
      Name: 'jobs',
      ARN: arnOf('jobs'),
      Tags: { app: 'jobs' },
      TimeCreated: '2024-01-01T00:00:00.000Z',
      QueueUrl: urlOf('jobs'),
      Policy: null,
      KmsMasterKeyId: 'alias/aws/sqs',
      KmsDataKeyReusePeriodSeconds: '300',
      SqsManagedSseEnabled: 'false',
      RedrivePolicy: REDRIVE,
      RedriveAllowPolicy: null,
      VisibilityTimeout: '30',
      MessageRetentionPeriod: '345600',
      FifoQueue: null,
      CreatedTimestamp: '1704067200',
      LastModifiedTimestamp: '1714979289',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      MaximumMessageSize: '262144',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '20',
    },
  ]);
  t.same(sqs.commandCalls(GetQueueAttributesCommand)[0]?.args[0].input.AttributeNames, ['All']);
});

t.test('two pages: both yielded, the NextToken passed', async (t) => {
  const pages = paged([{ QueueUrls: [urlOf('a')], NextToken: 'n1' }, { QueueUrls: [urlOf('b')] }], 'NextToken');
  sqs.on(ListQueuesCommand).callsFake(pages.fake);
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
  sqs.on(ListQueueTagsCommand).resolves({});
  const { ctx } = makeCtx();
  t.same((await drain(sqsQueueScanner, ctx)).map((s) => s.Name), ['a', 'b']);
  t.same(pages.seen, [undefined, 'n1']);
  t.equal(sqs.commandCalls(ListQueuesCommand)[0]?.args[0].input.MaxResults, 1000);
});

t.test('denied attributes: queue yielded with the ARN from its URL, attributes null; throttled tags recorded', async (t) => {
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: [urlOf('locked')] });
  sqs.on(GetQueueAttributesCommand).rejects(denied());
  // Mocked send bypasses the SDK's retry middleware: one call, then our handling.
  sqs.on(ListQueueTagsCommand).rejectsOnce(throttled('RequestThrottled')).resolves({});
  const { ctx, problems } = makeCtx();
  const [s] = await drain(sqsQueueScanner, ctx);
  t.equal(s?.ARN, arnOf('locked'));
  t.equal(s?.KmsMasterKeyId, null);
  t.equal(s?.SqsManagedSseEnabled, null);
  t.equal(s?.TimeCreated, null);
  t.match(problems, [
    { resourceType: 'AWS.SQS.Queue', resourceId: arnOf('locked'), kind: 'access-denied' },
    // SQS's own throttling code is classified as throttling.
    { resourceId: arnOf('locked'), kind: 'throttled', message: /^RequestThrottled:/ },
  ]);
});

t.test('a queue deleted after the listing is skipped', async (t) => {
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: [urlOf('gone'), urlOf('kept')] });
  sqs.on(GetQueueAttributesCommand, { QueueUrl: urlOf('gone') }).rejects(awsError('QueueDoesNotExist', 'The specified queue does not exist.'));
  sqs.on(GetQueueAttributesCommand, { QueueUrl: urlOf('kept') }).resolves({ Attributes: attributes('kept') });
  sqs.on(ListQueueTagsCommand).resolves({});
  const { ctx, problems } = makeCtx();
  t.same((await drain(sqsQueueScanner, ctx)).map((s) => s.Name), ['kept']);
  t.same(problems, []);
});

t.test('denied list: problem recorded, nothing yielded', async (t) => {
  sqs.on(ListQueuesCommand).rejects(denied());
  const { ctx, problems } = makeCtx();
  t.same(await drain(sqsQueueScanner, ctx), []);
  t.match(problems, [{ resourceType: 'AWS.SQS.Queue', kind: 'access-denied' }]);
});
