import t from 'tap';
import { Events } from '../../../parsers/onelogin/events.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/onelogin/samples/OneLogin.Events.jsonl', import.meta.url));
const base = JSON.parse(lines[1] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('OneLogin events parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Events], lines)) as Obj[];
  t.equal(events.length, 5);
  const [created, login, failed, privilege, sync] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(created, { p_log_type: 'OneLogin.Events', id: 999999999, account_id: 55555, event_type_id: 13, user_id: 88888888, created_at: '2016-10-26 21:12:27.000000000', p_event_time: '2016-10-26 21:12:27.000000000' });
  t.same(created.p_any_ip_addresses, ['192.0.2.11']);
  t.same(created.p_any_usernames, [], 'user names are first and last names, not usernames');

  t.match(login, { event_type_id: 5, actor_user_id: 50361999, risk_score: 30, browser_fingerprint: '0335332a287a43e05e0e7cd8ec9eb44c', p_event_time: '2023-06-01 16:02:11.482000000' });
  t.match(login.notes, /Transitions: desktop_login/);
  t.same(login.p_any_ip_addresses, ['198.51.100.25']);
  t.same(login.p_any_emails, [], 'a name is not an email');
  t.same(login.p_any_usernames, []);

  t.match(failed, { event_type_id: 6, actor_user_id: null, notes: 'Incorrect password', user_agent: 'python-requests/2.31.0' });
  t.same(failed.p_any_ip_addresses, ['198.51.100.10', '203.0.113.99'], 'the client and its proxy');
  t.same(failed.p_any_emails, ['mallory@example.org'], 'names fall back to the email address');
  t.same(failed.p_any_usernames, ['mallory@example.org']);

  t.match(privilege, { event_type_id: 72, app_id: 1120551, app_name: 'AWS Single Account', privilege_id: 338999, privilege_name: 'Manage AWS Single Account', p_event_time: '2023-06-02 09:05:43.007000000' });
  t.same(privilege.p_any_usernames, []);
  t.same(privilege.p_any_ip_addresses, ['198.51.100.25']);

  t.match(sync, { actor_system: 'G Suite', directory_id: 88321, directory_sync_run_id: 1586458888, resolution: 10, ipaddr: '' });
  t.same(sync.p_any_ip_addresses, [], 'an empty ipaddr is skipped');
  t.same(sync.p_any_usernames, []);
});

t.test('ids written as strings are read as numbers', async (t) => {
  const [e] = eventsOf(classifyLines([Events], [variant({ id: '1672347121', account_id: '142999', event_type_id: '5', user_id: '50361999' })])) as Obj[];
  t.match(e, { id: 1672347121, account_id: 142999, event_type_id: 5, user_id: 50361999 });
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Events], variant({ id: undefined })), /id: required field missing/);
  t.match(rejection([Events], variant({ account_id: null })), /account_id: required field missing/);
  t.match(rejection([Events], variant({ event_type_id: undefined })), /event_type_id: required field missing/);
  t.match(rejection([Events], variant({ created_at: undefined })), /created_at: required field missing/);
  t.match(rejection([Events], variant({ created_at: '06/01/2023' })), /created_at: expected timestamp/);
  t.match(rejection([Events], variant({ event_type_id: 'login' })), /event_type_id: expected integer, got string "login"/);
  t.match(rejection([Events], variant({ risk_score: 30.5 })), /risk_score: expected integer, got number/);
  t.match(rejection([Events], variant({ ipaddr: { v4: '198.51.100.25' } })), /ipaddr: expected string, got object/);
  t.match(rejection([Events], variant({ assumed_by_superadmin_or_reseller: 'yes' })), /assumed_by_superadmin_or_reseller: expected boolean/);
});

t.test('with every log type, each sample lands on OneLogin.Events', async (t) => {
  const got = classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(got, lines.map(() => 'OneLogin.Events'));
});
