import t from 'tap';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudTrailMetaScanner, cloudTrailScanner } from '../../../cloud-security/scanners/cloudtrail.js';
import { deniedException, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const ct = mockClient(CloudTrailClient);
const ARN = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail';
const WEST = 'arn:aws:cloudtrail:us-west-2:123456789012:trail/west-only';
const SELECTORS = [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
const TRAIL = {
  Name: 'org-trail',
  S3BucketName: 'acme-trail',
  S3KeyPrefix: 'ct',
  SnsTopicName: 'arn:aws:sns:us-east-1:123456789012:ct',
  SnsTopicARN: 'arn:aws:sns:us-east-1:123456789012:ct',
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: true,
  HomeRegion: 'us-east-1',
  TrailARN: ARN,
  LogFileValidationEnabled: true,
  CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:ct:*',
  CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/ct-logs',
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
  IsOrganizationTrail: false,
};
const STATUS = {
  IsLogging: true,
  LatestDeliveryTime: new Date('2024-05-06T07:08:09Z'),
  StartLoggingTime: new Date('2023-01-01T00:00:00Z'),
  LatestDeliveryAttemptTime: '2024-05-06T07:08:09Z',
  LatestDeliveryAttemptSucceeded: '2024-05-06T07:08:09Z',
  TimeLoggingStarted: '2023-01-01T00:00:00Z',
};

function details(): void {
  ct.on(GetTrailCommand).resolves({ Trail: TRAIL });
  ct.on(GetTrailStatusCommand).resolves(STATUS);
  ct.on(GetEventSelectorsCommand).resolves({ TrailARN: ARN, EventSelectors: SELECTORS });
  ct.on(ListTagsCommand).resolves({ ResourceTagList: [{ ResourceId: ARN, TagsList: [{ Key: 'owner', Value: 'security' }] }] });
}

t.beforeEach(() => ct.reset());

t.test('full snapshot of one trail, field by field; trails of other regions are left to them', async (t) => {
  ct.on(ListTrailsCommand).resolves({ Trails: [{ TrailARN: ARN, Name: 'org-trail', HomeRegion: 'us-east-1' }, { TrailARN: WEST, Name: 'west-only', HomeRegion: 'us-west-2' }] });
  details();
  const { ctx, problems } = makeCtx();
  const out = await drain(cloudTrailScanner, ctx);
  t.same(problems, []);
  t.equal(out.length, 1);
  const s = out[0];
  if (!s) return;
  t.equal(s.ResourceId, ARN);
  t.equal(s.ResourceType, 'AWS.CloudTrail');
  t.equal(s.AccountId, '123456789012');
  t.equal(s.Region, 'us-east-1');
  t.equal(s.Name, 'org-trail');
  t.equal(s.ARN, ARN);
  t.same(s.Tags, { owner: 'security' });
  t.equal(s.TimeCreated, null);
  t.equal(s.CloudWatchLogsLogGroupArn, TRAIL.CloudWatchLogsLogGroupArn);
  t.equal(s.CloudWatchLogsRoleArn, TRAIL.CloudWatchLogsRoleArn);
  t.equal(s.HasCustomEventSelectors, false);
  t.equal(s.HasInsightSelectors, false);
  t.equal(s.HomeRegion, 'us-east-1');
  t.equal(s.IncludeGlobalServiceEvents, true);
  t.equal(s.IsMultiRegionTrail, true);
  t.equal(s.IsOrganizationTrail, false);
  t.equal(s.KmsKeyId, TRAIL.KmsKeyId);
  t.equal(s.LogFileValidationEnabled, true);
  t.equal(s.S3BucketName, 'acme-trail');
  t.equal(s.S3KeyPrefix, 'ct');
  t.equal(s.SnsTopicARN, TRAIL.SnsTopicARN);
  t.equal(s.SnsTopicName, TRAIL.SnsTopicName);
  t.same(s.EventSelectors, SELECTORS);
  t.same(s.AdvancedEventSelectors, []);
  t.same(s.Status, {
    IsLogging: true,
    LatestDeliveryTime: '2024-05-06T07:08:09.000Z',
    StartLoggingTime: '2023-01-01T00:00:00.000Z',
    LatestDeliveryAttemptTime: '2024-05-06T07:08:09Z',
    LatestDeliveryAttemptSucceeded: '2024-05-06T07:08:09Z',
    TimeLoggingStarted: '2023-01-01T00:00:00Z',
  });
  t.equal(ct.commandCalls(GetTrailCommand).length, 1, 'the us-west-2 trail is not described from us-east-1');
});

t.test('two pages of trails: both yielded, the NextToken passed', async (t) => {
  const second = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/second';
  const pages = paged(
    [
      { Trails: [{ TrailARN: ARN, Name: 'org-trail', HomeRegion: 'us-east-1' }], NextToken: 'next-1' },
      { Trails: [{ TrailARN: second, Name: 'second', HomeRegion: 'us-east-1' }] },
    ],
    'NextToken',
  );
  ct.on(ListTrailsCommand).callsFake(pages.fake);
  details();
  const { ctx } = makeCtx();
  const out = await drain(cloudTrailScanner, ctx);
  t.same(out.map((s) => s.ARN), [ARN, second]);
  t.same(pages.seen, [undefined, 'next-1']);
});

t.test('access denied on a detail call: trail yielded, field null, problem recorded', async (t) => {
  ct.on(ListTrailsCommand).resolves({ Trails: [{ TrailARN: ARN, Name: 'org-trail', HomeRegion: 'us-east-1' }] });
  details();
  ct.on(GetTrailCommand).rejects(deniedException());
  const { ctx, problems } = makeCtx();
  const [s] = await drain(cloudTrailScanner, ctx);
  t.equal(s?.ARN, ARN);
  t.equal(s?.LogFileValidationEnabled, null);
  t.equal(s?.IsMultiRegionTrail, null);
  t.equal(s?.HomeRegion, 'us-east-1', 'known from the listing');
  t.same(s?.EventSelectors, SELECTORS);
  t.match(problems, [{ resourceType: 'AWS.CloudTrail', resourceId: ARN, kind: 'access-denied' }]);
});

t.test('access denied on the list call: problem recorded, nothing yielded', async (t) => {
  ct.on(ListTrailsCommand).rejects(deniedException());
  const { ctx, problems } = makeCtx();
  t.same(await drain(cloudTrailScanner, ctx), []);
  t.match(problems, [{ resourceType: 'AWS.CloudTrail', kind: 'access-denied' }]);
  t.equal(problems.length, 1);
});

t.test('throttled detail call (mocked send: no SDK retry) is recorded as throttled', async (t) => {
  ct.on(ListTrailsCommand).resolves({ Trails: [{ TrailARN: ARN, Name: 'org-trail', HomeRegion: 'us-east-1' }] });
  details();
  ct.on(GetTrailStatusCommand).rejectsOnce(throttled()).resolves(STATUS);
  const { ctx, problems } = makeCtx();
  const [s] = await drain(cloudTrailScanner, ctx);
  t.equal(s?.Status, null);
  t.equal(s?.S3BucketName, 'acme-trail');
  t.match(problems, [{ kind: 'throttled', resourceId: ARN }]);
});

t.test('meta: the trails that log the region, with status and global selectors', async (t) => {
  const shadow = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/eu-multi';
  ct.on(DescribeTrailsCommand).resolves({
    trailList: [
      { ...TRAIL, IsMultiRegionTrail: false },
      { Name: 'eu-multi', TrailARN: shadow, HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, IsOrganizationTrail: true, S3BucketName: 'org' },
    ],
  });
  ct.on(GetTrailStatusCommand, { Name: ARN }).resolves({ IsLogging: false });
  ct.on(GetTrailStatusCommand, { Name: shadow }).resolves({ IsLogging: true });
  ct.on(GetEventSelectorsCommand, { TrailName: ARN }).resolves({ TrailARN: ARN, EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] });
  ct.on(GetEventSelectorsCommand, { TrailName: shadow }).resolves({ TrailARN: shadow, EventSelectors: SELECTORS });
  const { ctx, problems } = makeCtx();
  const out = await drain(cloudTrailMetaScanner, ctx);
  t.same(problems, []);
  t.equal(out.length, 1);
  const m = out[0];
  t.equal(m?.ResourceId, '123456789012::us-east-1::AWS.CloudTrail.Meta');
  t.equal(m?.ResourceType, 'AWS.CloudTrail.Meta');
  t.equal(m?.Region, 'us-east-1');
  t.equal(m?.ARN, null);
  t.same(m?.Trails, [ARN, shadow]);
  t.same(m?.MultiRegionTrails, [shadow]);
  t.same(m?.GlobalEventSelectors, SELECTORS);
  t.same(m?.TrailSummaries, [
    { TrailARN: ARN, HomeRegion: 'us-east-1', IsMultiRegionTrail: false, IsOrganizationTrail: false, IsLogging: false, EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }], AdvancedEventSelectors: [] },
    { TrailARN: shadow, HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, IsOrganizationTrail: true, IsLogging: true, EventSelectors: SELECTORS, AdvancedEventSelectors: [] },
  ]);
  t.equal(ct.commandCalls(DescribeTrailsCommand)[0]?.args[0].input.includeShadowTrails, true);
});

t.test('meta: a denied status leaves IsLogging null; a denied listing yields nothing', async (t) => {
  ct.on(DescribeTrailsCommand).resolves({ trailList: [TRAIL] });
  ct.on(GetTrailStatusCommand).rejects(deniedException());
  ct.on(GetEventSelectorsCommand).resolves({ TrailARN: ARN, EventSelectors: SELECTORS });
  const a = makeCtx();
  const [m] = await drain(cloudTrailMetaScanner, a.ctx);
  t.match(m?.TrailSummaries, [{ TrailARN: ARN, IsLogging: null }]);
  t.match(a.problems, [{ resourceType: 'AWS.CloudTrail.Meta', resourceId: ARN, kind: 'access-denied' }]);

  ct.reset();
  ct.on(DescribeTrailsCommand).rejects(deniedException());
  const b = makeCtx();
  t.same(await drain(cloudTrailMetaScanner, b.ctx), []);
  t.match(b.problems, [{ resourceType: 'AWS.CloudTrail.Meta', kind: 'access-denied' }]);
});
