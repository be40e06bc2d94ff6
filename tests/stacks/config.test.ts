import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logTypeSet, resolveLogTypes } from '../../parsers/registry.js';
import { loadConfig, parseConfig } from '../../stacks/config.js';
import { TestJson } from '../helpers/logtypes.js';
import { configError } from './fixtures/config-error.js';

const source = { id: 'org-trail', label: 'Org trail', bucket: 'acme-org-trail', accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/PantherLogSource', prefixes: [{ prefix: 'AWSLogs/', logTypes: ['AWS.CloudTrail'] }] };
t.test('defaults', async (t) => {
  const c = parseConfig(undefined, resolveLogTypes);
  t.equal(c.prefix, 'panther');
  t.equal(c.region, 'us-east-1');
  t.same(c.sources, []);
  t.same(c.input.prefixes, []);
  t.same(c.retention, { lakeDays: 365, queryResultsDays: 30, logGroupDays: 90 });
  t.same(c.memory, { logProcessor: 1024 });
  t.same(c.concurrency, { logProcessor: 20 });
  t.same(c.alarms, { emails: [] });
  t.equal(c.athena.bytesScannedCutoffPerQuery, 100 * 1024 ** 3);
  t.equal(c.backend, undefined);
  t.same(parseConfig({ retention: { logGroupDays: 30 } }, resolveLogTypes).retention, { lakeDays: 365, queryResultsDays: 30, logGroupDays: 30 }, 'a partial section keeps the other defaults');
});

t.test('a YAML file and a JSON file', async (t) => {
  const dir = t.testdir({
    'panther.yml': [
      'prefix: acme',
      'region: eu-west-1',
      'sources:',
      '  - id: org-trail',
      '    label: Org trail',
      '    bucket: acme-org-trail',
      '    accountId: "111111111111"',
      '    roleArn: arn:aws:iam::111111111111:role/PantherLogSource',
      '    prefixes: [{ prefix: AWSLogs/, logTypes: [aws.cloudtrail] }]',
      'alarms: { emails: [secops@example.com] }',
      'backend: { bucket: acme-state, key: panther.tfstate, region: eu-west-1, useLockfile: true }',
      '',
    ].join('\n'),
    'panther.json': JSON.stringify({ prefix: 'json-acme', memory: { logProcessor: 2048 } }),
    'broken.json': '{ "prefix": ',
  });
  const y = loadConfig(join(dir, 'panther.yml'), resolveLogTypes);
  t.equal(y.prefix, 'acme');
  t.equal(y.sources[0]?.accountId, '111111111111', 'quoted account ids stay strings');
  t.same(y.sources[0]?.prefixes, [{ prefix: 'AWSLogs/', logTypes: ['aws.cloudtrail'] }]);
  t.same(y.alarms.emails, ['secops@example.com']);
  t.same(y.backend, { bucket: 'acme-state', key: 'panther.tfstate', region: 'eu-west-1', useLockfile: true });
  const j = loadConfig(join(dir, 'panther.json'), resolveLogTypes);
  t.equal(j.prefix, 'json-acme');
  t.equal(j.memory.logProcessor, 2048);
  t.throws(() => loadConfig(join(dir, 'broken.json'), resolveLogTypes), new RegExp(`${join(dir, 'broken.json').replace(/[.]/g, '\\.')}: `));
  t.equal(loadConfig(undefined, resolveLogTypes).prefix, 'panther', 'no file: defaults');
  t.equal(loadConfig('', resolveLogTypes).prefix, 'panther');
  writeFileSync(join(dir, 'bad.yml'), 'prefix: Acme!\n');
  t.throws(() => loadConfig(join(dir, 'bad.yml'), resolveLogTypes), /bad\.yml: invalid deployment configuration:\n {2}config\.prefix: /);
});

t.test('errors name the key, all of them at once', async (t) => {
  const msg = configError({
    prefix: 'Acme!',
    region: 'mars',
    sources: [source, { ...source, accountId: '1', prefixes: [{ prefix: '', logTypes: ['AWS.CloudTrail', 'X'] }] }, { ...source, id: 'third', roleArn: undefined, externalId: 'abc' }],
    alarms: { emails: ['not-an-address'] },
    retention: { logGroupDays: 2 },
    lakeBucket: 'x',
  });
  t.match(msg, /^invalid deployment configuration:\n/);
  t.match(msg, /\n {2}config\.prefix: 2-21 lowercase letters/);
  t.match(msg, /\n {2}config\.region: not an AWS region name/);
  t.match(msg, /\n {2}config\.sources\[1\]\.prefixes\[0\]\.logTypes: unknown log type "X"/);
  t.notMatch(msg, /unknown log type "AWS\.CloudTrail"/);
  t.match(msg, /\n {2}config\.sources\[1\]\.accountId: an AWS account id is 12 digits/);
  t.match(msg, /\n {2}config\.sources\[1\]\.id: duplicate source id "org-trail"/);
  t.match(msg, /\n {2}config\.sources\[2\]\.externalId: an external id is for assuming roleArn: give the role too/);
  t.match(msg, /\n {2}config\.alarms\.emails\[0\]: /);
  t.match(msg, /\n {2}config\.retention\.logGroupDays: CloudWatch Logs accepts 1, 3, 5/);
  t.match(msg, /\n {2}config: unknown key\(s\) "lakeBucket"/);
});

t.test('custom log types are known when passed in', async (t) => {
  const withCustom = { ...source, prefixes: [{ prefix: '', logTypes: ['Test.Json'] }] };
  t.match(configError({ sources: [withCustom] }), /config\.sources\[0\]\.prefixes\[0\]\.logTypes: unknown log type "Test\.Json"/);
  t.equal(parseConfig({ sources: [withCustom] }, logTypeSet([TestJson]).resolve).sources[0]?.id, 'org-trail');
});

t.test('more value checks', async (t) => {
  t.match(configError({ sources: [{ ...source, roleArn: 'arn:aws:s3:::bucket' }] }), /config\.sources\[0\]\.roleArn: not an IAM role ARN/);
  t.match(configError({ sources: [{ ...source, kmsKeyArn: 'alias/x' }] }), /config\.sources\[0\]\.kmsKeyArn: not a KMS key ARN/);
  t.match(configError({ sources: [{ ...source, bucket: 'Bad_Bucket' }] }), /config\.sources\[0\]\.bucket: not a valid S3 bucket name/);
  t.match(configError({ sources: [{ ...source, prefixes: [] }] }), /config\.sources\[0\]\.prefixes: /);
  t.match(configError({ sources: [{ ...source, extra: 1 }] }), /config\.sources\[0\]: unknown key\(s\) "extra"/);
  t.match(configError({ input: { prefixes: [{ prefix: 'a/', logTypes: ['AWS.ALB'] }, { prefix: 'a/b/', logTypes: ['AWS.ALB'] }] } }), /config\.input\.prefixes\[1\]\.prefix: overlaps prefix "a\/" of entry 0/);
  t.match(configError({ input: { prefixes: [{ prefix: '', logTypes: ['AWS.ALB'] }, { prefix: '', logTypes: ['AWS.VPCFlow'] }] } }), /config\.input\.prefixes\[1\]\.prefix: overlaps/);
  t.match(configError({ concurrency: { logProcessor: 1 } }), /config\.concurrency\.logProcessor: at least 2/);
  t.match(configError({ memory: { logProcessor: 64 } }), /config\.memory\.logProcessor: /);
  t.match(configError({ memory: { scanner: 512 } }), /config\.memory: unknown key\(s\) "scanner"/);
  t.match(configError({ athena: { bytesScannedCutoffPerQuery: 1000 } }), /config\.athena\.bytesScannedCutoffPerQuery: /);
  t.match(configError({ alarms: { topicArn: 'oncall' } }), /config\.alarms\.topicArn: not an SNS topic ARN/);
  t.match(configError({ backend: { bucket: 'acme-state', key: 'k', region: 'eu-west-1', dynamodbTable: 'locks', useLockfile: true } }), /config\.backend: choose dynamodbTable or useLockfile, not both/);
  t.match(configError({ backend: { bucket: 'acme-state', region: 'eu-west-1' } }), /config\.backend\.key: /);
  t.match(configError([1]), /^invalid deployment configuration:\n {2}config: /);
  t.equal(parseConfig({ sources: [{ ...source, roleArn: undefined }] }, resolveLogTypes).sources[0]?.roleArn, undefined, 'a source without a role is read directly');
});

t.test('the console section', async (t) => {
  const c = parseConfig(undefined, resolveLogTypes);
  t.same(c.console, { callbackUrls: [], apiThrottle: { rate: 50, burst: 100 } });
  const custom = parseConfig({ console: { authDomainPrefix: 'acme-sec', customDomain: { aliases: ['siem.example.com'], acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc-123' } } }, resolveLogTypes);
  t.equal(custom.console.authDomainPrefix, 'acme-sec');
  t.same(custom.console.customDomain?.aliases, ['siem.example.com']);
  t.match(configError({ console: { authDomainPrefix: 'my-aws-login' } }), /config\.console\.authDomainPrefix: must not contain "aws" or "cognito"/);
  t.match(configError({ console: { authDomainPrefix: 'Upper' } }), /config\.console\.authDomainPrefix: lowercase letters/);
  t.match(configError({ console: { customDomain: { aliases: ['siem.example.com'], acmCertificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc' } } }), /config\.console\.customDomain\.acmCertificateArn: an ACM certificate ARN in us-east-1/);
  t.match(configError({ console: { webAclArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1' } }), /config\.console\.webAclArn: a CLOUDFRONT-scope/);
});
