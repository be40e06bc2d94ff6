import t from 'tap';
import { AccessLogs } from '../../../parsers/slack/access-logs.js';
import { AuditLogs } from '../../../parsers/slack/audit-logs.js';
import { logTypes } from '../../../parsers/slack/index.js';
import { IntegrationLogs } from '../../../parsers/slack/integration-logs.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const samples = (name: string): string[] => sampleLines(new URL(`../../../parsers/slack/samples/Slack.${name}.jsonl`, import.meta.url));
const access = samples('AccessLogs');
const audit = samples('AuditLogs');
const integration = samples('IntegrationLogs');
const names = (types: Parameters<typeof classifyLines>[0], ls: string[]): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
const patched = (line: string, patch: Obj): string => JSON.stringify({ ...(JSON.parse(line) as Obj), ...patch });

t.test('access logs: epoch dates, counts and the address', async (t) => {
  const [doc, rabbit, dizzy] = eventsOf(classifyLines([AccessLogs], access)) as [Obj, Obj, Obj];
  t.match(doc, {
    user_id: 'U45678',
    username: 'alice',
    date_first: '2015-02-03 00:21:04.000000000',
    date_last: '2015-02-03 00:21:04.000000000',
    count: 1,
    isp: 'BigCo ISP',
    p_log_type: 'Slack.AccessLogs',
    p_event_time: '2015-02-03 00:21:04.000000000',
  });
  t.same(doc.p_any_ip_addresses, ['127.0.0.1']);
  t.same(doc.p_any_usernames, ['alice']);
  t.match(rabbit, { date_first: '2014-11-26 14:11:50.000000000', date_last: '2015-02-03 00:14:53.000000000', count: 15, p_event_time: '2015-02-03 00:14:53.000000000' });
  t.same(dizzy.p_any_ip_addresses, ['2001:db8:1200::5']);
  t.equal(dizzy.country, 'DE');
});

t.test('audit logs: actor, entity and context as the Audit Logs API nests them', async (t) => {
  const events = eventsOf(classifyLines([AuditLogs], audit)) as Obj[];
  t.equal(events.length, 5);
  const [login, download, app, pref, channel] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(login, {
    id: '0123a45b-6c7d-8900-e12f-3456789gh0i1',
    date_create: '2018-03-16 15:32:23.000000000',
    action: 'user_login',
    actor: { type: 'user', user: { id: 'W123AB456', name: 'Charlie Parker', email: 'bird@slack.com' } },
    entity: { type: 'user' },
    context: { location: { type: 'enterprise', id: 'E1701NCCA', domain: 'birdland' }, ip_address: '1.23.45.678' },
    p_event_time: '2018-03-16 15:32:23.000000000',
  });
  t.same(login.p_any_ip_addresses, [], 'the documented address 1.23.45.678 is no IP');
  t.same(login.p_any_emails, ['bird@slack.com']);
  t.same(login.p_any_usernames, ['Charlie Parker']);

  t.match(download, { action: 'file_downloaded', entity: { type: 'file', file: { id: 'F0456XYZW', filetype: 'pdf' } }, context: { session_id: 2867214433280, location: { type: 'workspace' } } });
  t.same(download.p_any_ip_addresses, ['198.51.100.23']);

  t.same(at(app, 'entity', 'app', 'scopes'), ['chat:write', 'channels:read', 'files:read']);
  t.same(at(app, 'details', 'bot_scopes'), ['chat:write', 'channels:read']);
  t.same(app.p_any_ip_addresses, ['2001:db8:1200::5']);

  t.same(pref.details, { previous_value: 'required', new_value: 'optional' });
  t.match(pref, { entity: { type: 'enterprise', enterprise: { id: 'E1701NCCA', domain: 'birdland' } } });
  t.same(pref.p_any_domain_names, [], 'Slack subdomains are no domain names');

  t.match(channel, { actor: { user: { id: 'USLACKUSER' } }, entity: { channel: { privacy: 'public', is_org_shared: true, teams_shared_with: [] } } });
  t.equal(at(channel, 'context', 'ip_address'), undefined);
});

t.test('integration logs: services and apps, string dates', async (t) => {
  const [calendar, app, airbrake, rss] = eventsOf(classifyLines([IntegrationLogs], integration)) as [Obj, Obj, Obj, Obj];
  t.match(calendar, { service_id: '1234567890', service_type: 'Google Calendar', change_type: 'enabled', date: '2014-02-12 00:00:00.000000000', p_event_time: '2014-02-12 00:00:00.000000000' });
  t.equal(typeof calendar.service_id, 'string', 'a numeric service_id becomes a string');
  t.same(calendar.p_any_usernames, ['Johnny']);
  t.match(app, { app_id: '2345678901', app_type: 'Johnny App', change_type: 'added', scope: 'chat:write:user,channels:read' });
  t.equal(app.service_id, undefined);
  t.match(airbrake, { change_type: 'disabled', reason: 'user', p_event_time: '2014-02-12 00:00:02.000000000' });
  t.match(rss, { rss_feed: true, rss_feed_title: 'Status updates' });
  t.same(rss.p_any_domain_names, ['status.example.com']);
});

t.test('near misses are rejected with the reason', async (t) => {
  t.match(rejection([AccessLogs], patched(access[0] as string, { date_last: undefined })), /date_last: required field missing/);
  t.match(rejection([AccessLogs], patched(access[0] as string, { count: 'many' })), /count: expected integer, got string "many"/);
  t.match(rejection([AccessLogs], patched(access[0] as string, { date_first: '2015-02-03' })), /date_first: expected timestamp/);

  t.match(rejection([AuditLogs], patched(audit[0] as string, { context: undefined })), /context: required field missing/);
  t.match(rejection([AuditLogs], patched(audit[0] as string, { context: { ua: 'x' } })), /context\.location: required field missing/);
  t.match(rejection([AuditLogs], patched(audit[0] as string, { actor: { user: { id: 'W1' } } })), /actor\.type: required field missing/);
  t.match(rejection([AuditLogs], patched(audit[0] as string, { entity: { type: 'file', file: { name: 'a.pdf' } } })), /entity\.file\.id: required field missing/);
  t.match(rejection([AuditLogs], patched(audit[0] as string, { date_create: '2018-03-16T15:32:23Z' })), /date_create: expected timestamp/);

  t.match(rejection([IntegrationLogs], patched(integration[0] as string, { change_type: 'renamed' })), /change_type "renamed" is not a Slack integration change/);
  t.match(rejection([IntegrationLogs], patched(integration[1] as string, { app_id: undefined })), /service_id: required field missing \(nor app_id\)/);
  t.match(rejection([IntegrationLogs], patched(integration[0] as string, { user_id: undefined })), /user_id: required field missing/);
  t.match(rejection([IntegrationLogs], access[0] as string), /date: required field missing/, 'an access log is no integration log');
});

t.test('with every log type, each Slack sample lands on its own type', async (t) => {
  const all = builtinLogTypes;
  t.same(names(all, access), Array(access.length).fill('Slack.AccessLogs'));
  t.same(names(all, audit), Array(audit.length).fill('Slack.AuditLogs'));
  t.same(names(all, integration), Array(integration.length).fill('Slack.IntegrationLogs'));
  for (const line of [...access, ...audit, ...integration]) {
    t.equal(logTypes.filter((lt) => classifyLines([lt], [line])[0]?.kind === 'event').length, 1, 'exactly one Slack type accepts it');
  }
});
