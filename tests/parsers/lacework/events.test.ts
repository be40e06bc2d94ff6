import t from 'tap';
import { Events, parseLaceworkTime } from '../../../parsers/lacework/events.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/lacework/samples/Lacework.Events.jsonl', import.meta.url));
const base = JSON.parse(lines[1] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const entity = (e: Obj, kind: string, i = 0): unknown => at(e, 'EVENT_DETAILS', 'data', 0, 'ENTITY_MAP', kind, i);

t.test('Lacework events parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Events], lines)) as Obj[];
  t.equal(events.length, 4);
  const [internal, api, compliance, dns] = events as [Obj, Obj, Obj, Obj];

  t.match(internal, {
    p_log_type: 'Lacework.Events',
    EVENT_CATEGORY: 'App',
    EVENT_TYPE: 'NewInternalConnection',
    EVENT_NAME: 'New Internal Connection',
    EVENT_ID: 16206,
    SEVERITY: 5,
    ACCOUNT: 'EXAMPLE',
    SOURCE: 'Lacework Agent',
    START_TIME: '2020-07-08 09:00:00.000000000',
    p_event_time: '2020-07-08 09:00:00.000000000',
  });
  t.match(at(internal, 'EVENT_DETAILS', 'data', 0), { START_TIME: '2020-07-08 09:00:00.000000000', END_TIME: '2020-07-08 10:00:00.000000000', EVENT_MODEL: 'PtypeConn', EVENT_ID: '16206' });
  t.match(entity(internal, 'Process'), { CMDLINE: 'nginx: worker process', PROCESS_ID: 25325, PROCESS_START_TIME: '2020-07-08 08:41:12.000000000' });
  t.same(internal.p_any_ip_addresses, ['0.0.0.0', '10.0.64.135', '169.254.169.254']);
  t.same(internal.p_any_domain_names, ['ip-10-0-64-135.us-west-2.compute.internal'], 'a bare host name is not a domain');
  t.same(internal.p_any_aws_instance_ids, ['i-0a1b2c3d4e5f60718']);
  t.same(internal.p_any_usernames, ['root']);

  // SEVERITY and EVENT_ID written as strings are read as numbers.
  t.match(api, { EVENT_CATEGORY: 'Aws', SEVERITY: 2, EVENT_ID: 4519, p_event_time: '2021-03-15 17:00:00.000000000' });
  t.match(entity(api, 'CT_User'), { USERNAME: 'arn:aws:iam::123456789012:user/mallory', MFA: 0, API_LIST: ['ListBuckets', 'GetBucketPolicy'] });
  t.same(api.p_any_ip_addresses, ['203.0.113.45']);
  t.same(api.p_any_aws_account_ids, ['123456789012']);
  t.same(api.p_any_aws_arns, ['arn:aws:s3:::example-finance-reports']);
  t.same(api.p_any_emails, ['secops@example.com'], 'who last updated the custom rule');
  t.same(api.p_any_usernames, ['arn:aws:iam::123456789012:user/mallory']);

  t.match(compliance, { EVENT_CATEGORY: 'Compliance', EVENT_TYPE: 'NewViolations', SEVERITY: 3 });
  t.match(entity(compliance, 'RecId'), { REC_ID: 'AWS_CIS_2_1', STATUS: 'NonCompliant', ACCOUNT_ALIAS: 'example-prod' });
  t.same(compliance.p_any_aws_arns, ['arn:aws:cloudtrail:us-west-2:123456789012:trail/management-events']);
  t.same(compliance.p_any_aws_account_ids, ['123456789012']);
  t.same(compliance.p_any_ip_addresses, []);

  t.match(dns, { EVENT_TYPE: 'NewExternalServerDNSConn', SEVERITY: 1, p_event_time: '2021-05-20 22:00:00.000000000' });
  t.match(entity(dns, 'IpAddress'), { IP_ADDRESS: '192.0.2.200', THREAT_TAGS: ['CryptoMining'], PORT_LIST: [4444], THREAT_SOURCE: { source: 'Lacework Labs' } });
  t.same(dns.p_any_ip_addresses, ['10.1.4.33', '192.0.2.200', '198.51.100.7']);
  t.same(dns.p_any_domain_names, ['build-agent-3.example.com', 'pool.minexmr.com']);
  t.same(dns.p_any_sha256_hashes, ['5f4dcc3b5aa765d61d8327deb882cf99e7b1f1f4b0c2a2b3d4e5f60718293a4b']);
  t.same(dns.p_any_usernames, ['jenkins', 'root']);
});

t.test("Lacework's START_TIME layout", async (t) => {
  t.equal(parseLaceworkTime('08 Jul 2020 09:00 GMT'), '2020-07-08 09:00:00.000000000');
  t.equal(parseLaceworkTime('8 Jul 2020 09:00:30 UTC'), '2020-07-08 09:00:30.000000000');
  t.equal(parseLaceworkTime('2020-07-08T09:00:00Z'), '2020-07-08 09:00:00.000000000', 'RFC 3339 as the API writes it');
  t.equal(parseLaceworkTime('31 Feb 2020 09:00 GMT'), null);
  t.equal(parseLaceworkTime('08 Jux 2020 09:00 GMT'), null);
  t.equal(parseLaceworkTime(1594198800), null);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Events], variant({ EVENT_CATEGORY: undefined })), /EVENT_CATEGORY: required field missing/);
  t.match(rejection([Events], variant({ EVENT_DETAILS: undefined })), /EVENT_DETAILS: required field missing/);
  t.match(rejection([Events], variant({ START_TIME: undefined })), /START_TIME: required field missing/);
  t.match(rejection([Events], variant({ START_TIME: '15/03/2021 17:00' })), /START_TIME: expected timestamp, got string "15\/03\/2021 17:00"/);
  t.match(rejection([Events], variant({ SEVERITY: 'High' })), /SEVERITY: expected integer, got string "High"/);
  t.match(rejection([Events], variant({ LINK: undefined })), /LINK: required field missing/);
  t.match(rejection([Events], variant({ EVENT_DETAILS: { data: { START_TIME: '2021-03-15T17:00:00Z' } } })), /EVENT_DETAILS\.data: expected array, got object/);
  t.match(rejection([Events], variant({ EVENT_DETAILS: { data: [{ ENTITY_MAP: { CT_User: [{ API_LIST: 'ListBuckets' }] } }] } })), /EVENT_DETAILS\.data\[0\]\.ENTITY_MAP\.CT_User\[0\]\.API_LIST: expected array, got string/);
});

t.test('with every log type, each sample lands on Lacework.Events', async (t) => {
  const got = classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(got, lines.map(() => 'Lacework.Events'));
});
