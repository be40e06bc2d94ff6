// Rescans from processed AWS.CloudTrail objects: real lake objects written by the log processor
// into a directory lake, read back through the notification, queued as unit messages (SQS request
// shapes asserted); read-only, failed, foreign and unscanned-region calls ignored; bad lines
// counted; the EventBridge and lake paths joined by the debouncer; a large object streamed.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { RescanDebouncer } from '../../../cloud-security/realtime/debounce.js';
import type { ResourceScanner } from '../../../cloud-security/types.js';
import { AccountDirectory } from '../../../cloud-security/units/accounts.js';
import { UnitStateStore } from '../../../cloud-security/units/state.js';
import { MAX_UNIT_RESOURCES, parseUnitMessage } from '../../../cloud-security/units/unit.js';
import { handleEvent, sqsUnitQueue } from '../../../functions/cloud-rescan/enqueue.js';
import { CLOUDTRAIL_LAKE_PREFIX, cloudTrailKeys, rescanFromNotification, type LakeRescanDeps } from '../../../functions/cloud-rescan/from-lake.js';
import { NotificationError } from '../../../processing/notifications.js';
import { tempLake } from '../../helpers/lake.js';
import { ACCOUNT, FOREIGN, ingest, linesOf, putLines, record, s3Notification } from './fixtures/lake-cloudtrail.js';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/acme-cloud-scan-units';
const BUCKET = 'acme-lake';
const T0 = new Date('2026-03-01T11:01:00.000Z');
const scanner = (resourceType: string, global = false): ResourceScanner => ({ resourceType, ...(global ? { global } : {}), scan: async function* () {} });
const scanners = [scanner('AWS.IAM.Role', true), scanner('AWS.S3.Bucket'), scanner('AWS.EC2.SecurityGroup')];

function setup(t: Test, opts: { debounce?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'panther-rescan-lake-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const lake = tempLake();
  t.teardown(() => rmSync(lake.root, { recursive: true, force: true }));
  const sqs = mockClient(SQSClient);
  t.teardown(() => sqs.restore());
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  const docs = new DirDocumentStore(dir);
  const debounce = new RescanDebouncer(docs, 60_000);
  const deps: LakeRescanDeps = {
    accounts: new AccountDirectory({ configured: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }] }),
    states: new UnitStateStore(docs),
    scanners,
    send: sqsUnitQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE),
    now: () => T0,
    intervalMs: 60 * 60_000,
    staleMs: 120 * 60_000,
    rescanDelaySeconds: 45,
    ...(opts.debounce === true ? { debounce } : {}),
    lake,
    lakeBucket: BUCKET,
  };
  const sent = (): SendMessageBatchCommandInput[] => sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
  const bodies = () => sent().flatMap((b) => b.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '') as Record<string, unknown>);
  return { lake, deps, sent, bodies, debounce };
}

const s3 = (name: string, bucket: string, extra: Record<string, unknown> = {}) => record('s3.amazonaws.com', name, { bucketName: bucket, Host: `${bucket}.s3.eu-west-1.amazonaws.com` }, extra);

t.test('a processed CloudTrail object: the writes of onboarded accounts become delayed unit messages, one per unit', async (t) => {
  const { lake, deps, sent, bodies } = setup(t);
  const keys = await ingest(lake, [
    s3('PutBucketPolicy', 'logs'),
    s3('PutBucketAcl', 'data'),
    record('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', { groupId: 'sg-0123456789abcdef0', ipPermissions: { items: [] } }),
    // Global: scanned from us-east-1 whatever region the call was made in.
    record('iam.amazonaws.com', 'CreateRole', { roleName: 'deployer', assumeRolePolicyDocument: '{}' }, { awsRegion: 'us-east-1' }),
    // Ignored: read-only, failed, another account, a region the account is not scanned in.
    s3('GetBucketPolicy', 'logs', { readOnly: true }),
    s3('DeleteBucketPolicy', 'secrets', { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }),
    s3('PutBucketPolicy', 'theirs', { recipientAccountId: FOREIGN, userIdentity: { type: 'IAMUser', accountId: FOREIGN } }),
    s3('PutBucketPolicy', 'far', { awsRegion: 'ap-south-1' }),
  ]);
  t.equal(keys.length, 1, 'one lake object');
  t.ok(keys[0]?.startsWith(CLOUDTRAIL_LAKE_PREFIX + 'year=2026/month=03/day=01/hour=10/'));
  const stored = (await linesOf(lake, keys[0]!)).map((l) => JSON.parse(l) as Record<string, unknown>);
  t.equal(stored.length, 8);
  t.ok(stored.every((e) => e.p_log_type === 'AWS.CloudTrail' && typeof e.p_row_id === 'string'), 'normalized events, with the standard fields');

  const report = await rescanFromNotification(s3Notification(BUCKET, keys[0]!), deps);
  // 8 events: 4 writes here, 3 more writes in ignored accounts/regions, 1 read-only and 1 failed call without targets.
  t.same(report, { kind: 'lake', objects: 1, lines: 8, malformed: 0, stale: 0, targets: 6, queued: 3, joined: 0 });
  t.equal(sent().length, 1, 'one SendMessageBatch');
  t.equal(sent()[0]?.QueueUrl, QUEUE);
  t.same(sent()[0]?.Entries?.map((e) => [e.Id, e.DelaySeconds]), [['0', 45], ['1', 45], ['2', 45]]);
  const byType = Object.fromEntries(bodies().map((b) => [b.resourceType as string, b]));
  t.same(byType['AWS.S3.Bucket'], { v: 1, accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', resources: ['data', 'logs'], reason: 'event' });
  t.same(byType['AWS.EC2.SecurityGroup'], { v: 1, accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.EC2.SecurityGroup', partition: 'aws', resources: ['sg-0123456789abcdef0'], reason: 'event' });
  t.same(byType['AWS.IAM.Role'], { v: 1, accountId: ACCOUNT, region: 'us-east-1', resourceType: 'AWS.IAM.Role', partition: 'aws', resources: ['deployer'], reason: 'event' });
  t.same(Object.keys(byType).sort(), ['AWS.EC2.SecurityGroup', 'AWS.IAM.Role', 'AWS.S3.Bucket']);
});

t.test('events older than the age limit (a backfill of old trails) rescan nothing', async (t) => {
  const { lake, deps, sent } = setup(t);
  const keys = await ingest(lake, [s3('PutBucketPolicy', 'old', { eventTime: '2026-02-27T10:15:30Z' }), s3('PutBucketPolicy', 'recent')]);
  // T0 is 2026-03-01T11:01Z: the first event is two days old, the second 46 minutes.
  const report = await rescanFromNotification(s3Notification(BUCKET, ...keys), deps);
  t.same(report, { kind: 'lake', objects: keys.length, lines: 2, malformed: 0, stale: 1, targets: 1, queued: 1, joined: 0 });
  t.same(JSON.parse(sent()[0]?.Entries?.[0]?.MessageBody ?? '{}').resources, ['recent']);
  const wide = await rescanFromNotification(s3Notification(BUCKET, ...keys), { ...deps, debounce: undefined, maxEventAgeMs: 7 * 24 * 3600_000 });
  t.equal(wide.stale, 0, 'a longer limit keeps both');
});

t.test('only objects of the CloudTrail table in the lake bucket are read; test events and other tables queue nothing', async (t) => {
  const { lake, deps, sent } = setup(t);
  await ingest(lake, [s3('PutBucketPolicy', 'logs')]);
  t.same(cloudTrailKeys(s3Notification(BUCKET, 'logs/aws_vpcflow/year=2026/month=03/day=01/hour=10/x.json.gz', 'logs/unclassified/year=2026/month=03/day=01/hour=10/x.json.gz'), BUCKET), []);
  t.same(cloudTrailKeys(s3Notification('other-bucket', 'logs/aws_cloudtrail/year=2026/month=03/day=01/hour=10/x.json.gz'), BUCKET), []);
  t.same(cloudTrailKeys(s3Notification(BUCKET, 'logs/aws_cloudtrail/year=2026/month=03/day=01/hour=10/a b.json.gz'), BUCKET), ['logs/aws_cloudtrail/year=2026/month=03/day=01/hour=10/a b.json.gz'], 'keys are URL-decoded');
  t.same(await rescanFromNotification(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET }), deps), { kind: 'lake', objects: 0, lines: 0, malformed: 0, stale: 0, targets: 0, queued: 0, joined: 0 });
  t.same(await rescanFromNotification(s3Notification(BUCKET, 'logs/aws_s3serveraccess/year=2026/month=03/day=01/hour=10/x.json.gz'), deps), { kind: 'lake', objects: 0, lines: 0, malformed: 0, stale: 0, targets: 0, queued: 0, joined: 0 });
  t.equal(sent().length, 0);
  await t.rejects(rescanFromNotification('not json', deps), NotificationError, 'a body that is no notification fails the message');
  await t.rejects(rescanFromNotification(s3Notification(BUCKET, 'logs/aws_cloudtrail/year=2026/month=03/day=01/hour=10/missing.json.gz'), deps), /ENOENT/, 'an unreadable object fails the message (retried)');
});

t.test('a malformed line is counted and skipped; the other lines of the object still queue', async (t) => {
  const { lake, deps, bodies } = setup(t);
  const [key] = await ingest(lake, [s3('PutBucketPolicy', 'logs'), s3('PutBucketVersioning', 'archive')]);
  const good = await linesOf(lake, key!);
  const crafted = 'logs/aws_cloudtrail/year=2026/month=03/day=01/hour=10/20260301T110000Z-crafted.json.gz';
  await putLines(lake, crafted, [good[0]!, '{"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",', '[1,2,3]', 'null', good[1]!]);
  const report = await rescanFromNotification(s3Notification(BUCKET, crafted), deps);
  t.same(report, { kind: 'lake', objects: 1, lines: 5, malformed: 3, stale: 0, targets: 2, queued: 1, joined: 0 });
  t.same(bodies().map((b) => b.resources), [['archive', 'logs']]);
});

t.test('the same call through EventBridge and through the lake: the debouncer joins them into one rescan', async (t) => {
  const { lake, deps, sent, debounce } = setup(t, { debounce: true });
  const call = s3('PutBucketPolicy', 'logs');
  // The realtime-events module forwards the call first...
  const bridged = { version: '0', id: 'e1', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: ACCOUNT, time: '2026-03-01T10:15:30Z', region: 'eu-west-1', resources: [], detail: call };
  t.same(await handleEvent(bridged, deps), { kind: 'event', targets: 1, queued: 1, joined: 0 });
  // ...then the trail's file is processed (minutes later) with that call and one more on the same unit.
  const keys = await ingest(lake, [call, s3('PutBucketEncryption', 'backups')]);
  t.same(await rescanFromNotification(s3Notification(BUCKET, ...keys), deps), { kind: 'lake', objects: 1, lines: 2, malformed: 0, stale: 0, targets: 2, queued: 0, joined: 1 });
  t.equal(sent().length, 1, 'one message in all');
  const msg = parseUnitMessage(sent()[0]?.Entries?.[0]?.MessageBody ?? '');
  t.same(msg.unit.resources, ['logs']);
  t.same((await debounce.take(msg.unit)).resources, ['backups', 'logs'], 'the rescan covers what the lake added');

  // After the scan took the marker, a new lake object starts a new rescan.
  const later = await ingest(lake, [s3('PutBucketTagging', 'logs')], 'events0000000001');
  t.match(await rescanFromNotification(s3Notification(BUCKET, ...later), deps), { queued: 1, joined: 0 });
  t.equal(sent().length, 2);
});

t.test('a large object is streamed: 120k lines, the unit widened to the whole type past the resource limit', async (t) => {
  const { lake, deps, bodies } = setup(t);
  const key = 'logs/aws_cloudtrail/year=2026/month=03/day=01/hour=10/20260301T110000Z-large.json.gz';
  const lines: string[] = [];
  const readOnly = JSON.stringify(s3('GetBucketAcl', 'logs', { readOnly: true }));
  for (let i = 0; i < 120_000; i++) lines.push(i % 1000 === 0 ? JSON.stringify(s3('PutBucketPolicy', `bucket-${i / 1000}`)) : readOnly);
  await putLines(lake, key, lines);
  const report = await rescanFromNotification(s3Notification(BUCKET, key), deps);
  t.same(report, { kind: 'lake', objects: 1, lines: 120_000, malformed: 0, stale: 0, targets: 120, queued: 1, joined: 0 });
  t.ok(120 > MAX_UNIT_RESOURCES);
  t.same(bodies(), [{ v: 1, accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws', reason: 'event' }], 'past the limit: the whole type');
});

t.test('targets merged in several rounds still give one unit per (account, region, type)', async (t) => {
  const { lake, deps, bodies } = setup(t);
  const key = 'logs/aws_cloudtrail/year=2026/month=03/day=01/hour=10/20260301T110000Z-rounds.json.gz';
  // 3000 writes on 50 buckets: merged every 1000 targets, the resources must survive each round.
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(s3('PutBucketAcl', `b${String(i % 50).padStart(2, '0')}`)));
  await putLines(lake, key, lines);
  t.match(await rescanFromNotification(s3Notification(BUCKET, key), deps), { lines: 3000, targets: 3000, queued: 1 });
  t.same(bodies()[0]?.resources, Array.from({ length: 50 }, (_, i) => `b${String(i).padStart(2, '0')}`));
});
