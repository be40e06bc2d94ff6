import t from 'tap';
import { Audit } from '../../../parsers/asana/audit.js';
import { logTypes } from '../../../parsers/asana/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/asana/samples/Asana.Audit.jsonl', import.meta.url));
const names = (ls: string[], types: Parameters<typeof classifyLines>[0] = logTypes): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
const patched = (patch: Obj): string => JSON.stringify({ ...(JSON.parse(lines[1] as string) as Obj), ...patch });

t.test('audit log events with actor, resource and context', async (t) => {
  const events = eventsOf(classifyLines([Audit], lines)) as Obj[];
  t.equal(events.length, 4);
  const [doc, login, privacy, system] = events as [Obj, Obj, Obj, Obj];

  t.match(doc, {
    gid: '12345',
    created_at: '2021-01-01 00:00:00.000000000',
    event_type: 'task_deleted',
    event_category: 'deletion',
    actor: { actor_type: 'user', gid: '1111', name: 'Greg Sanchez' },
    resource: { resource_type: 'task', resource_subtype: 'milestone' },
    context: { context_type: 'web', api_authentication_method: 'cookie' },
    p_log_type: 'Asana.Audit',
    p_event_time: '2021-01-01 00:00:00.000000000',
  });
  t.same(doc.p_any_ip_addresses, ['1.1.1.1']);
  t.same(doc.p_any_emails, ['gregsanchez@example.com'], 'the placeholder resource email "string" is no email');
  t.same(doc.p_any_usernames, ['Greg Sanchez']);

  t.match(login, { event_type: 'user_login_succeeded', p_event_time: '2024-01-09 14:22:31.407000000' });
  t.same(at(login, 'details', 'method'), ['SAML']);
  t.same(login.p_any_emails, ['priya.n@example.com']);

  t.match(privacy, { context: { context_type: 'api', api_authentication_method: 'personal_access_token' }, details: { new_value: 'public_to_domain' } });
  t.same(privacy.p_any_ip_addresses, ['2001:db8:a5a::10']);

  t.match(system, { actor: { actor_type: 'asana' }, event_type: 'workspace_export_started', p_event_time: '2024-04-30 23:59:59.999000000' });
  t.same(system.p_any_emails, []);
  t.same(system.p_any_usernames, []);
});

t.test('near misses are rejected with the reason', async (t) => {
  t.match(rejection([Audit], patched({ gid: undefined })), /gid: required field missing/);
  t.match(rejection([Audit], patched({ gid: 1205948711102345 })), /gid: expected string, got number/);
  t.match(rejection([Audit], patched({ event_type: undefined })), /event_type: required field missing/);
  t.match(rejection([Audit], patched({ created_at: 1704810151 })), /created_at: expected timestamp, got number/);
  t.match(rejection([Audit], patched({ actor: { gid: '1' } })), /actor\.actor_type: required field missing/);
  t.match(rejection([Audit], patched({ actor: { actor_type: 'robot' } })), /actor\.actor_type "robot" is not an Asana actor type/);
  t.match(rejection([Audit], patched({ actor: 'Priya' })), /actor: expected object, got string/);
});

t.test('with every log type, Asana samples are Asana.Audit', async (t) => {
  t.same(names(lines, builtinLogTypes), Array(lines.length).fill('Asana.Audit'));
});
