// cloud-scan with automatic remediation: each remediation result is logged with its ids, outcome
// and the calls' API names (never their inputs); a failed one at warn level.
import t, { type Test } from 'tap';
import { PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { remediations } from '../../../cloud-security/remediations/index.js';
import { formatUnitMessage } from '../../../cloud-security/units/unit.js';
import { processUnitMessage, remediationLogFields } from '../../../functions/cloud-scan/process-unit.js';
import { ACCOUNT, recordingLogger, unitScanDeps } from './fixtures/unit-scan.js';

const UNIT = `${ACCOUNT}.eu-west-1.AWS.S3.Bucket`;
const versioning = remediations.get('AWS.S3.EnableBucketVersioning');

function setup(t: Test, apply: boolean) {
  const s3 = mockClient(S3Client);
  t.teardown(() => s3.restore());
  const { logs, logger } = recordingLogger();
  const { sts, deps } = unitScanDeps(t, {
    enqueueAlerts: async () => undefined,
    autoRemediation: { policies: new Set(['Test.Bucket.Versioning']), apply, remediationRoleName: 'PantherRemediationRole', remediationFor: () => versioning },
  });
  const remediationLogs = () => logs.filter(([, m]) => m.startsWith('auto-remediation'));
  return { s3, sts, deps, logger, logs, remediationLogs };
}

const body = formatUnitMessage({ accountId: ACCOUNT, region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', partition: 'aws' }, 'schedule');

t.test('dry runs: one info line per new failure, the planned calls by API name only', async (t) => {
  const { deps, logger, logs, remediationLogs } = setup(t, false);
  const r = await processUnitMessage(body, deps, logger as never);
  t.same(r, { unit: UNIT, status: 'done', resources: 3, alertsOpened: 2, remediations: 2 });
  t.same(remediationLogs(), [
    ['info', 'auto-remediation planned (dry run)', { unit: UNIT, policyId: 'Test.Bucket.Versioning', resourceId: 'arn:aws:s3:::b', remediationId: 'AWS.S3.EnableBucketVersioning', dryRun: true, applied: false, calls: ['s3:PutBucketVersioning'] }],
    ['info', 'auto-remediation planned (dry run)', { unit: UNIT, policyId: 'Test.Bucket.Versioning', resourceId: 'arn:aws:s3:::c', remediationId: 'AWS.S3.EnableBucketVersioning', dryRun: true, applied: false, calls: ['s3:PutBucketVersioning'] }],
  ]);
  t.notOk(JSON.stringify(logs).includes('VersioningConfiguration'), 'no call input in the logs');
  // Known failures are not remediated again: no line, no count.
  const again = await processUnitMessage(body, deps, logger as never);
  t.same(again, { unit: UNIT, status: 'done', resources: 3, alertsOpened: 0 });
  t.equal(remediationLogs().length, 2);
});

t.test('applied and failed: the failure at warn level with the failed call and the error', async (t) => {
  const { s3, sts, deps, logger, remediationLogs } = setup(t, true);
  // The mock answers before the SDK signs: resolve the credentials as signing would (the role is assumed then).
  s3.on(PutBucketVersioningCommand).callsFake(async (input: { Bucket?: string }, getClient: () => { config: { credentials: () => Promise<unknown> } }) => {
    await getClient().config.credentials();
    if (input.Bucket === 'c') throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    return {};
  });
  const r = await processUnitMessage(body, deps, logger as never);
  t.equal(r.remediations, 2);
  t.same(remediationLogs(), [
    ['info', 'auto-remediation applied', { unit: UNIT, policyId: 'Test.Bucket.Versioning', resourceId: 'arn:aws:s3:::b', remediationId: 'AWS.S3.EnableBucketVersioning', dryRun: false, applied: true, calls: ['s3:PutBucketVersioning'] }],
    [
      'warn',
      'auto-remediation failed',
      { unit: UNIT, policyId: 'Test.Bucket.Versioning', resourceId: 'arn:aws:s3:::c', remediationId: 'AWS.S3.EnableBucketVersioning', dryRun: false, applied: false, calls: ['s3:PutBucketVersioning'], failedCalls: ['s3:PutBucketVersioning'], error: 'AccessDenied: Access Denied' },
    ],
  ]);
  t.match(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input), [
    { RoleArn: `arn:aws:iam::${ACCOUNT}:role/PantherAuditRole`, ExternalId: 'ext-1234' },
    { RoleArn: `arn:aws:iam::${ACCOUNT}:role/PantherRemediationRole`, ExternalId: 'ext-1234' },
  ]);
});

t.test('a long error is cut in the log line', async (t) => {
  const fields = remediationLogFields('u', { policyId: 'P', resourceId: 'R', remediationId: 'X', calls: [], applied: false, dryRun: false, error: 'e'.repeat(5000) });
  t.equal(String(fields.error).length, 300);
  t.same(fields.calls, []);
  t.equal(fields.failedCalls, undefined);
});
