import t from 'tap';
import { Administrator } from '../../../parsers/duo/administrator.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/duo/samples/Duo.Administrator.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('administrator records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Administrator], lines)) as Obj[];
  t.equal(events.length, 4);
  const [update, login, api, system] = events as [Obj, Obj, Obj, Obj];

  t.match(update, {
    p_log_type: 'Duo.Administrator',
    action: 'user_update',
    object: 'jsmith',
    username: 'admin',
    isotimestamp: '2020-01-24 15:09:42.000000000',
    timestamp: '2020-01-24 15:09:42.000000000',
    p_event_time: '2020-01-24 15:09:42.000000000',
  });
  t.equal(update.description, '{"notes": "Joe asked for their nickname to be displayed instead of Joseph.", "realname": "Joe Smith"}', 'the description stays text');
  t.same(update.p_any_usernames, ['admin']);
  t.same(update.p_any_ip_addresses, []);

  t.match(login, { action: 'admin_login', object: null, username: 'Amy Jones', p_event_time: '2023-03-14 21:05:31.000000000' });
  t.same(login.p_any_ip_addresses, ['10.1.23.116'], 'from the JSON description');
  t.same(login.p_any_emails, ['ajones@example.com']);

  t.match(api, { action: 'integration_create', username: 'API', object: 'Corporate VPN' });
  t.match(system, { action: 'user_delete', username: 'System', description: 'Deleted user inactive for 30 days' });
  t.same(system.p_any_emails, [], 'free-text descriptions add nothing');

  const [broken] = eventsOf(classifyLines([Administrator], [variant({ description: '{"ip_address": "10.1.2.3"' })])) as Obj[];
  t.same(broken?.p_any_ip_addresses, [], 'a truncated JSON description adds nothing');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Administrator], variant({ action: 'o2fa_user_provisioned' })), /action "o2fa_user_provisioned" is an offline enrollment action/);
  t.match(rejection([Administrator], variant({ action: undefined })), /action: required field missing/);
  t.match(rejection([Administrator], variant({ username: undefined })), /username: required field missing/);
  t.match(rejection([Administrator], variant({ isotimestamp: undefined })), /isotimestamp: required field missing/);
  t.match(rejection([Administrator], variant({ txid: 'x' })), /txid present: not an administrator log record/);
  t.match(rejection([Administrator], variant({ timestamp: 'yesterday' })), /timestamp: expected timestamp/);
  t.match(rejection([Administrator], variant({ description: { notes: 'x' } })), /description: expected string, got object/);
});
