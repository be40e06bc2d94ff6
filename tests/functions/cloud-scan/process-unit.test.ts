// cloud-scan: one SQS unit message -> the unit run (role assumed, scanned, evaluated, recorded)
// and the opened policy alerts queued for delivery (SendMessageBatch shape asserted).
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { RescanDebouncer } from '../../../cloud-security/realtime/debounce.js';
import { EmbeddedComplianceStore } from '../../../cloud-security/compliance/embedded-store.js';
import type { ResourceScanner } from '../../../cloud-security/types.js';
import { UnitStateStore } from '../../../cloud-security/units/state.js';
import { formatUnitMessage } from '../../../cloud-security/units/unit.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import type { PolicyItem } from '../../../detections/analysis/spec.js';
import { sqsAlertQueue } from '../../../detections/delivery/queue-message.js';
import { depsFromEnv } from '../../../functions/cloud-scan/config.js';
import { processUnitMessage, type ScanDeps } from '../../../functions/cloud-scan/process-unit.js';

const ACCOUNT = '111111111111';
const ALERT_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/acme-alert-delivery';
const loaded = await loadAnalysisDir(fileURLToPath(new URL('../../cloud-security/fixtures/policies', import.meta.url)));
const policies = loaded.items.filter((i): i is PolicyItem => i.type === 'policy' && i.id === 'Test.Bucket.Versioning');

const buckets: ResourceScanner = {
  resourceType: 'AWS.S3.Bucket',
  async *scan(ctx) {
    const creds = ctx.clientConfig.credentials;
    if (typeof creds === 'function') await creds();
    for (const [name, v] of [['a', 'Enabled'], ['b', null], ['c', null]] as const) {
      yield { ResourceId: `arn:aws:s3:::${name}`, ResourceType: 'AWS.S3.Bucket', AccountId: ctx.accountId, Region: ctx.region, Name: name, ARN: `arn:aws:s3:::${name}`, Tags: {}, TimeCreated: null, Versioning: v };
    }
  },
};

const logs: Array<[string, string, Record<string, unknown> | undefined]> = [];
const logger = {
  info: (m: string, e?: Record<string, unknown>) => void logs.push(['info', m, e]),
  warn: (m: string, e?: Record<string, unknown>) => void logs.push(['warn', m, e]),
  error: (m: string, e?: Record<string, unknown>) => void logs.push(['error', m, e]),
} as unknown as Parameters<typeof processUnitMessage>[2];

function setup(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'panther-cloud-scan-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sts = mockClient(STSClient);
  const sqs = mockClient(SQSClient);
  t.teardown(() => (sts.restore(), sqs.restore()));
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2099-01-01T00:00:00Z') } });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  const deps: ScanDeps = {
    policies,
    compliance: new EmbeddedComplianceStore(),
    alerts: new EmbeddedAlertStore(),
    states: new UnitStateStore(new DirDocumentStore(dir)),
    auditRoleName: 'PantherAuditRole',
    externalId: 'ext-1234',
    sts: new STSClient({ region: 'us-east-1' }),
    scannerFor: (type) => (type === 'AWS.S3.Bucket' ? buckets : undefined),
    enqueueAlerts: sqsAlertQueue(new SQSClient({ region: 'eu-west-1' }), ALERT_QUEUE),
  };
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
