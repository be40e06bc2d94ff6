import t from 'tap';
import { Authentication } from '../../../parsers/duo/authentication.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/duo/samples/Duo.Authentication.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('authentication records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Authentication], lines)) as Obj[];
  t.equal(events.length, 3);
  const [doc, fraud, enrollment] = events as [Obj, Obj, Obj];

  t.match(doc, {
    p_log_type: 'Duo.Authentication',
    txid: '340a23e3-23f3-23c1-87dc-1491a23dfdbb',
    event_type: 'authentication',
    factor: 'duo_push',
    result: 'success',
    reason: 'user_approved',
    isotimestamp: '2020-02-13 18:56:20.351346000',
    timestamp: '2020-02-13 18:56:20.000000000',
    p_event_time: '2020-02-13 18:56:20.351346000',
    application: { key: 'DIY231J8BR23QK4UKBY8', name: 'Microsoft Azure Active Directory' },
    user: { key: 'DU3KC77WJ06Y5HIV7XKQ', name: 'narroway@example.com', groups: ['Duo Users', 'CorpHQ Users'] },
    auth_device: { ip: '192.168.225.254', name: 'My iPhone X (734-555-2342)', location: { city: 'Ann Arbor' } },
  });
  t.equal(at(doc, 'access_device', 'is_encryption_enabled'), 'true', 'Device Health booleans become text');
  t.same(at(doc, 'access_device', 'security_agents'), []);
  t.same(doc.p_any_ip_addresses, ['169.232.89.219', '192.168.225.254']);
  t.same(doc.p_any_domain_names, ['example.com'], 'the access device host name');
  t.same(doc.p_any_emails, ['narroway@example.com']);
  t.same(doc.p_any_usernames, ['narroway@example.com']);

  t.match(fraud, { result: 'fraud', reason: 'user_marked_fraud', p_event_time: '2023-06-02 09:14:55.028411000' });
  t.match(fraud, { access_device: { is_encryption_enabled: 'unknown', security_agents: 'unknown', epkey: 'EP65M5Y1D23JUGBHFYX2', hostname: null } });
  t.same(fraud.p_any_ip_addresses, ['203.0.113.77'], 'a null auth device IP is skipped');
  t.same(fraud.p_any_domain_names, []);
  t.same(fraud.p_any_usernames, ['jsmith']);

  t.match(enrollment, { event_type: 'enrollment', result: 'denied', alias: 'j.doe', user: { groups: [] } });
  t.equal(at(enrollment, 'access_device', 'is_encryption_enabled'), 'false');
  t.same(enrollment.p_any_ip_addresses, ['2001:db8:4006:812::200e']);
  t.same(enrollment.p_any_emails, ['jane.doe@example.com']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Authentication], variant({ txid: undefined })), /txid: required field missing/);
  t.match(rejection([Authentication], variant({ isotimestamp: undefined })), /isotimestamp: required field missing/);
  t.match(rejection([Authentication], variant({ isotimestamp: 'Feb 13 2020' })), /isotimestamp: expected timestamp/);
  t.match(rejection([Authentication], variant({ action: 'admin_login' })), /action present: not an authentication log record/);
  t.match(rejection([Authentication], variant({ phone: '+15035550100' })), /phone present/);
  t.match(rejection([Authentication], variant({ user: 'narroway' })), /user: expected object, got string/);
  t.match(rejection([Authentication], variant({ user: { groups: 'Duo Users' } })), /user\.groups: expected array/);
  t.match(rejection([Authentication], variant({ access_device: { is_password_set: { set: true } } })), /access_device\.is_password_set: expected string/);
});
