// The scan pipeline: scan (mocked AWS) -> evaluate -> record -> policy alerts for new failures only.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { mockClient } from 'aws-sdk-client-mock';
import { GetQueueAttributesCommand, ListQueueTagsCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import type { PolicyItem } from '../../detections/analysis/spec.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import { scanAndEvaluate } from '../../cloud-security/pipeline.js';
import { sqsQueueScanner } from '../../cloud-security/scanners/sqs.js';
import type { ResourceSnapshot } from '../../cloud-security/types.js';

const DIR = fileURLToPath(new URL('./fixtures/policies', import.meta.url));
const T0 = new Date('2026-03-01T10:00:00.000Z');
const later = (min: number) => new Date(T0.getTime() + min * 60_000);
const loaded = await loadAnalysisDir(DIR);
const policies = loaded.items.filter((i): i is PolicyItem => i.type === 'policy' && ['Test.Bucket.Versioning', 'Test.Any.OwnerTag'].includes(i.id));

const bucket = (name: string, versioning: string | null, tags: Record<string, string> = { owner: 'x' }): ResourceSnapshot => ({
  ResourceId: `arn:aws:s3:::${name}`, ResourceType: 'AWS.S3.Bucket', AccountId: '123456789012', Region: 'us-east-1', Name: name, ARN: `arn:aws:s3:::${name}`, Tags: tags, TimeCreated: null, Versioning: versioning,
});

t.test('new failures open one alert each; repeats and passes do not', async (t) => {
  const compliance = new EmbeddedComplianceStore();
  const alerts = new EmbeddedAlertStore();
  const snaps = [bucket('a', 'Enabled'), bucket('b', null), bucket('ignored-c', null)];
  const first = await scanAndEvaluate({ snapshots: snaps, policies, compliance, alerts, now: T0 });
  t.equal(first.resources, 3);
  t.equal(first.evaluations, 6);
  t.same(first.counts, { pass: 4, fail: 1, error: 0, suppressed: 1 });
  t.equal(first.alertsOpened, 1, 'b fails; ignored-c is suppressed by the spec');
  const [alert] = await alerts.list();
  t.equal(alert?.type, 'POLICY');
  t.match(alert, { ruleId: 'Test.Bucket.Versioning', dedup: 'arn:aws:s3:::b', title: 'bucket arn:aws:s3:::b is not versioned', severity: 'MEDIUM', logTypes: ['AWS.S3.Bucket'] });
  t.match(alert?.alertContext, { resourceId: 'arn:aws:s3:::b', accountId: '123456789012', region: 'us-east-1' });

  const again = await scanAndEvaluate({ snapshots: snaps, policies, compliance, alerts, now: later(5) });
  t.equal(again.alertsOpened, 0, 'still failing: no new alert');
  t.same(again.changed, []);
  t.equal((await alerts.list()).length, 1);

  // b is fixed, then breaks again after the dedup window: a new alert.
  await scanAndEvaluate({ snapshots: [bucket('b', 'Enabled')], policies, compliance, alerts, now: later(10) });
  const broke = await scanAndEvaluate({ snapshots: [bucket('b', null)], policies, compliance, alerts, now: later(120) });
  t.equal(broke.alertsOpened, 1);
  t.equal((await alerts.list()).length, 2);
  t.same((await compliance.history('Test.Bucket.Versioning', 'arn:aws:s3:::b')).map((h) => h.status), ['FAIL', 'PASS', 'FAIL']);
});

t.test('stored suppressions stop alerts and count as suppressed', async (t) => {
  const compliance = new EmbeddedComplianceStore();
  const alerts = new EmbeddedAlertStore();
  await compliance.suppress({ policyId: 'Test.Any.OwnerTag', resourcePattern: '*', createdAt: T0.toISOString() });
  const r = await scanAndEvaluate({ snapshots: [bucket('a', 'Enabled', {})], policies, compliance, alerts, now: T0 });
  t.same(r.counts, { pass: 1, fail: 0, error: 0, suppressed: 1 });
  t.equal(r.alertsOpened, 0);
  t.same((await compliance.list({ policyId: 'Test.Any.OwnerTag' })).items.map((e) => [e.status, e.suppressed]), [['FAIL', true]]);
});

t.test('accounts are scanned with the real scanners, problems kept', async (t) => {
  const sqs = mockClient(SQSClient);
  t.teardown(() => sqs.restore());
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: ['https://sqs.us-east-1.amazonaws.com/123456789012/jobs'] });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn:aws:sqs:us-east-1:123456789012:jobs' } });
  sqs.on(ListQueueTagsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
  const compliance = new EmbeddedComplianceStore();
  const r = await scanAndEvaluate({
    accounts: [{ accountId: '123456789012', partition: 'aws', regions: ['us-east-1'], scanners: [sqsQueueScanner], clientConfigFor: (region) => ({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 }) }],
    policies,
    compliance,
    now: T0,
  });
  t.same(r.resourcesByType, { 'AWS.SQS.Queue': 1 });
  t.equal(r.problems.length, 1);
  t.equal(r.problems[0]?.kind, 'access-denied');
  t.same((await compliance.list()).items.map((e) => [e.policyId, e.status]), [['Test.Any.OwnerTag', 'FAIL']]);
});

t.test('resources deleted since the last scan lose their entries; unscannable ones keep them', async (t) => {
  const sqs = mockClient(SQSClient);
  t.teardown(() => sqs.restore());
  let queues = ['jobs', 'old'];
  let denied = false;
  sqs.on(ListQueuesCommand).callsFake(async () => {
    if (denied) throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
    return { QueueUrls: queues.map((q) => `https://sqs.us-east-1.amazonaws.com/123456789012/${q}`) };
  });
  sqs.on(GetQueueAttributesCommand).callsFake(async (input: { QueueUrl: string }) => ({ Attributes: { QueueArn: `arn:aws:sqs:us-east-1:123456789012:${input.QueueUrl.split('/').pop()}` } }));
  sqs.on(ListQueueTagsCommand).resolves({ Tags: { owner: 'x' } });
  const compliance = new EmbeddedComplianceStore();
  const account = { accountId: '123456789012', partition: 'aws', regions: ['us-east-1'], scanners: [sqsQueueScanner], clientConfigFor: (region: string) => ({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 }) };
  // An entry of another account and one of an unscanned region stay whatever happens.
  await compliance.record([
    { policyId: 'Test.Any.OwnerTag', resourceId: 'arn:aws:sqs:us-east-1:999999999999:other', resourceType: 'AWS.SQS.Queue', accountId: '999999999999', region: 'us-east-1', status: 'PASS', severity: 'INFO', suppressed: false, lastUpdated: T0.toISOString() },
    { policyId: 'Test.Any.OwnerTag', resourceId: 'arn:aws:sqs:eu-west-1:123456789012:far', resourceType: 'AWS.SQS.Queue', accountId: '123456789012', region: 'eu-west-1', status: 'PASS', severity: 'INFO', suppressed: false, lastUpdated: T0.toISOString() },
  ]);
  await scanAndEvaluate({ accounts: [account], policies, compliance, now: T0 });
  t.equal((await compliance.list()).items.length, 4);

  denied = true;
  const blocked = await scanAndEvaluate({ accounts: [account], policies, compliance, now: later(1) });
  t.same(blocked.removedResources, [], 'a denied listing proves nothing');
  t.equal((await compliance.list()).items.length, 4);

  denied = false;
  queues = ['jobs'];
  const r = await scanAndEvaluate({ accounts: [account], policies, compliance, now: later(2) });
  t.same(r.removedResources, ['arn:aws:sqs:us-east-1:123456789012:old']);
  t.same((await compliance.list()).items.map((e) => e.resourceId.split(':').pop()).sort(), ['far', 'jobs', 'other']);
});
