import t from 'tap';
import { SignInAttempt } from '../../../parsers/onepassword/sign-in-attempt.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/onepassword/samples/OnePassword.SignInAttempt.jsonl', import.meta.url));
const base = JSON.parse(lines[1] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('sign-in attempts parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([SignInAttempt], lines)) as Obj[];
  t.equal(events.length, 4);
  const [blocked, ok, badPassword, badTotp] = events as [Obj, Obj, Obj, Obj];

  t.match(blocked, {
    p_log_type: 'OnePassword.SignInAttempt',
    uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E',
    session_uuid: 'A5K6COGVRVEJXJW3XQZGS7VAMM',
    category: 'firewall_failed',
    type: 'continent_blocked',
    country: 'France',
    details: { value: 'Europe' },
    timestamp: '2020-06-11 19:32:50.000000000',
    p_event_time: '2020-06-11 19:32:50.000000000',
    target_user: { uuid: 'IR7VJHJ36JHINBFAD7V2T5MP3E', name: "Jack O'Neill", email: 'jack.oneill@example.com' },
    client: { app_name: '1Password Extension', os_name: 'MacOSX' },
    location: { country: 'FR', city: 'Paris' },
  });
  t.equal(at(blocked, 'location', 'latitude'), 48.8566);
  t.same(blocked.p_any_ip_addresses, ['192.0.2.95']);
  t.same(blocked.p_any_emails, ['jack.oneill@example.com']);
  t.same(blocked.p_any_usernames, ['jack.oneill@example.com']);

  t.match(ok, { category: 'success', type: 'credentials_ok', p_event_time: '2023-08-16 14:02:11.827339000', client: { app_name: '1Password for Mac', platform_version: 'MacBookPro18,3' } });
  t.same(ok.p_any_ip_addresses, ['198.51.100.17']);

  t.match(badPassword, { category: 'credentials_failed', type: 'password_secret_bad', country: 'NG', p_event_time: '2023-08-16 14:05:48.101022000' });
  t.same(badPassword.p_any_ip_addresses, ['203.0.113.221']);
  t.same(badPassword.p_any_emails, ['wendy_appleseed@example.com']);

  t.match(badTotp, { category: 'mfa_failed', type: 'totp_bad', p_event_time: '2023-08-17 09:44:30.000000000' });
  t.equal(badTotp.location, undefined);
  t.same(badTotp.p_any_ip_addresses, ['2001:db8:7e2::41']);
  t.same(badTotp.p_any_usernames, ['ravi.kumar@example.com']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([SignInAttempt], variant({ uuid: undefined })), /uuid: required field missing/);
  t.match(rejection([SignInAttempt], variant({ timestamp: undefined })), /timestamp: required field missing/);
  t.match(rejection([SignInAttempt], variant({ timestamp: 1692194531 })), /timestamp: expected timestamp, got number/);
  t.match(rejection([SignInAttempt], variant({ category: undefined })), /category: required field missing/);
  t.match(rejection([SignInAttempt], variant({ type: null })), /type: required field missing/);
  t.match(rejection([SignInAttempt], variant({ target_user: undefined })), /target_user: required field missing/);
  t.match(rejection([SignInAttempt], variant({ target_user: { email: ['wendy_appleseed@example.com'] } })), /target_user\.email: expected string, got array/);
  t.match(rejection([SignInAttempt], variant({ location: { latitude: 'north' } })), /location\.latitude: expected number/);
  // An item usage has uuid and timestamp too: its item and vault tell it apart.
  t.match(rejection([SignInAttempt], variant({ item_uuid: 'PW4M2ZBKXBGBRCBGTAOB7CEU5Y', vault_uuid: '5VMBCYHYJOJCSW7UTH4ZXTGN2Y' })), /item usage, not a sign-in attempt/);
});

t.test('with every log type, each sample lands on OnePassword.SignInAttempt', async (t) => {
  const got = classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
  t.same(got, lines.map(() => 'OnePassword.SignInAttempt'));
});
