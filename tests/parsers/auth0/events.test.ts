import t from 'tap';
import { Events } from '../../../parsers/auth0/events.js';
import { logTypes } from '../../../parsers/auth0/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const PARSE_TIME = '2026-01-01 00:00:00.000000000';
const lines = sampleLines(new URL('../../../parsers/auth0/samples/Auth0.Events.jsonl', import.meta.url));
const names = (ls: string[], types: Parameters<typeof classifyLines>[0] = logTypes): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
const first = JSON.parse(lines[0] as string) as { log_id: string; data: Obj };
const withData = (patch: Obj): string => JSON.stringify({ ...first, data: { ...first.data, ...patch } });

t.test('Log Streams events keep the envelope and normalize data.date', async (t) => {
  const events = eventsOf(classifyLines([Events], lines)) as Obj[];
  t.equal(events.length, 4);
  const [login, wrong, api, leak] = events as [Obj, Obj, Obj, Obj];

  t.match(login, {
    log_id: '90020230515172023552512000000000000001223372036854775807',
    data: { date: '2023-05-15 17:20:23.526000000', type: 's', description: 'Successful login', strategy_type: 'database', client_name: 'Example Dashboard' },
    p_log_type: 'Auth0.Events',
  });
  // data.date is nested: p_event_time stays the parse time until the core takes a path.
  t.equal(login.p_event_time, PARSE_TIME);
  t.equal(at(login, 'data', 'details', 'stats', 'loginsCount'), 12);
  t.same(at(login, 'data', '$event_schema'), { version: '1.0.0' }, 'undeclared keys are kept');
  t.same(login.p_any_ip_addresses, ['198.51.100.24']);
  t.same(login.p_any_domain_names, ['example.us.auth0.com']);
  t.same(login.p_any_emails, ['jane.doe@example.com']);
  t.same(login.p_any_usernames, ['jane.doe@example.com']);

  t.match(wrong, { data: { type: 'fp', date: '2023-11-02 08:45:12.004000000', location_info: { country_code: 'NL' } } });
  t.same(wrong.p_any_domain_names, ['login.example.com']);

  t.match(api, { data: { type: 'sapi', description: 'Update tenant settings', client_name: '' } });
  t.equal(at(api, 'data', 'details', 'request', 'path'), '/api/v2/tenants/settings');
  t.same(api.p_any_ip_addresses, ['2001:db8:abcd::12']);
  t.same(api.p_any_emails, ['admin@example.com'], 'the administrator of a Management API call');
  t.same(api.p_any_usernames, []);

  t.match(leak, { data: { type: 'pwd_leak', user_id: '' } });
  t.same(leak.p_any_ip_addresses, ['192.0.2.81']);
  t.same(leak.p_any_emails, ['denethor@example.org']);
});

t.test('near misses are rejected with the reason', async (t) => {
  t.match(rejection([Events], JSON.stringify(first.data)), /log_id: required field missing|data: required field missing/, 'a bare Management API record is not taken');
  t.match(rejection([Events], JSON.stringify({ ...first.data, log_id: first.log_id })), /data: required field missing/);
  t.match(rejection([Events], JSON.stringify({ log_id: first.log_id })), /data: required field missing/);
  t.match(rejection([Events], JSON.stringify({ log_id: first.log_id, data: 'x' })), /data: expected object, got string/);
  t.match(rejection([Events], withData({ type: 'Successful Login' })), /data\.type "Successful Login" is not an Auth0 event type code/);
  t.match(rejection([Events], withData({ type: undefined })), /data\.type: required field missing/);
  t.match(rejection([Events], withData({ date: 1684171223 })), /data\.date: expected timestamp, got number/);
  t.match(rejection([Events], withData({ is_mobile: 'yes' })), /data\.is_mobile: expected boolean/);
  t.match(rejection([Events], JSON.stringify({ ...first, log_id: 42 })), /log_id: expected string, got number/);
});

t.test('with every log type, Auth0 samples are Auth0.Events', async (t) => {
  t.same(names(lines, builtinLogTypes), Array(lines.length).fill('Auth0.Events'));
});
