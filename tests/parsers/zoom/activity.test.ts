import t from 'tap';
import { Activity } from '../../../parsers/zoom/activity.js';
import { logTypes } from '../../../parsers/zoom/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/zoom/samples/Zoom.Activity.jsonl', import.meta.url));
const names = (ls: string[], types: Parameters<typeof classifyLines>[0] = logTypes): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
const patched = (patch: Obj): string => JSON.stringify({ ...(JSON.parse(lines[0] as string) as Obj), ...patch });

t.test('sign in and sign out records', async (t) => {
  const [signIn, signOut, mac, android] = eventsOf(classifyLines([Activity], lines)) as [Obj, Obj, Obj, Obj];
  t.match(signIn, {
    email: 'jchill@example.com',
    time: '2019-09-15 19:13:41.000000000',
    type: 'Sign in',
    client_type: 'Browser',
    version: '-',
    p_log_type: 'Zoom.Activity',
    p_event_time: '2019-09-15 19:13:41.000000000',
  });
  t.same(signIn.p_any_emails, ['jchill@example.com']);
  t.same(signIn.p_any_ip_addresses, ['192.0.2.10']);
  t.match(signOut, { type: 'Sign out', p_event_time: '2019-09-15 20:02:11.000000000' });
  t.match(mac, { client_type: 'Mac', version: '5.17.11 (31580)' });
  t.same(mac.p_any_ip_addresses, ['2001:db8:77::3']);
  t.same(android.p_any_emails, ['r.silva@example.com']);
});

t.test('near misses are rejected with the reason', async (t) => {
  t.match(rejection([Activity], patched({ type: 'Login' })), /type "Login" is not "Sign in" or "Sign out"/);
  t.match(rejection([Activity], patched({ type: undefined })), /type: required field missing/);
  t.match(rejection([Activity], patched({ email: undefined })), /email: required field missing/);
  t.match(rejection([Activity], patched({ time: 1568574821 })), /time: expected timestamp, got number/);
  // An operation log record is another shape.
  const operation = { time: '2019-09-15T19:13:41Z', operator: 'admin@example.com', category_type: 'User', action: 'Update', operation_detail: 'Update User jchill@example.com - User Type: from Basic to Licensed' };
  t.match(rejection([Activity], JSON.stringify(operation)), /email: required field missing/);
});

t.test('with every log type, Zoom samples are Zoom.Activity', async (t) => {
  t.same(names(lines, builtinLogTypes), Array(lines.length).fill('Zoom.Activity'));
});
