import t from 'tap';
import { IndicatorSet } from '../../../parsers/core/indicators.js';

t.test('each kind is validated, normalized, deduplicated and sorted', async (t) => {
  const s = new IndicatorSet();
  s.add('ip', '10.0.0.2');
  s.add('ip', '10.0.0.1:443');
  s.add('ip', '10.0.0.1');
  s.add('ip', '[2001:DB8::1]:8080');
  s.add('ip', 'cloudtrail.amazonaws.com');
  s.add('ip', '999.1.1.1');
  s.add('hostname', 'cloudtrail.amazonaws.com');
  s.add('hostname', '192.0.2.7');
  s.add('domain', 'Example.COM.');
  s.add('domain', 'localhost');
  s.add('url', 'https://www.example.org:8443/path?q=1');
  s.add('url', 'not a url');
  s.add('md5', 'D41D8CD98F00B204E9800998ECF8427E');
  s.add('sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
  s.add('sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  s.add('sha256', 'tooshort');
  s.add('aws_arn', 'arn:aws:iam::123456789012:role/admin');
  s.add('aws_arn', 'arn:aws:s3:::bucket-name');
  s.add('aws_arn', 'not:an:arn');
  s.add('aws_account_id', 210987654321);
  s.add('aws_account_id', '1234');
  s.add('aws_instance_id', 'i-0abcdef1234567890');
  s.add('aws_instance_id', 'i-xyz');
  s.addTag('team', 'platform');
  s.addTag('', 'x');
  s.add('email', 'Alice@Example.com');
  s.add('email', 'alice@');
  s.add('username', 'alice');
  s.add('username', '-');
  s.add('trace_id', 'Root=1-58337262-36d228ad5d99923122bbe354');
  s.add('ip', 42);
  t.same(s.toFields(), {
    p_any_ip_addresses: ['10.0.0.1', '10.0.0.2', '192.0.2.7', '2001:db8::1'],
    p_any_domain_names: ['cloudtrail.amazonaws.com', 'example.com', 'www.example.org'],
    p_any_md5_hashes: ['d41d8cd98f00b204e9800998ecf8427e'],
    p_any_sha1_hashes: ['da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    p_any_sha256_hashes: ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    p_any_trace_ids: ['Root=1-58337262-36d228ad5d99923122bbe354'],
    p_any_aws_account_ids: ['123456789012', '210987654321'],
    p_any_aws_instance_ids: ['i-0abcdef1234567890'],
    p_any_aws_arns: ['arn:aws:iam::123456789012:role/admin', 'arn:aws:s3:::bucket-name'],
    p_any_aws_tags: ['team:platform'],
    p_any_emails: ['alice@example.com'],
    p_any_usernames: ['alice'],
  });
});

t.test('an empty set still yields every field', async (t) => {
  const f = new IndicatorSet().toFields();
  t.equal(Object.keys(f).length, 12);
  t.ok(Object.values(f).every((v) => Array.isArray(v) && v.length === 0));
});
