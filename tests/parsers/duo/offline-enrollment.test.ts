import t from 'tap';
import { OfflineEnrollment } from '../../../parsers/duo/offline-enrollment.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/duo/samples/Duo.OfflineEnrollment.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('offline enrollment records parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([OfflineEnrollment], lines)) as Obj[];
  t.equal(events.length, 3);
  const [doc, reenrolled, deprovisioned] = events as [Obj, Obj, Obj];

  t.match(doc, {
    p_log_type: 'Duo.OfflineEnrollment',
    action: 'o2fa_user_provisioned',
    object: 'Acme Laptop Windows Logon',
    username: 'narroway',
    isotimestamp: '2019-08-30 14:10:05.000000000',
    p_event_time: '2019-08-30 14:10:05.000000000',
  });
  // Duo's documented example: the +02:00 isotimestamp and the epoch disagree; the event time follows isotimestamp.
  t.equal(doc.timestamp, '2019-08-30 16:10:05.000000000');
  t.same(doc.p_any_usernames, ['narroway']);
  t.same(doc.p_any_domain_names, [], 'a bare NetBIOS host name is no domain');

  t.match(reenrolled, { action: 'o2fa_user_reenrolled', p_event_time: '2023-01-09 11:22:33.000000000' });
  t.same(reenrolled.p_any_domain_names, ['laptop-7q2m.corp.example.com'], 'the hostname inside the JSON description');
  t.match(deprovisioned, { action: 'o2fa_user_deprovisioned', username: 'jsmith' });
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([OfflineEnrollment], variant({ action: 'user_update' })), /action "user_update" is not an offline enrollment action/);
  t.match(rejection([OfflineEnrollment], variant({ action: undefined })), /action: required field missing/);
  t.match(rejection([OfflineEnrollment], variant({ object: undefined })), /object: required field missing/);
  t.match(rejection([OfflineEnrollment], variant({ username: 42 })), /username: expected string, got number/);
});
