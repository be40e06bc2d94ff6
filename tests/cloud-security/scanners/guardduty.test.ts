import t from 'tap';
import { GetAdministratorAccountCommand, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { guardDutyDetectorMetaScanner, guardDutyDetectorScanner } from '../../../cloud-security/scanners/guardduty.js';
import { awsError, drain, makeCtx, paged, throttled } from './fixtures/groupC.js';

const gd = mockClient(GuardDutyClient);
const ID = '12abc34d567e8fa901bc2d34e56789f0';
const ARN = `arn:aws:guardduty:us-east-1:123456789012:detector/${ID}`;
// GuardDuty's own denial is a 403 AccessDeniedException.
const deniedGd = () => awsError('AccessDeniedException', 'not authorized to perform guardduty:GetDetector', 403);
const DETECTOR = {
  CreatedAt: '2023-02-03T04:05:06.789Z',
  FindingPublishingFrequency: 'SIX_HOURS' as const,
  ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
  Status: 'ENABLED' as const,
  UpdatedAt: '2024-05-06T07:08:09.000Z',
  DataSources: { CloudTrail: { Status: 'ENABLED' as const }, DNSLogs: { Status: 'ENABLED' as const }, FlowLogs: { Status: 'ENABLED' as const }, S3Logs: { Status: 'ENABLED' as const } },
  Tags: { env: 'prod' },
  Features: [{ Name: 'S3_DATA_EVENTS' as const, Status: 'ENABLED' as const, UpdatedAt: new Date('2024-01-01T00:00:00Z') }],
};

t.beforeEach(() => gd.reset());

t.test('full snapshot of one detector, field by field', async (t) => {
  gd.on(ListDetectorsCommand).resolves({ DetectorIds: [ID] });
  gd.on(GetDetectorCommand).resolves(DETECTOR);
  gd.on(GetAdministratorAccountCommand).resolves({ Administrator: { AccountId: '210987654321', InvitationId: 'inv-1', RelationshipStatus: 'Enabled', InvitedAt: '2023-02-03T04:05:06.789Z' } });
  const { ctx, problems } = makeCtx();
  const out = await drain(guardDutyDetectorScanner, ctx);
  t.same(problems, []);
  t.same(out, [
    {
      ResourceId: ARN,
      ResourceType: 'AWS.GuardDuty.Detector',
      AccountId: '123456789012',
      Region: 'us-east-1',
      Name: ID,
      ARN,
      Tags: { env: 'prod' },
      TimeCreated: '2023-02-03T04:05:06.789Z',
      FindingPublishingFrequency: 'SIX_HOURS',
      ServiceRole: DETECTOR.ServiceRole,
      Status: 'ENABLED',
      UpdatedAt: '2024-05-06T07:08:09.000Z',
      DataSources: { CloudTrail: { Status: 'ENABLED' }, DNSLogs: { Status: 'ENABLED' }, FlowLogs: { Status: 'ENABLED' }, S3Logs: { Status: 'ENABLED' } },
      Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED', UpdatedAt: '2024-01-01T00:00:00.000Z' }],
      Master: { AccountId: '210987654321', InvitationId: 'inv-1', RelationshipStatus: 'Enabled', InvitedAt: '2023-02-03T04:05:06.789Z' },
    },
  ]);
});

t.test('two pages of detectors: both yielded, the NextToken passed', async (t) => {
  const pages = paged([{ DetectorIds: ['d1'], NextToken: 'n1' }, { DetectorIds: ['d2'] }], 'NextToken');
  gd.on(ListDetectorsCommand).callsFake(pages.fake);
  gd.on(GetDetectorCommand).resolves(DETECTOR);
  gd.on(GetAdministratorAccountCommand).resolves({});
  const { ctx } = makeCtx();
  const out = await drain(guardDutyDetectorScanner, ctx);
  t.same(out.map((s) => s.Name), ['d1', 'd2']);
  t.equal(out[0]?.Master, null, 'not a member account');
  t.same(pages.seen, [undefined, 'n1']);
});

t.test('denied GetDetector: detector yielded with null settings, problem recorded; throttled likewise', async (t) => {
  gd.on(ListDetectorsCommand).resolves({ DetectorIds: [ID] });
  gd.on(GetDetectorCommand).rejects(deniedGd());
  // Mocked send bypasses the SDK's retry middleware: one call, then our handling.
  gd.on(GetAdministratorAccountCommand).rejectsOnce(throttled('TooManyRequestsException')).resolves({});
  const { ctx, problems } = makeCtx();
  const [s] = await drain(guardDutyDetectorScanner, ctx);
  t.equal(s?.ARN, ARN);
  t.equal(s?.Status, null);
  t.equal(s?.TimeCreated, null);
  t.equal(s?.Master, null);
  t.match(problems, [
    { resourceType: 'AWS.GuardDuty.Detector', resourceId: ARN, kind: 'access-denied' },
    { resourceId: ARN, kind: 'throttled' },
  ]);
});

t.test('denied list: problem recorded, nothing yielded (both scanners)', async (t) => {
  gd.on(ListDetectorsCommand).rejects(deniedGd());
  const a = makeCtx();
  t.same(await drain(guardDutyDetectorScanner, a.ctx), []);
  t.match(a.problems, [{ resourceType: 'AWS.GuardDuty.Detector', kind: 'access-denied' }]);
  const b = makeCtx();
  t.same(await drain(guardDutyDetectorMetaScanner, b.ctx), []);
  t.match(b.problems, [{ resourceType: 'AWS.GuardDuty.Detector.Meta', kind: 'access-denied' }]);
});

t.test('meta: detectors and which are enabled; unknown when a status is unreadable', async (t) => {
  gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['on', 'off'] });
  gd.on(GetDetectorCommand, { DetectorId: 'on' }).resolves(DETECTOR);
  gd.on(GetDetectorCommand, { DetectorId: 'off' }).resolves({ ...DETECTOR, Status: 'DISABLED' });
  const a = makeCtx('eu-central-1');
  const [m] = await drain(guardDutyDetectorMetaScanner, a.ctx);
  t.equal(m?.ResourceId, '123456789012::eu-central-1::AWS.GuardDuty.Detector.Meta');
  t.equal(m?.Region, 'eu-central-1');
  t.same(m?.Detectors, ['on', 'off']);
  t.same(m?.EnabledDetectors, ['on']);

  gd.on(GetDetectorCommand, { DetectorId: 'off' }).rejects(deniedGd());
  const b = makeCtx();
  const [m2] = await drain(guardDutyDetectorMetaScanner, b.ctx);
  t.equal(m2?.EnabledDetectors, null);
  t.match(b.problems, [{ resourceType: 'AWS.GuardDuty.Detector.Meta', resourceId: 'arn:aws:guardduty:us-east-1:123456789012:detector/off', kind: 'access-denied' }]);
});

t.test('meta of a region without detectors: empty lists', async (t) => {
  gd.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
  const { ctx } = makeCtx();
  const [m] = await drain(guardDutyDetectorMetaScanner, ctx);
  t.same(m?.Detectors, []);
  t.same(m?.EnabledDetectors, []);
});
