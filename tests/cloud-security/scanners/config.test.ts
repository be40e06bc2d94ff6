import t from 'tap';
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { configRecorderMetaScanner, configRecorderScanner } from '../../../cloud-security/scanners/config.js';
import { deniedException, drain, makeCtx, throttled } from './fixtures/groupC.js';

const config = mockClient(ConfigServiceClient);
const RECORDER = {
  arn: 'arn:aws:config:us-east-1:123456789012:configuration-recorder/default/abcdef123456',
  name: 'default',
  roleARN: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
  recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [] },
  recordingMode: { recordingFrequency: 'CONTINUOUS' as const },
  recordingScope: 'PAID' as const,
};
const STATUS = {
  arn: RECORDER.arn,
  name: 'default',
  lastStartTime: new Date('2024-01-01T00:00:00Z'),
  recording: true,
  lastStatus: 'Success' as const,
  lastStatusChangeTime: new Date('2024-05-06T07:08:09Z'),
};

t.beforeEach(() => config.reset());

t.test('full snapshot of one recorder, field by field', async (t) => {
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [RECORDER] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [STATUS] });
  const { ctx, problems } = makeCtx();
  const out = await drain(configRecorderScanner, ctx);
  t.same(problems, []);
  t.same(out, [
    {
      ResourceId: RECORDER.arn,
      ResourceType: 'AWS.Config.Recorder',
      AccountId: '123456789012',
      Region: 'us-east-1',
      Name: 'default',
      ARN: RECORDER.arn,
      Tags: {},
      TimeCreated: null,
      RecordingGroup: { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [] },
      RecordingMode: { recordingFrequency: 'CONTINUOUS' },
      RoleARN: RECORDER.roleARN,
      ServicePrincipal: null,
      Status: {
        arn: RECORDER.arn,
        name: 'default',
        lastStartTime: '2024-01-01T00:00:00.000Z',
        recording: true,
        lastStatus: 'Success',
        lastStatusChangeTime: '2024-05-06T07:08:09.000Z',
      },
    },
  ]);
});

t.test('a recorder without an ARN (older API) gets a stable id', async (t) => {
  const { arn: _a, ...old } = RECORDER;
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [old] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
  const { ctx } = makeCtx('eu-west-1');
  const [r] = await drain(configRecorderScanner, ctx);
  t.equal(r?.ResourceId, '123456789012::eu-west-1::AWS.Config.Recorder::default');
  t.equal(r?.ARN, null);
  t.same(r?.Status, { name: 'default', recording: false });
});

t.test('denied status: recorder yielded with Status null, problem recorded', async (t) => {
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [RECORDER] });
  config.on(DescribeConfigurationRecorderStatusCommand).rejects(deniedException());
  const { ctx, problems } = makeCtx();
  const [r] = await drain(configRecorderScanner, ctx);
  t.equal(r?.Name, 'default');
  t.equal(r?.Status, null);
  t.equal(r?.RoleARN, RECORDER.roleARN);
  t.match(problems, [{ resourceType: 'AWS.Config.Recorder', kind: 'access-denied' }]);
});

t.test('throttled status (mocked send: no SDK retry) is recorded as throttled', async (t) => {
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [RECORDER] });
  config.on(DescribeConfigurationRecorderStatusCommand).rejectsOnce(throttled()).resolves({ ConfigurationRecordersStatus: [STATUS] });
  const { ctx, problems } = makeCtx();
  const [r] = await drain(configRecorderScanner, ctx);
  t.equal(r?.Status, null);
  t.equal(config.commandCalls(DescribeConfigurationRecorderStatusCommand).length, 1);
  t.match(problems, [{ kind: 'throttled' }]);
});

t.test('denied list: problem recorded, nothing yielded', async (t) => {
  config.on(DescribeConfigurationRecordersCommand).rejects(deniedException());
  const a = makeCtx();
  t.same(await drain(configRecorderScanner, a.ctx), []);
  t.match(a.problems, [{ resourceType: 'AWS.Config.Recorder', kind: 'access-denied' }]);
  const b = makeCtx();
  t.same(await drain(configRecorderMetaScanner, b.ctx), []);
  t.match(b.problems, [{ resourceType: 'AWS.Config.Recorder.Meta', kind: 'access-denied' }]);
});

t.test('meta: recorders, global count, which are recording', async (t) => {
  const other = { ...RECORDER, arn: 'arn:aws:config:us-east-1:123456789012:configuration-recorder/regional/0011', name: 'regional', recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } };
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [RECORDER, other] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [STATUS, { name: 'regional', recording: false }] });
  const { ctx } = makeCtx();
  const [m, ...rest] = await drain(configRecorderMetaScanner, ctx);
  t.equal(rest.length, 0);
  t.equal(m?.ResourceId, '123456789012::us-east-1::AWS.Config.Recorder.Meta');
  t.equal(m?.ResourceType, 'AWS.Config.Recorder.Meta');
  t.same(m?.Recorders, [RECORDER.arn, other.arn]);
  t.equal(m?.GlobalRecorderCount, 1);
  t.same(m?.RecordingRecorders, [RECORDER.arn]);
});

t.test('meta of a region without recorders: one snapshot saying so, no status call', async (t) => {
  config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
  const { ctx } = makeCtx();
  const [m] = await drain(configRecorderMetaScanner, ctx);
  t.same(m?.Recorders, []);
  t.equal(m?.GlobalRecorderCount, 0);
  t.same(m?.RecordingRecorders, []);
  t.equal(config.commandCalls(DescribeConfigurationRecorderStatusCommand).length, 0);
});
