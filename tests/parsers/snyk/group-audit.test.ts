import t from 'tap';
import { GroupAudit } from '../../../parsers/snyk/group-audit.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { at, classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/snyk/samples/Snyk.GroupAudit.jsonl', import.meta.url));
const base = JSON.parse(lines[2] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([GroupAudit], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('group audit entries parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([GroupAudit], lines)) as Obj[];
  t.equal(events.length, 5);
  const [api, role, invite, sync, ignore] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(api, {
    p_log_type: 'Snyk.GroupAudit',
    event: 'api.access',
    projectId: null,
    created: '2017-04-11 21:00:00.000000000',
    p_event_time: '2017-04-11 21:00:00.000000000',
    content: { url: '/api/v1/org/4a18d42f-0706-4ad0-b127-24078731fbed/projects' },
  });
  t.same(api.p_any_usernames, ['4a18d42f-0706-4ad0-b127-24078731fbed']);

  t.match(role, { event: 'group.user.role.edit', created: '2023-04-04 18:38:19.843000000' });
  t.equal(at(role, 'content', 'after', 'role'), 'ADMIN');
  t.equal(role.orgId, undefined, 'a group event names no organization');

  t.match(invite, { event: 'org.user.invite', orgId: '21111111-a222-4eee-8ddd-a99999999999' });
  t.same(invite.p_any_emails, [], 'content is kept as delivered, not searched');

  t.match(sync, { event: 'group.sso.membership.sync', content: {} });
  t.equal(sync.userId, undefined);
  t.same(sync.p_any_usernames, []);

  t.match(ignore, { event: 'org.project.ignore.create', projectId: 'b6c7d8e9-f0a1-4b2c-9d3e-4f5a6b7c8d9e', content: { reasonType: 'wont-fix' } });
});

t.test('near misses are rejected with a reason', async (t) => {
  for (const key of ['groupId', 'event', 'created']) {
    t.equal(reasonOf(variant({ [key]: undefined })), `${key}: required field missing`);
  }
  t.equal(reasonOf(variant({ event: 'User invited' })), 'event "User invited" is not a Snyk event name');
  t.equal(reasonOf(variant({ event: 'login' })), 'event "login" is not a Snyk event name');
  t.match(reasonOf(variant({ created: 1680602299843 })), /^created: expected timestamp/);
  t.match(reasonOf(variant({ groupId: 42 })), /^groupId: expected string/);
});

t.test('with every log type, the samples land on Snyk.GroupAudit', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), lines.map(() => 'Snyk.GroupAudit'));
});
