import t from 'tap';
import { AuditLogs } from '../../../parsers/notion/audit-logs.js';
import { logTypes } from '../../../parsers/notion/index.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const PARSE_TIME = '2026-01-01 00:00:00.000000000';
const lines = sampleLines(new URL('../../../parsers/notion/samples/Notion.AuditLogs.jsonl', import.meta.url));
const names = (ls: string[], types: Parameters<typeof classifyLines>[0] = logTypes): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
const first = (JSON.parse(lines[0] as string) as { event: Obj }).event;
const withEvent = (patch: Obj): string => JSON.stringify({ event: { ...first, ...patch } });

t.test('audit events under "event", with their actor and details', async (t) => {
  const events = eventsOf(classifyLines([AuditLogs], lines)) as Obj[];
  t.equal(events.length, 4);
  const [login, exported, bot, saml] = events as [Obj, Obj, Obj, Obj];

  t.match(login, {
    event: {
      id: '5c1b0e83-4b8a-4f2b-9c6e-2a7d3f1e9b40',
      timestamp: '2023-06-12 21:40:28.690000000',
      actor: { object: 'user', type: 'person', person: { email: 'aragorn.elessar@example.com' } },
      platform: 'web',
      type: 'user.login',
      details: { authType: 'email' },
    },
    p_log_type: 'Notion.AuditLogs',
  });
  // event.timestamp is nested: p_event_time stays the parse time until the core takes a path.
  t.equal(login.p_event_time, PARSE_TIME);
  t.same(login.p_any_ip_addresses, ['192.0.2.100']);
  t.same(login.p_any_emails, ['aragorn.elessar@example.com']);

  t.match(exported, { event: { type: 'page.exported', platform: 'mac-desktop', timestamp: '2024-02-19 10:05:44.123000000' } });
  t.equal(at(exported, 'event', 'details', 'export_format'), 'markdown');
  t.same(exported.p_any_ip_addresses, ['2001:db8:5e::9']);

  t.match(bot, { event: { actor: { type: 'bot', bot: { owner: { workspace: true } } } } });
  t.equal(at(bot, 'event', 'ip_address'), undefined);
  t.same(bot.p_any_emails, []);
  t.same(bot.p_any_ip_addresses, []);

  t.match(saml, { event: { type: 'workspace.settings.enforce_saml_sso_config_updated', details: { state: 'disabled' } } });
});

t.test('near misses are rejected with the reason', async (t) => {
  t.match(rejection([AuditLogs], JSON.stringify(first)), /event: required field missing/, 'a bare event is not taken');
  t.match(rejection([AuditLogs], withEvent({ timestamp: undefined })), /event\.timestamp: required field missing/);
  t.match(rejection([AuditLogs], withEvent({ timestamp: 'today' })), /event\.timestamp: expected timestamp/);
  t.match(rejection([AuditLogs], withEvent({ actor: { id: 'x', type: 'person' } })), /event\.actor\.object: required field missing/);
  t.match(rejection([AuditLogs], withEvent({ actor: { id: 'x', object: 'page', type: 'person' } })), /event\.actor\.object is "page", not "user"/);
  t.match(rejection([AuditLogs], withEvent({ type: undefined })), /event\.type: required field missing/);
  t.match(rejection([AuditLogs], JSON.stringify({ event: 'user.login' })), /event: expected object, got string/);
});

t.test('with every log type, Notion samples are Notion.AuditLogs', async (t) => {
  t.same(names(lines, builtinLogTypes), Array(lines.length).fill('Notion.AuditLogs'));
});
