import t from 'tap';
import { Telephony } from '../../../parsers/duo/telephony.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/duo/samples/Duo.Telephony.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('telephony records parse with their values', async (t) => {
  const events = eventsOf(classifyLines([Telephony], lines)) as Obj[];
  t.equal(events.length, 3);
  const [doc, call, adminLogin] = events as [Obj, Obj, Obj];
  t.match(doc, {
    p_log_type: 'Duo.Telephony',
    context: 'authentication',
    credits: 1,
    phone: '+15035550100',
    type: 'sms',
    isotimestamp: '2020-03-20 15:38:12.000000000',
    timestamp: '2020-03-20 15:38:12.000000000',
    p_event_time: '2020-03-20 15:38:12.000000000',
  });
  t.same(doc.p_any_ip_addresses, []);
  t.match(call, { context: 'enrollment', credits: 2, type: 'phone', phone: '+442079460958' });
  t.match(adminLogin, { context: 'administrator login', p_event_time: '2023-04-12 07:30:00.000000000' });
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Telephony], variant({ type: 'email' })), /type "email" is not "sms" or "phone"/);
  t.match(rejection([Telephony], variant({ type: undefined })), /type: required field missing/);
  t.match(rejection([Telephony], variant({ phone: undefined })), /phone: required field missing/);
  t.match(rejection([Telephony], variant({ action: 'admin_login' })), /action present/);
  t.match(rejection([Telephony], variant({ credits: '1' })), /credits: expected integer, got string/);
  t.match(rejection([Telephony], variant({ isotimestamp: undefined })), /isotimestamp: required field missing/);
});
