import t from 'tap';
import { Event } from '../../../parsers/box/event.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/box/samples/Box.Event.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('Box events parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Event], lines)) as Obj[];
  t.equal(events.length, 4);
  const [login, upload, collab, failed] = events as [Obj, Obj, Obj, Obj];

  t.match(login, {
    p_log_type: 'Box.Event',
    type: 'event',
    event_type: 'LOGIN',
    event_id: '0ccaa7e5-ea54-4bbd-8d3c-2f3a5e3bb4d1',
    created_at: '2023-06-01 16:15:22.000000000',
    p_event_time: '2023-06-01 16:15:22.000000000',
    source: { type: 'user', id: '222853849', login: 'nlee@example.com' },
    created_by: { type: 'user', name: 'Nick Lee', login: 'nlee@example.com' },
  });
  t.same(login.p_any_ip_addresses, ['203.0.113.5']);
  t.same(login.p_any_emails, ['nlee@example.com']);
  t.same(login.p_any_usernames, ['nlee@example.com'], 'the login, not the display name');

  t.match(upload, {
    event_type: 'UPLOAD',
    session_id: '1mvjqx0e8gkqe3fk',
    recorded_at: '2023-06-01 16:21:04.000000000',
    p_event_time: '2023-06-01 16:21:03.000000000',
    source: { item_type: 'file', item_id: '1184726573392', item_name: 'Q2 board deck.pdf', parent: { type: 'folder', id: '202367891234', name: 'Board' } },
  });
  t.equal(at(upload, 'additional_details', 'service_name'), 'Box Sync for Mac');
  t.equal(at(upload, 'additional_details', 'size'), 284910);

  t.match(collab, { event_type: 'COLLABORATION_INVITE', p_event_time: '2023-06-01 16:30:47.000000000', accessible_by: { type: 'user', login: 'advisor@partner.example.net' } });
  t.same(collab.p_any_emails, ['advisor@partner.example.net', 'nlee@example.com'], 'the collaborator invited is an indicator');
  t.same(collab.p_any_usernames, ['advisor@partner.example.net', 'nlee@example.com']);

  t.match(failed, { event_type: 'FAILED_LOGIN', created_by: { id: '2', name: 'Anonymous User', login: '' }, p_event_time: '2023-06-02 03:04:05.000000000' });
  t.same(failed.p_any_ip_addresses, ['198.51.100.201']);
  t.same(failed.p_any_emails, ['mallory@example.com'], 'the empty login of the anonymous user is skipped');
  t.same(failed.p_any_usernames, ['mallory@example.com']);
});

t.test('a numeric Box id stays a string', async (t) => {
  const [e] = eventsOf(classifyLines([Event], [variant({ source: { type: 'user', id: 222853849, login: 'nlee@example.com' } })])) as Obj[];
  t.equal(at(e, 'source', 'id'), '222853849');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Event], variant({ type: undefined })), /type: required field missing/);
  t.match(rejection([Event], variant({ type: 'user' })), /type "user" is not "event"/);
  t.match(rejection([Event], variant({ event_id: undefined })), /event_id: required field missing/);
  t.match(rejection([Event], variant({ event_type: null })), /event_type: required field missing/);
  t.match(rejection([Event], variant({ created_at: undefined })), /created_at: required field missing/);
  t.match(rejection([Event], variant({ created_at: 'yesterday' })), /created_at: expected timestamp, got string "yesterday"/);
  t.match(rejection([Event], variant({ created_by: 'Nick Lee' })), /created_by: expected object, got string/);
  t.match(rejection([Event], variant({ source: { parent: { name: 7 } } })), /source\.parent\.name: expected string, got number/);
  t.match(rejection([Event], variant({ ip_address: ['203.0.113.5'] })), /ip_address: expected string, got array/);
});

t.test('with every log type, each sample lands on Box.Event', async (t) => {
  const got = classifyLines(builtinLogTypes, lines).map((r) => (r.kind === 'event' ? r.logType.name : `${r.kind}`));
  t.same(got, lines.map(() => 'Box.Event'));
});
