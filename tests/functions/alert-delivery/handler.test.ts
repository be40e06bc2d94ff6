// The alert-delivery function: SQS messages of alert ids; alerts read from DynamoDB, destinations
// from the document table and Secrets Manager (aws-sdk-client-mock), sent to a real local server.
import t from 'tap';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { startServer, type LocalServer } from '../../detections/delivery/fixtures/helpers.js';
import { lambdaContext, sqsEventsFrom } from '../../helpers/lambda-events.js';

// The stores use the document client, whose commands carry plain JavaScript values.
const ddb = mockClient(DynamoDBDocumentClient);
const sm = mockClient(SecretsManagerClient);
const sqs = mockClient(SQSClient);
Object.assign(process.env, {
  ALERTS_TABLE: 'acme-alerts',
  DOCUMENTS_TABLE: 'acme-documents',
  DEPLOYMENT_PREFIX: 'acme',
  CONSOLE_URL: 'https://console.acme.test',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/acme-alert-delivery',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIATEST',
  AWS_SECRET_ACCESS_KEY: 'test-secret',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'CRITICAL',
});
const { handler } = await import('../../../functions/alert-delivery/handler.js');
const { MAX_REQUEUES, requeueDelaySeconds } = await import('../../../functions/alert-delivery/deliver-message.js');

const alertItem = (alertId: string, severity: string) =>
  ({
      pk: `ALERT#${alertId}`,
      alertId,
      type: 'RULE',
      ruleId: 'AWS.CloudTrail.RootAccountUsed',
      title: 'Root account used',
      severity,
      dedup: '111122223333',
      eventCount: 1,
      logTypes: new Set(['AWS.CloudTrail']),
      creationTime: '2026-11-23T10:00:00.000Z',
      updateTime: '2026-11-23T10:00:00.000Z',
      status: 'OPEN',
      alertContextJson: '{"ip":"203.0.113.7"}',
      destinations: [],
  });

const sqsEvent = sqsEventsFrom('arn:aws:sqs:us-east-1:123456789012:acme-alert-delivery');
const context = lambdaContext('acme-alert-delivery', 60_000);

let ok: LocalServer;
let down: LocalServer;
t.before(async () => {
  ok = await startServer();
  down = await startServer(() => ({ status: 400, body: 'rejected' }));
});
t.teardown(async () => {
  await ok.close();
  await down.close();
});

function setup(): void {
  ddb.reset();
  sm.reset();
  sqs.reset();
  ddb.on(GetCommand, { TableName: 'acme-alerts', Key: { pk: 'ALERT#a-high' } }).resolves({ Item: alertItem('a-high', 'HIGH') });
  ddb.on(GetCommand, { TableName: 'acme-alerts', Key: { pk: 'ALERT#a-low' } }).resolves({ Item: alertItem('a-low', 'LOW') });
  ddb.on(GetCommand, { TableName: 'acme-alerts', Key: { pk: 'ALERT#gone' } }).resolves({});
  const doc = (id: string, value: Record<string, unknown>) => ({ pk: 'destinations', sk: id, json: JSON.stringify(value), version: 1, updatedAt: '2026-11-23T09:00:00.000Z' });
  ddb.on(QueryCommand).resolves({
    Items: [
      doc('good', { id: 'good', name: 'Good', type: 'webhook', defaultForSeverity: ['HIGH'], settings: {}, secretName: 'acme/destinations/good' }),
      doc('bad', { id: 'bad', name: 'Bad', type: 'webhook', defaultForSeverity: ['HIGH', 'LOW'], settings: {}, secretName: 'acme/destinations/bad' }),
    ],
  });
  sm.on(GetSecretValueCommand, { SecretId: 'acme/destinations/good' }).resolves({ SecretString: JSON.stringify({ url: `${ok.url}/hook/GOODTOKEN`, headers: {} }) });
  sm.on(GetSecretValueCommand, { SecretId: 'acme/destinations/bad' }).resolves({ SecretString: JSON.stringify({ url: `${down.url}/hook/BADTOKEN`, headers: {} }) });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'x' });
  ok.received.length = 0;
  down.received.length = 0;
}

t.test('an alert is sent to its destinations; a failed destination alone is re-queued with a delay', async (t) => {
  setup();
  const res = await handler(sqsEvent(JSON.stringify({ alertId: 'a-high' })), context);
  t.same(res, { batchItemFailures: [] });
  t.equal(ok.received.length, 1);
  t.match(JSON.parse(ok.received[0]!.body), { alertId: 'a-high', severity: 'HIGH', link: 'https://console.acme.test/alerts/a-high' });
  t.equal(down.received.length, 1, 'a 400 is not retried in place');
  const sent = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
  t.same(sent, [{ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ alertId: 'a-high', destinationIds: ['bad'], attempt: 1 }), DelaySeconds: requeueDelaySeconds(0) }]);
  t.same(ddb.commandCalls(QueryCommand)[0]!.args[0].input.TableName, 'acme-documents');
});

t.test('a re-queued message goes to the listed destinations only; past the last re-queue the message fails', async (t) => {
  setup();
  const res = await handler(sqsEvent(JSON.stringify({ alertId: 'a-high', destinationIds: ['bad'], attempt: MAX_REQUEUES }), JSON.stringify({ alertId: 'a-high', destinationIds: ['good'], attempt: 1 })), context);
  t.same(res, { batchItemFailures: [{ itemIdentifier: 'm0' }] });
  t.equal(down.received.length, 1);
  t.equal(ok.received.length, 1);
  t.equal(sqs.commandCalls(SendMessageCommand).length, 0);
});

t.test('unknown alerts and malformed messages fail alone; the rest of the batch is delivered', async (t) => {
  setup();
  const res = await handler(sqsEvent('not json', JSON.stringify({ alertId: 'gone' }), JSON.stringify({ alertId: 'a-low', extra: 1 }), JSON.stringify({ alertId: 'a-high', destinationIds: ['good'] })), context);
  t.same(res.batchItemFailures.map((f) => f.itemIdentifier).sort(), ['m0', 'm1', 'm2']);
  t.equal(ok.received.length, 1);
  t.same(ddb.commandCalls(GetCommand).map((c) => c.args[0].input.ConsistentRead), [true, true]);
});

t.test('what the function logs names destinations and errors, never their secrets', async (t) => {
  setup();
  const { Logger } = await import('@aws-lambda-powertools/logger');
  const { Metrics } = await import('@aws-lambda-powertools/metrics');
  const { depsFromEnv } = await import('../../../functions/alert-delivery/config.js');
  const { deliverMessage } = await import('../../../functions/alert-delivery/deliver-message.js');
  const lines: string[] = [];
  const out1 = process.stdout.write.bind(process.stdout);
  const out2 = process.stderr.write.bind(process.stderr);
  // Powertools writes JSON lines to stdout and stderr: capture them at the most verbose level.
  const capture = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await deliverMessage(JSON.stringify({ alertId: 'a-high' }), depsFromEnv(process.env), new Logger({ serviceName: 't', logLevel: 'DEBUG' }), new Metrics({ namespace: 'T' }));
  } finally {
    process.stdout.write = out1;
    process.stderr.write = out2;
  }
  const out = lines.join('');
  t.match(out, /"destination":"Bad"/);
  t.match(out, /HTTP 400: rejected/);
  t.notMatch(out, /GOODTOKEN|BADTOKEN/);
});
