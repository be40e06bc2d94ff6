import t from 'tap';
import { ItemUsage } from '../../../parsers/onepassword/item-usage.js';
import { logTypes } from '../../../parsers/onepassword/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/onepassword/samples/OnePassword.ItemUsage.jsonl', import.meta.url));
const base = JSON.parse(lines[1] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('item usages parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([ItemUsage], lines)) as Obj[];
  t.equal(events.length, 4);
  const [reveal, copy, fill, service] = events as [Obj, Obj, Obj, Obj];

  t.match(reveal, {
    p_log_type: 'OnePassword.ItemUsage',
    uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E',
    used_version: 123,
    vault_uuid: 'VZSYVT2LGHTBWBQGUJAIZVRABM',
    item_uuid: 'SDGD3I4AJYO6RMHRK8DYVNFIDSQ',
    action: 'reveal',
    account_uuid: 'VZSYVT2LGHTBWBQGUJAIZVRABM',
    timestamp: '2020-06-11 19:32:50.000000000',
    p_event_time: '2020-06-11 19:32:50.000000000',
    user: { name: "Jack O'Neill", email: 'jack.oneill@example.com', user_type: 'user' },
    location: { country: 'CA', region: 'Ontario', city: 'Toronto' },
  });
  t.same(reveal.p_any_ip_addresses, ['192.0.2.95']);
  t.same(reveal.p_any_emails, ['jack.oneill@example.com']);
  t.same(reveal.p_any_usernames, ['jack.oneill@example.com']);

  t.match(copy, { action: 'secure-copy', used_version: 7, p_event_time: '2023-08-16 14:09:02.551874000', client: { app_name: '1Password Browser Extension', ip_address: '198.51.100.17' } });
  t.same(copy.p_any_emails, ['wendy_appleseed@example.com']);

  t.match(fill, { action: 'fill', p_event_time: '2023-08-16 22:47:39.000000000', client: { os_name: 'Windows' } });
  t.same(fill.p_any_ip_addresses, ['203.0.113.96']);

  t.match(service, { action: 'server-fetch', user: { name: 'ci-deployer', user_type: 'service_account' }, client: { app_name: '1Password CLI', platform_version: 'arm64' } });
  t.same(service.p_any_ip_addresses, ['192.0.2.18']);
  t.same(service.p_any_emails, [], 'a service account has no email');
  t.same(service.p_any_usernames, []);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([ItemUsage], variant({ uuid: undefined })), /uuid: required field missing/);
  t.match(rejection([ItemUsage], variant({ timestamp: null })), /timestamp: required field missing/);
  t.match(rejection([ItemUsage], variant({ timestamp: 'Aug 16 2023' })), /timestamp: expected timestamp/);
  t.match(rejection([ItemUsage], variant({ vault_uuid: undefined })), /vault_uuid: required field missing/);
  t.match(rejection([ItemUsage], variant({ item_uuid: undefined })), /item_uuid: required field missing/);
  t.match(rejection([ItemUsage], variant({ used_version: '7a' })), /used_version: expected integer, got string "7a"/);
  t.match(rejection([ItemUsage], variant({ client: { ip_address: 3232235777 } })), /client\.ip_address: expected string, got number/);
});

t.test('1Password records: exactly one type of the family takes each; audit events are neither', async (t) => {
  const signIns = sampleLines(new URL('../../../parsers/onepassword/samples/OnePassword.SignInAttempt.jsonl', import.meta.url));
  for (const [line, want] of [...lines.map((l) => [l, 'OnePassword.ItemUsage']), ...signIns.map((l) => [l, 'OnePassword.SignInAttempt'])] as Array<[string, string]>) {
    const accepting = logTypes.filter((lt) => classifyLines([lt], [line])[0]?.kind === 'event').map((lt) => lt.name);
    t.same(accepting, [want], line.slice(0, 50));
  }
  // An Events API audit event: uuid and timestamp, but an actor and an action, no category or item.
  const audit = JSON.stringify({ uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E', timestamp: '2023-03-15T16:33:50-04:00', actor_uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4', actor_details: { uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4', name: 'Jeff Shiner', email: 'admin@example.com' }, action: 'join', object_type: 'gm', object_uuid: 'pf8soyakgngrphytsyjed4ae3u', session: { uuid: 'A5K6COGVRVEJXJW3XQZGS7VAMM', login_time: '2023-03-15T16:33:50-04:00', device_uuid: 'lc5fqgbrcm4plajd8mwncv2b3u', ip: '192.0.2.254' }, location: { country: 'CA', region: 'Ontario', city: 'Toronto', latitude: 43.5991, longitude: -79.4988 } });
  const reasons = rejection(logTypes, audit);
  t.match(reasons, /OnePassword\.SignInAttempt: target_user: required field missing/);
  t.match(reasons, /OnePassword\.ItemUsage: vault_uuid: required field missing/);
});

t.test('with every log type, each sample lands on OnePassword.ItemUsage', async (t) => {
  const got = classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(got, lines.map(() => 'OnePassword.ItemUsage'));
});
