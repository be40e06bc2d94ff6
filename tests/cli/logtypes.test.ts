import t from 'tap';
import { builtinLogTypes } from '../../parsers/registry.js';
import { panther } from '../helpers/cli.js';

t.test('logtypes --json prints every declared log type with its fields', async (t) => {
  const r = panther(['logtypes', '--json']);
  t.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout) as Array<{ name: string; table: string; eventTime: string | null; fields: Array<{ name: string; type: string; glueType: string; required: boolean }> }>;
  t.same(list.map((l) => l.name), builtinLogTypes.map((l) => l.name));
  t.same(
    list.map((l) => l.name).sort(),
    ['AWS.ALB', 'AWS.CloudTrail', 'AWS.CloudTrailDigest', 'AWS.CloudTrailInsight', 'AWS.CloudWatchEvents', 'AWS.GuardDuty', 'AWS.S3ServerAccess', 'AWS.VPCDns', 'AWS.VPCFlow', 'Okta.SystemLog', 'Osquery.Batch', 'Osquery.Differential', 'Osquery.Snapshot', 'Osquery.Status', 'Syslog.RFC3164', 'Syslog.RFC5424'],
  );
  const ct = list.find((l) => l.name === 'AWS.CloudTrail');
  t.equal(ct?.table, 'aws_cloudtrail');
  t.equal(ct?.eventTime, 'eventTime');
  t.match(ct?.fields.find((f) => f.name === 'eventTime'), { type: 'timestamp', glueType: 'timestamp', required: true });
  t.match(ct?.fields.find((f) => f.name === 'userIdentity'), { type: 'object', glueType: /^struct<type:string,/ });
  const vpc = list.find((l) => l.name === 'AWS.VPCFlow');
  t.match(vpc?.fields.find((f) => f.name === 'srcPort'), { type: 'int' });
});

t.test('logtypes without --json prints one line per type', async (t) => {
  const r = panther(['logtypes']);
  t.equal(r.stdout.trim().split('\n').length, builtinLogTypes.length);
  t.match(r.stdout, /^AWS\.CloudTrail\s+\S/m);
});
