// The CLI's remediation wording, shared by `panther remediate` and `panther scan --auto-remediate`.
import t from 'tap';
import { appliedLines, dryRunLines } from '../../cli/commands/remediation-text.js';
import { appliedText } from '../../cli/commands/remediate.js';

const put = { service: 's3', operation: 'PutBucketVersioning', input: { Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } } };
const pab = { service: 's3', operation: 'PutPublicAccessBlock', input: { Bucket: 'b' } };

t.test('a dry run lists the calls in order, or says there is nothing to send', async (t) => {
  t.same(dryRunLines('AWS.S3.EnableBucketVersioning', 'arn:aws:s3:::b', [put]), [
    'Dry run of AWS.S3.EnableBucketVersioning on arn:aws:s3:::b: would send, in order:',
    '  s3:PutBucketVersioning {"Bucket":"b","VersioningConfiguration":{"Status":"Enabled"}}',
  ]);
  t.same(dryRunLines('AWS.S3.EnableBucketVersioning', 'arn:aws:s3:::b', []), ['Dry run of AWS.S3.EnableBucketVersioning on arn:aws:s3:::b: already compliant, nothing to send.']);
});

t.test('an applied remediation: sent, FAILED with its error, and the calls not sent after it', async (t) => {
  const lines = appliedLines('R', 'arn:aws:s3:::b', 'failed', undefined, [
    { call: put, outcome: 'sent' },
    { call: pab, outcome: 'failed', error: 'AccessDenied: not allowed' },
    { call: put, outcome: 'not sent' },
  ]);
  t.same(lines, [
    'R on arn:aws:s3:::b: failed',
    '  sent s3:PutBucketVersioning {"Bucket":"b","VersioningConfiguration":{"Status":"Enabled"}}',
    '  FAILED s3:PutPublicAccessBlock {"Bucket":"b"} -> AccessDenied: not allowed',
    '  not sent s3:PutBucketVersioning {"Bucket":"b","VersioningConfiguration":{"Status":"Enabled"}}',
  ]);
  // `panther remediate --apply` prints its result through the same lines.
  t.equal(
    appliedText({ remediationId: 'R', resourceId: 'arn:aws:s3:::b', status: 'failed', calls: [{ call: put, ok: true }, { call: pab, ok: false, error: 'AccessDenied: not allowed' }], skipped: [put] }),
    `${lines.join('\n')}\n`,
  );
  t.same(appliedLines('R', 'x', 'failed', 'bad parameters', []), ['R on x: failed (bad parameters)']);
});
