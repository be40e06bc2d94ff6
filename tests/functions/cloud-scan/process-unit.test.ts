// cloud-scan: one SQS unit message -> the unit run (role assumed, scanned, evaluated, recorded)
// and the opened policy alerts queued for delivery (SendMessageBatch shape asserted).
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { RescanDebouncer } from '../../../cloud-security/realtime/debounce.js';
import { formatUnitMessage } from '../../../cloud-security/units/unit.js';
import { sqsAlertQueue } from '../../../detections/delivery/queue-message.js';
import { depsFromEnv } from '../../../functions/cloud-scan/config.js';
import { processUnitMessage } from '../../../functions/cloud-scan/process-unit.js';
import { ACCOUNT, recordingLogger, unitScanDeps } from './fixtures/unit-scan.js';

const ALERT_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/acme-alert-delivery';
const { logs, logger } = recordingLogger();

function setup(t: Test) {
  const sqs = mockClient(SQSClient);
  t.teardown(() => sqs.restore());
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  const { sts, deps } = unitScanDeps(t, { enqueueAlerts: sqsAlertQueue(new SQSClient({ region: 'eu-west-1' }), ALERT_QUEUE) });
  return { sts, sqs, deps };
}

t.test('a unit message: scanned with the audit role, two new failures queued for delivery', async (t) => {
  const { sts, sqs, deps } = setup(t);
  const body = formatUnitMessage({ accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' }, 'schedule');
  const r = await processUnitMessage(body, deps, logger);
  t.same(r, { unit: `${ACCOUNT}.eu-west-1.AWS.S3.Bucket`, status: 'done', resources: 3, alertsOpened: 2 });
  t.match(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/PantherAuditRole`, ExternalId: 'ext-1234' });
  const [send] = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
  t.equal(send?.QueueUrl, ALERT_QUEUE);
  t.equal(send?.Entries?.length, 2);
  t.ok(send?.Entries?.every((e) => typeof JSON.parse(e.MessageBody ?? '{}').alertId === 'string'));

  // The same unit again: still failing, no new alert, nothing queued.
  const again = await processUnitMessage(body, deps, logger);
  t.equal(again.alertsOpened, 0);
  t.equal(sqs.commandCalls(SendMessageBatchCommand).length, 1);
});

t.test('a targeted unit from an event evaluates only its resources', async (t) => {
  const { deps } = setup(t);
  const body = formatUnitMessage({ accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['c'] }, 'event');
  t.same(await processUnitMessage(body, deps, logger), { unit: `${ACCOUNT}.eu-west-1.AWS.S3.Bucket`, status: 'done', resources: 1, alertsOpened: 1 });
});

t.test('an event unit is widened by the events that joined its pending rescan', async (t) => {
  const { deps } = setup(t);
  const dir = mkdtempSync(join(tmpdir(), 'panther-cloud-scan-debounce-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const docs = new DirDocumentStore(dir);
  const u = { accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' };
  const rescans = new RescanDebouncer(docs, 60_000);
  await rescans.admit([{ ...u, resources: ['c'] }], new Date());
  await rescans.admit([{ ...u, resources: ['b'] }], new Date());
  const r = await processUnitMessage(formatUnitMessage({ ...u, resources: ['c'] }, 'event'), { ...deps, debounce: new RescanDebouncer(docs, 0) }, logger);
  t.equal(r.resources, 2, 'b joined c');
  t.equal(r.alertsOpened, 2);
});

t.test('a malformed message is dropped and logged without its body; a failed unit is acknowledged', async (t) => {
  const { deps } = setup(t);
  logs.length = 0;
  t.same(await processUnitMessage('{"v":1,"accountId":"<script>"}', deps, logger), { status: 'malformed', resources: 0, alertsOpened: 0 });
  t.equal(logs[0]?.[1], 'malformed scan unit message dropped');
  t.notOk(JSON.stringify(logs).includes('<script>'));
  const other = formatUnitMessage({ accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.EC2.VPC', partition: 'aws' }, 'schedule');
  t.same(await processUnitMessage(other, deps, logger), { unit: `${ACCOUNT}.eu-west-1.AWS.EC2.VPC`, status: 'failed', resources: 0, alertsOpened: 0 });
});

t.test('the environment is validated', async (t) => {
  const clients = { dynamodb: new DynamoDBClient({ region: 'eu-west-1' }), sqs: new SQSClient({ region: 'eu-west-1' }), sts: new STSClient({ region: 'eu-west-1' }) };
  await t.rejects(depsFromEnv({}, clients), /PACK_DIR is not set/);
});
