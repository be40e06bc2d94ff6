// cloud-rescan: the schedule's tick queues the due units (and only those: a re-run resumes), a
// CloudTrail event queues targeted units with a delay; SendMessageBatch request shapes asserted.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import type { ResourceScanner } from '../../../cloud-security/types.js';
import { RescanDebouncer } from '../../../cloud-security/realtime/debounce.js';
import { AccountDirectory } from '../../../cloud-security/units/accounts.js';
import { UnitStateStore } from '../../../cloud-security/units/state.js';
import { parseUnitMessage, unitId } from '../../../cloud-security/units/unit.js';
import { depsFromEnv } from '../../../functions/cloud-rescan/config.js';
import { handleEvent, sqsUnitQueue, type EnqueueDeps } from '../../../functions/cloud-rescan/enqueue.js';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/acme-cloud-scan-units';
const ACCOUNT = '111111111111';
const T0 = new Date('2026-03-01T00:00:00.000Z');
const scanner = (resourceType: string, global = false): ResourceScanner => ({ resourceType, ...(global ? { global } : {}), scan: async function* () {} });
const scanners = [scanner('AWS.IAM.Role', true), ...Array.from({ length: 6 }, (_, i) => scanner(`AWS.Test.Type${i}`)), scanner('AWS.S3.Bucket')];
const tick = { version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '999999999999', time: '2026-03-01T00:00:00Z', region: 'eu-west-1', resources: ['arn:aws:events:eu-west-1:999999999999:rule/acme-cloud-scan-tick'], detail: {} };

function setup(t: Test, over: Partial<EnqueueDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'panther-rescan-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sqs = mockClient(SQSClient);
  t.teardown(() => sqs.restore());
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  let now = T0;
  const states = new UnitStateStore(new DirDocumentStore(dir));
  const deps: EnqueueDeps = {
    accounts: new AccountDirectory({ configured: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }] }),
    states,
    scanners,
    send: sqsUnitQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE),
    now: () => now,
    intervalMs: 60 * 60_000,
    staleMs: 120 * 60_000,
    ...over,
  };
  const sent = (): SendMessageBatchCommandInput[] => sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
  return { sqs, states, deps, sent, setNow: (d: Date) => (now = d) };
}

t.test('a tick queues every unit once, in batches of 10; a second tick queues nothing; failed units are resumed alone', async (t) => {
  const { deps, sent, states, setNow } = setup(t);
  const first = await handleEvent(tick, deps);
  // 1 global + 7 regional types x 2 regions.
  t.same(first, { kind: 'schedule', accounts: 1, units: 15, due: 15, queued: 15 });
  const batches = sent();
  t.same(batches.map((b) => [b.QueueUrl, b.Entries?.length]), [[QUEUE, 10], [QUEUE, 5]]);
  t.same(batches[0]?.Entries?.map((e) => e.Id), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  t.ok(batches.flatMap((b) => b.Entries ?? []).every((e) => e.DelaySeconds === undefined), 'scheduled units are not delayed');
  const units = batches.flatMap((b) => b.Entries ?? []).map((e) => parseUnitMessage(e.MessageBody ?? ''));
  t.ok(units.every((u) => u.reason === 'schedule' && u.unit.resources === undefined));
  t.equal(new Set(units.map((u) => unitId(u.unit))).size, 15);
  t.same([...(await states.all()).values()].map((s) => s.status), Array(15).fill('queued'));

  setNow(new Date(T0.getTime() + 5 * 60_000));
  t.same(await handleEvent(tick, deps), { kind: 'schedule', accounts: 1, units: 15, due: 0, queued: 0 });
  t.equal(sent().length, 2, 'nothing sent');

  // The scan function finished all units but two failed; one more was lost mid-run.
  const all = units.map((u) => u.unit);
  for (const u of all.slice(0, 12)) await states.markFinished(u, new Date(T0.getTime() + 10 * 60_000), { ok: true, resources: 1, problems: [] });
  for (const u of all.slice(12, 14)) await states.markFinished(u, new Date(T0.getTime() + 10 * 60_000), { ok: false, error: 'ThrottlingException: slow down' });
  await states.markRunning(all[14]!, new Date(T0.getTime() + 10 * 60_000));
  setNow(new Date(T0.getTime() + 20 * 60_000));
  t.same(await handleEvent(tick, deps), { kind: 'schedule', accounts: 1, units: 15, due: 2, queued: 2 });
  t.same(sent()[2]?.Entries?.map((e) => unitId(parseUnitMessage(e.MessageBody ?? '').unit)).sort(), all.slice(12, 14).map(unitId).sort());
});

t.test('at most maxUnitsPerTick units per tick; the rest follow at the next tick', async (t) => {
  const { deps, sent } = setup(t, { maxUnitsPerTick: 4 });
  t.match(await handleEvent(tick, deps), { due: 15, queued: 4 });
  t.match(await handleEvent(tick, deps), { due: 11, queued: 4 });
  t.equal(sent().flatMap((b) => b.Entries ?? []).length, 8);
});

t.test('a CloudTrail event of an onboarded account queues the touched resources, delayed', async (t) => {
  const { deps, sent, states } = setup(t);
  const e = {
    version: '0', id: 'y', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: ACCOUNT, time: '2026-03-01T00:00:00Z', region: 'eu-west-1', resources: [],
    detail: { eventVersion: '1.09', eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', awsRegion: 'eu-west-1', readOnly: false, recipientAccountId: ACCOUNT, requestParameters: { bucketName: 'logs', policy: '' }, eventType: 'AwsApiCall', managementEvent: true },
  };
  t.same(await handleEvent(e, deps), { kind: 'event', targets: 1, queued: 1, joined: 0 });
  const [batch] = sent();
  t.equal(batch?.QueueUrl, QUEUE);
  t.equal(batch?.Entries?.[0]?.DelaySeconds, 60);
  t.same(JSON.parse(batch?.Entries?.[0]?.MessageBody ?? ''), { v: 1, accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['logs'], reason: 'event' });
  t.equal((await states.all()).size, 0, 'targeted units keep no state');

  const stranger = { ...e, account: '222222222222', detail: { ...e.detail, recipientAccountId: '222222222222' } };
  t.same(await handleEvent(stranger, deps), { kind: 'event', targets: 1, queued: 0, joined: 0 });
  t.equal(sent().length, 1, 'an account not onboarded queues nothing');
  t.same(await handleEvent({ 'detail-type': 'EC2 Instance State-change Notification', detail: {} }, deps), { kind: 'ignored', reason: 'detail-type "EC2 Instance State-change Notification"' });
});

t.test('with the debouncer, a second event on the same unit joins the pending rescan', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'panther-rescan-debounce-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const debounce = new RescanDebouncer(new DirDocumentStore(dir), 60_000);
  const { deps, sent } = setup(t, { debounce });
  const put = (bucket: string) => ({
    'detail-type': 'AWS API Call via CloudTrail', account: ACCOUNT, region: 'eu-west-1',
    detail: { eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl', awsRegion: 'eu-west-1', recipientAccountId: ACCOUNT, requestParameters: { bucketName: bucket } },
  });
  t.same(await handleEvent(put('logs'), deps), { kind: 'event', targets: 1, queued: 1, joined: 0 });
  t.same(await handleEvent(put('data'), deps), { kind: 'event', targets: 1, queued: 0, joined: 1 });
  t.equal(sent().length, 1);
  const msg = parseUnitMessage(sent()[0]?.Entries?.[0]?.MessageBody ?? '');
  t.same((await debounce.take(msg.unit)).resources, ['data', 'logs'], 'the scan rescans both');
});

t.test('a rescan whose message SQS refused is not left pending: the retried event queues it again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'panther-rescan-release-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const debounce = new RescanDebouncer(new DirDocumentStore(dir), 60_000);
  const { deps, sqs, sent } = setup(t, { debounce });
  const event = {
    'detail-type': 'AWS API Call via CloudTrail', account: ACCOUNT, region: 'eu-west-1',
    detail: { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', awsRegion: 'eu-west-1', recipientAccountId: ACCOUNT, requestParameters: { bucketName: 'logs' } },
  };
  sqs.on(SendMessageBatchCommand).resolvesOnce({ Successful: [], Failed: [{ Id: '0', Code: 'ServiceUnavailable', SenderFault: false }] }).resolves({ Successful: [], Failed: [] });
  await t.rejects(handleEvent(event, deps), /could not queue 1 scan unit/);
  t.same(await handleEvent(event, deps), { kind: 'event', targets: 1, queued: 1, joined: 0 }, 'the retry opens the rescan again instead of joining a lost one');
  t.equal(sent().length, 2);
});

t.test('SQS refusing an entry throws (the invocation is retried)', async (t) => {
  const { deps, sqs } = setup(t);
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', Code: 'KMS.AccessDeniedException', SenderFault: true }] });
  await t.rejects(handleEvent(tick, deps), /could not queue 1 scan unit\(s\): KMS.AccessDeniedException \(sender\)/);
});

t.test('discovery adds the organization\'s active accounts with the default regions; configured ones keep their settings', async (t) => {
  const org = mockClient(OrganizationsClient);
  t.teardown(() => org.restore());
  org.on(ListAccountsCommand).resolvesOnce({ Accounts: [{ Id: ACCOUNT, Status: 'ACTIVE' }, { Id: '333333333333', Status: 'ACTIVE', Name: 'b' }], NextToken: 'p2' }).resolves({ Accounts: [{ Id: '444444444444', Status: 'SUSPENDED' }] });
  const deps = depsFromEnv(
    { CLOUD_ACCOUNTS: JSON.stringify([{ accountId: ACCOUNT, regions: ['eu-west-1'] }]), DISCOVER_ACCOUNTS: 'true', DEFAULT_REGIONS: 'us-east-1, us-west-2', DOCUMENTS_TABLE: 'acme-documents', UNIT_QUEUE_URL: QUEUE, SCAN_INTERVAL_MINUTES: '60' },
    { dynamodb: new DynamoDBClient({ region: 'eu-west-1' }), sqs: new SQSClient({ region: 'eu-west-1' }), organizations: new OrganizationsClient({ region: 'us-east-1' }) },
  );
  t.same(await deps.accounts.all(), [
    { accountId: ACCOUNT, regions: ['eu-west-1'] },
    { accountId: '333333333333', regions: ['us-east-1', 'us-west-2'] },
  ]);
  // The paginator reuses one input object, so only the count and the last token can be checked.
  t.equal(org.commandCalls(ListAccountsCommand).length, 2, 'both pages read');
  t.equal(org.commandCalls(ListAccountsCommand)[1]?.args[0].input.NextToken, 'p2');
  t.equal(deps.intervalMs, 3_600_000);
  t.equal(deps.retryBaseMs, 15 * 60_000);
});

t.test('the environment is validated', async (t) => {
  const clients = { dynamodb: new DynamoDBClient({ region: 'eu-west-1' }), sqs: new SQSClient({ region: 'eu-west-1' }), organizations: new OrganizationsClient({ region: 'us-east-1' }) };
  t.throws(() => depsFromEnv({ DOCUMENTS_TABLE: 'd' }, clients), /UNIT_QUEUE_URL is not set/);
  t.throws(() => depsFromEnv({ DOCUMENTS_TABLE: 'd', UNIT_QUEUE_URL: QUEUE, SCAN_INTERVAL_MINUTES: '5' }, clients), /SCAN_INTERVAL_MINUTES must be an integer 15-/);
  t.throws(() => depsFromEnv({ DOCUMENTS_TABLE: 'd', UNIT_QUEUE_URL: QUEUE, DISCOVER_ACCOUNTS: 'true' }, clients), /DEFAULT_REGIONS/);
  t.throws(() => depsFromEnv({ DOCUMENTS_TABLE: 'd', UNIT_QUEUE_URL: QUEUE, CLOUD_ACCOUNTS: '[{"accountId":"1","regions":["eu-west-1"]}]' }, clients));
});
