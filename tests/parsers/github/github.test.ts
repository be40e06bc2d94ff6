import t from 'tap';
import { Audit, parseAuditTime } from '../../../parsers/github/audit.js';
import { logTypes } from '../../../parsers/github/index.js';
import { Webhook } from '../../../parsers/github/webhook.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const PARSE_TIME = '2026-01-01 00:00:00.000000000';
const audit = sampleLines(new URL('../../../parsers/github/samples/GitHub.Audit.jsonl', import.meta.url));
const hooks = sampleLines(new URL('../../../parsers/github/samples/GitHub.Webhook.jsonl', import.meta.url));
const names = (types: Parameters<typeof classifyLines>[0], ls: string[]): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));
const patched = (line: string, patch: Obj): string => JSON.stringify({ ...(JSON.parse(line) as Obj), ...patch });

t.test('audit log events: millisecond times, actors and users', async (t) => {
  const events = eventsOf(classifyLines([Audit], audit)) as Obj[];
  t.equal(events.length, 6);
  const [team, org, destroy, clone, hook, member] = events as [Obj, Obj, Obj, Obj, Obj, Obj];

  t.match(team, {
    '@timestamp': '2020-12-02 17:24:34.512000000',
    created_at: '2020-12-02 17:24:34.512000000',
    action: 'team.add_member',
    actor: 'octocat',
    _document_id: 'xJJFlFOhQ6b-5vaAFy9Rjw',
    team: 'octo-corp/example-team',
    p_log_type: 'GitHub.Audit',
    p_event_time: '2020-12-02 17:24:34.512000000',
  });
  t.same(team.p_any_usernames, ['monalisa', 'octocat'], 'actor and user');
  t.match(org, { action: 'org.create', org: 'octocat-test-org', p_event_time: '2020-11-27 19:58:37.008000000' });
  t.match(destroy, { action: 'repo.destroy', repo: 'mona-org/mona-test-repo', visibility: 'private' });

  t.match(clone, { action: 'git.clone', actor_id: 81234567, business_id: 1234, transport_protocol: 1, transport_protocol_name: 'http', repository_public: false, actor_location: { country_code: 'US' } });
  t.equal(clone.created_at, undefined);
  t.same(clone.p_any_usernames, ['deploy-bot'], 'an empty user is no indicator');

  t.match(hook, { hook_id: 445566778, active: true, events: ['push', 'pull_request'], config: { insecure_ssl: '0', url: 'https://hooks.example.net/github' }, actor_location: { city: 'Berlin', location: { lat: 52.52, lon: 13.405 } } });
  t.same(hook.p_any_ip_addresses, ['203.0.113.51']);
  t.same(hook.p_any_domain_names, ['hooks.example.net'], 'the host of the payload URL');

  t.match(member, { permission: 'admin', old_permission: 'read', user_id: 2345 });
  t.same(member.p_any_ip_addresses, ['2001:db8:cafe::42']);
  t.same(member.p_any_emails, ['mona.admin@octo-corp.example.com']);
  t.same(member.p_any_usernames, ['hubot', 'mona-admin', 'mona.admin']);
});

t.test('audit times: epoch milliseconds, as numbers or strings, or RFC 3339', async (t) => {
  t.equal(parseAuditTime(1606929874512), '2020-12-02 17:24:34.512000000');
  t.equal(parseAuditTime('1606929874512'), '2020-12-02 17:24:34.512000000');
  t.equal(parseAuditTime('2020-12-02T17:24:34.512Z'), '2020-12-02 17:24:34.512000000');
  t.equal(parseAuditTime('yesterday'), null);
  t.equal(parseAuditTime(true), null);
});

t.test('webhook payloads: the sender, the repository and push details', async (t) => {
  const events = eventsOf(classifyLines([Webhook], hooks)) as Obj[];
  t.equal(events.length, 5);
  const [ping, push, member, publicized, pr] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(ping, { zen: 'Design for failure.', hook_id: 445566778, sender: { login: 'octocat', id: 583231 }, repository: { full_name: 'octo-corp/payments', private: true }, p_log_type: 'GitHub.Webhook' });
  t.equal(ping.action, undefined);
  t.equal(ping.p_event_time, PARSE_TIME, 'payloads carry no event time of their own');
  t.same(ping.p_any_usernames, ['octocat'], 'the sender; the owning organization is no user');
  t.same(ping.p_any_domain_names, ['hooks.example.net']);

  t.match(push, { ref: 'refs/heads/main', forced: true, created: false, base_ref: null });
  t.equal(at(push, 'repository', 'created_at'), 1605719148, 'push payloads keep epoch repository times as delivered');
  t.equal(at(push, 'commits', 0, 'author', 'username'), 'monalisa');
  t.same(push.p_any_sha1_hashes, ['0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c', '6113728f27ae82c7b1a177c8d03f9e96e0adf246']);
  t.same(push.p_any_emails, ['monalisa@octo-corp.example.com', 'noreply@github.com']);
  t.same(push.p_any_usernames, ['monalisa', 'web-flow']);

  t.match(member, { action: 'added', member: { login: 'hubot' }, changes: { permission: { to: 'admin' } }, installation: { id: 41122334 } });
  t.same(member.p_any_usernames, ['hubot', 'octocat']);

  t.match(publicized, { action: 'publicized', enterprise: { slug: 'octo-business' }, repository: { visibility: 'public' } });
  t.match(pr, { action: 'opened', number: 42, pull_request: { title: 'Disable branch protection check' }, sender: { type: 'Bot' } });
  t.same(pr.p_any_usernames, ['dependabot[bot]']);
});

t.test('near misses are rejected with the reason', async (t) => {
  const a = audit[4] as string;
  const w = hooks[2] as string;
  t.match(rejection([Audit], patched(a, { '@timestamp': undefined })), /@timestamp: required field missing/);
  t.match(rejection([Audit], patched(a, { '@timestamp': 'noon' })), /@timestamp: expected timestamp/);
  t.match(rejection([Audit], patched(a, { action: 'created' })), /action "created" is not category\.operation/);
  t.match(rejection([Audit], patched(a, { sender: { login: 'octocat', id: 1 } })), /sender present: a webhook payload/);
  t.match(rejection([Audit], patched(a, { actor: { login: 'octocat' } })), /actor: expected string, got object/);
  t.match(rejection([Audit], patched(a, { events: 'push' })), /events: expected array, got string/);
  t.match(rejection([Audit], w), /sender present/, 'a webhook payload is no audit event');

  t.match(rejection([Webhook], patched(w, { sender: undefined })), /sender: required field missing/);
  t.match(rejection([Webhook], patched(w, { sender: { login: 'octocat' } })), /sender\.id: required field missing/);
  t.match(rejection([Webhook], patched(w, { sender: 'octocat' })), /sender: expected object, got string/);
  t.match(rejection([Webhook], patched(w, { actor: 'octocat' })), /actor is a string: an audit log event/);
  t.match(rejection([Webhook], patched(w, { '@timestamp': 1606929874512 })), /@timestamp present: an audit log event/);
  t.match(rejection([Webhook], patched(w, { repository: { name: 'payments' } })), /repository\.id: required field missing/);
  t.match(rejection([Webhook], audit[0] as string), /actor is a string/, 'an audit event is no webhook payload');
});

t.test('with every log type, each GitHub sample lands on its own type', async (t) => {
  const all = builtinLogTypes;
  t.same(names(all, audit), Array(audit.length).fill('GitHub.Audit'));
  t.same(names(all, hooks), Array(hooks.length).fill('GitHub.Webhook'));
  for (const line of [...audit, ...hooks]) {
    t.equal(logTypes.filter((lt) => classifyLines([lt], [line])[0]?.kind === 'event').length, 1, 'exactly one GitHub type accepts it');
  }
});
