import t from 'tap';
import { Security, parseSecurity } from '../../../parsers/juniper/security.js';
import type { ParseResult } from '../../../parsers/core/logtype.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/juniper/samples/Juniper.Security.log', import.meta.url));
const NOW = Date.UTC(2024, 2, 20, 12);
const HEAD = 'Oct 13 16:33:13 jwas1 [INFO][mws-security-alert][traffic-info]';

const event = (r: ParseResult): Record<string, unknown> => {
  if (r.ok !== true) throw new Error(`not an event: ${JSON.stringify(r)}`);
  return r.event;
};
const reasonOf = (line: string): string => {
  const r = parseSecurity(line, NOW);
  return r.ok === false ? r.reason : `accepted: ${JSON.stringify(r)}`;
};

t.test('the three categories parse into their fields', async (t) => {
  const [incident, profile, response] = lines.map((l) => event(parseSecurity(l, NOW)));
  t.same(incident, {
    timestamp: '2023-10-13 16:33:13.000000000',
    hostname: 'jwas1',
    log_level: 'INFO',
    service: 'traffic-info',
    category: 'Security Incident',
    incident: 'Apache Configuration Requested',
    severity: 2,
    profile_name: 'Brett 8356',
    source_ip: '10.10.0.117',
    pubkey: 'el4urlypSXuRHOM3IoLT',
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/38.0.2125.101 Safari/537.36',
    url: 'http://jwas1.jsec.net:80/.htaccess',
    count: 1,
    fake_response: true,
  });
  t.same(profile, {
    timestamp: '2023-10-13 16:33:13.000000000',
    hostname: 'jwas1',
    log_level: 'INFO',
    service: 'traffic-info',
    category: 'New Profile',
    profile_id: '3811',
    profile_name: 'Brett 8356',
    pubkey: 'el4urlypSXuRHOM3IoLT',
  }, 'MKS_PubKey and MKS_pubkey are one field');
  t.same(response, {
    timestamp: '2023-10-13 16:33:55.000000000',
    hostname: 'jwas1',
    log_level: 'INFO',
    service: 'auto-response',
    category: 'New Counter Response',
    response_code: 'BL',
    response_name: 'Block User',
    profile_id: '3811',
    profile_name: 'Brett 8356',
    created_date: '2014-10-13 16:33:54.000000000',
    delay_date: '2014-10-13 16:33:54.000000000',
    response_config: '<config />',
    silent_running: true,
  }, 'an expiry of "null" is absent');
  t.same(
    event(parseSecurity(`${HEAD} MKS_Category="New Profile" MKS_ProfileName="say \\"hi\\" \\\\o/" MKS_useragent="" MKS_fakeresponse="FALSE"`, NOW)),
    { timestamp: '2023-10-13 16:33:13.000000000', hostname: 'jwas1', log_level: 'INFO', service: 'traffic-info', category: 'New Profile', profile_name: 'say "hi" \\o/', fake_response: false },
    'escapes resolved, empty values absent',
  );
  t.match(
    event(parseSecurity(`${HEAD} MKS_Category="New Counter Response" MKS_ResponseExpires="2014-10-14 16:33:54.5"`, NOW)),
    { expiration_date: '2014-10-14 16:33:54.500000000' },
  );
});

t.test('through the classifier: indicators', async (t) => {
  const events = eventsOf(classifyLines([Security], lines));
  t.same(events.map((e) => e.p_log_type), Array(3).fill('Juniper.Security'));
  t.same(events[0]?.p_any_ip_addresses, ['10.10.0.117']);
  t.same(events[0]?.p_any_domain_names, ['jwas1.jsec.net'], 'the host of the URL');
  t.same(events[1]?.p_any_ip_addresses, []);
  t.equal(events[2]?.p_event_time, events[2]?.timestamp);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(reasonOf(`${HEAD} MKS_Type="x"`), /MKS_Category missing/);
  t.match(reasonOf(`${HEAD} MKS_Category="New Profile" MKS_Bogus="1"`), /unknown field MKS_Bogus/);
  t.match(reasonOf(`${HEAD} MKS_Category="New Profile" MKS_constructor="1"`), /unknown field MKS_constructor/);
  t.match(reasonOf(`${HEAD} MKS_Category="Security Incident" MKS_Severity="high"`), /MKS_Severity="high": expected a number/);
  t.match(reasonOf(`${HEAD} MKS_Category="Security Incident" MKS_fakeresponse="maybe"`), /expected true or false/);
  t.match(reasonOf(`${HEAD} MKS_Category="New Counter Response" MKS_ResponseCreated="yesterday"`), /expected a date and time/);
  t.match(reasonOf(`${HEAD} MKS_Category="New Profile`), /MKS_Category: unterminated value/);
  t.match(reasonOf(`${HEAD} MKS_Category=New`), /expected MKS_Key="value"/);
  t.match(reasonOf(`${HEAD} Category="New"`), /expected MKS_Key="value"/);
  t.match(reasonOf(`${HEAD} trailing`), /expected MKS_Key="value"/);
  t.match(reasonOf('Oct 13 16:33:13 jwas1 [mws-security-alert][traffic-info] MKS_Category="x"'), /expected \[LEVEL\]/);
  t.match(reasonOf('Oct 13 16:33:13 jwas1 [INFO][mws-security-engine][x] MKS_Category="x"'), /not an \[mws-security-alert\] line/);
  t.match(reasonOf('Oct 13 16:33:13 jwas1 [INFO][mws-security-alert] MKS_Category="x"'), /expected \[service\]/);
});
