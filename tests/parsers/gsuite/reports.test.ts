import t from 'tap';
import { ActivityEvent } from '../../../parsers/gsuite/activity-event.js';
import { logTypes } from '../../../parsers/gsuite/index.js';
import { Reports } from '../../../parsers/gsuite/reports.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const PARSE_TIME = '2026-01-01 00:00:00.000000000';
const reports = sampleLines(new URL('../../../parsers/gsuite/samples/GSuite.Reports.jsonl', import.meta.url));
const flat = sampleLines(new URL('../../../parsers/gsuite/samples/GSuite.ActivityEvent.jsonl', import.meta.url));
const names = (types: Parameters<typeof classifyLines>[0], ls: string[]): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));

t.test('Reports API activities keep their events and normalize id.time', async (t) => {
  const events = eventsOf(classifyLines([Reports], reports)) as Obj[];
  t.equal(events.length, 5);
  const [login, admin, token, drive, meet] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(login, {
    kind: 'admin#reports#activity',
    id: { time: '2011-06-17 15:39:18.460000000', uniqueQualifier: '-4026426744834196528', applicationName: 'login', customerId: 'C03az79cb' },
    actor: { callerType: 'USER', email: 'liz@example.com', profileId: '115617846573218457811' },
    ownerDomain: 'example.com',
    ipAddress: '203.0.113.42',
    p_log_type: 'GSuite.Reports',
  });
  // id.time is nested: p_event_time stays the parse time until the core takes a path.
  t.equal(login.p_event_time, PARSE_TIME);
  t.same(at(login, 'events', 0, 'parameters', 1), { name: 'login_challenge_method', multiValue: ['password', 'google_authenticator'] });
  t.equal(at(login, 'events', 0, 'parameters', 2, 'boolValue'), false);
  t.same(login.p_any_ip_addresses, ['203.0.113.42']);
  t.same(login.p_any_domain_names, ['example.com']);
  t.same(login.p_any_emails, ['liz@example.com']);

  t.equal((admin.events as unknown[]).length, 2);
  t.equal(at(admin, 'events', 1, 'name'), 'SUSPEND_USER');
  t.same(admin.p_any_emails, ['admin@example.com', 'bob@example.com', 'marketing@example.com'], 'GROUP_EMAIL and USER_EMAIL parameters');
  t.same(admin.p_any_ip_addresses, ['2001:db8:4f2a::17']);

  t.equal(at(token, 'id', 'time'), '2020-06-10 04:11:42.949000000');
  t.equal(token.ipAddress, undefined);
  t.equal(at(token, 'events', 0, 'type'), undefined, 'token events have no type');
  t.same(at(token, 'events', 0, 'parameters', 3, 'multiMessageValue', 0, 'parameter', 1), { multiValue: ['IDENTITY'], name: 'product_bucket' });
  t.same(token.p_any_ip_addresses, []);

  t.same(drive.p_any_emails, ['alice@example.com', 'partner@contractor.example.net'], 'owner and target_user; doc ids are no indicators');
  t.same(drive.p_any_domain_names, [], 'no ownerDomain');

  t.match(meet, { actor: { callerType: 'KEY', key: 'SYSTEM' } });
  t.equal(at(meet, 'events', 0, 'parameters', 0, 'intValue'), 1487, 'int64 strings become numbers');
  t.same(at(meet, 'events', 0, 'parameters', 1, 'multiIntValue'), [0, 2]);
  t.same(meet.p_any_ip_addresses, ['192.0.2.55'], 'the ip_address parameter');
  t.same(meet.p_any_emails, []);
});

t.test('flattened activity events carry one event and a parameter map', async (t) => {
  const events = eventsOf(classifyLines([ActivityEvent], flat)) as Obj[];
  t.equal(events.length, 4);
  const [owner, warning, role, token] = events as [Obj, Obj, Obj, Obj];

  t.match(owner, {
    kind: 'admin#reports#activity',
    name: 'change_owner',
    type: 'acl_change',
    id: { applicationName: 'drive', time: '2025-07-11 19:50:09.324000000' },
    parameters: { billable: true, new_owner: 'bob@partner.example.net', visibility: 'unknown' },
    p_log_type: 'GSuite.ActivityEvent',
    p_event_time: PARSE_TIME,
  });
  t.same(owner.p_any_emails, ['alice@example.com', 'bob@partner.example.net']);
  t.same(owner.p_any_ip_addresses, ['198.51.100.7']);

  t.match(warning, { type: 'account_warning', name: 'suspicious_login', parameters: { is_suspicious: true, login_challenge_method: ['password'] } });
  t.same(warning.p_any_emails, ['bobert@example.com'], 'affected_email_address and the actor');
  t.same(warning.p_any_domain_names, ['example.com']);

  t.same(role.p_any_emails, ['admin@example.com', 'new-admin@example.com']);
  t.equal(at(role, 'parameters', 'ROLE_NAME'), '_SEED_ADMIN_ROLE');

  t.same(at(token, 'parameters', 'scope'), ['https://www.googleapis.com/auth/drive', 'https://mail.google.com/']);
  t.same(at(token, 'parameters', 'scope_data', 0, 'product_bucket'), ['GMAIL']);
  t.equal(token.ipAddress, undefined);
  t.same(token.p_any_ip_addresses, []);
});

t.test('near misses are rejected with the reason', async (t) => {
  const activity = JSON.parse(reports[0] as string) as Obj;
  const one = JSON.parse(flat[0] as string) as Obj;
  const r = (patch: Obj): string => JSON.stringify({ ...activity, ...patch });
  const f = (patch: Obj): string => JSON.stringify({ ...one, ...patch });

  t.match(rejection([Reports], r({ kind: 'admin#reports#activities' })), /kind is "admin#reports#activities", not "admin#reports#activity"/);
  t.match(rejection([Reports], r({ kind: undefined })), /kind is undefined/);
  t.match(rejection([Reports], r({ events: undefined })), /events: required field missing/);
  t.match(rejection([Reports], r({ id: { ...(activity.id as Obj), time: undefined } })), /id\.time: required field missing/);
  t.match(rejection([Reports], r({ id: { ...(activity.id as Obj), time: 'June 17' } })), /id\.time: expected timestamp/);
  t.match(rejection([Reports], r({ events: [{ name: 'x', parameters: [{ name: 'n', intValue: 'many' }] }] })), /events\[0\]\.parameters\[0\]\.intValue: expected integer/);
  t.match(rejection([Reports], r({ events: [{ name: 'x', parameters: { n: 1 } }] })), /events\[0\]\.parameters: expected array, got object/);

  t.match(rejection([ActivityEvent], r({})), /events present: a whole activity \(GSuite\.Reports\)/, 'a whole activity is no flattened event');
  t.match(rejection([ActivityEvent], f({ name: undefined })), /name: required field missing/);
  t.match(rejection([ActivityEvent], f({ kind: 'drive#change' })), /kind is "drive#change"/);
  t.match(rejection([ActivityEvent], f({ parameters: [{ name: 'doc_id', value: '1' }] })), /parameters: expected object, got array/);
  t.match(rejection([ActivityEvent], f({ id: 'abc' })), /id: expected object, got string/);
});

t.test('with every log type, each GSuite sample lands on its own type', async (t) => {
  const all = builtinLogTypes;
  t.same(names(all, reports), Array(reports.length).fill('GSuite.Reports'));
  t.same(names(all, flat), Array(flat.length).fill('GSuite.ActivityEvent'));
  // Each line alone in a fresh classifier, so move-to-front cannot hide a second match.
  for (const line of [...reports, ...flat]) {
    t.equal(logTypes.filter((lt) => classifyLines([lt], [line])[0]?.kind === 'event').length, 1, 'exactly one GSuite type accepts it');
  }
});
