import t from 'tap';
import { Audit } from '../../../parsers/zendesk/audit.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/zendesk/samples/Zendesk.Audit.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Audit], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('audit log entries parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Audit], lines)) as Obj[];
  t.equal(events.length, 5);
  const [doc, assumption, token, login, exported] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(doc, {
    p_log_type: 'Zendesk.Audit',
    id: 498483,
    action: 'update',
    action_label: 'Updated',
    actor_id: 1234,
    actor_name: 'Sameer Patel',
    source_id: 3456,
    source_type: 'user',
    change_description: 'Role changed from Administrator to End User',
    created_at: '2012-03-05 11:32:44.000000000',
    p_event_time: '2012-03-05 11:32:44.000000000',
  });
  t.same(doc.p_any_ip_addresses, ['209.119.38.228']);
  t.same(doc.p_any_usernames, [], 'display names are not usernames');

  t.match(assumption, { id: 1650212345678, source_type: 'account_setting', source_label: 'Account Assumption' });
  t.match(token, { action: 'create', source_type: 'apitoken' });
  t.same(token.p_any_ip_addresses, ['2001:db8:ab12::7']);
  t.match(login, { action: 'login', actor_name: 'Tomás Ortega' });
  t.match(exported, { action: 'exported', source_id: null, ip_address: null });
  t.same(exported.p_any_ip_addresses, []);
});

t.test('near misses are rejected with a reason', async (t) => {
  for (const key of ['id', 'action', 'actor_id', 'source_type', 'created_at']) {
    t.equal(reasonOf(variant({ [key]: undefined })), `${key}: required field missing`);
  }
  t.equal(reasonOf(variant({ url: 'https://company.zendesk.com/api/v2/tickets/35436.json' })), 'url "https://company.zendesk.com/api/v2/tickets/35436.json" is not an audit log URL');
  t.match(reasonOf(variant({ actor_id: 'Sameer Patel' })), /^actor_id: expected integer/);
  t.match(reasonOf(variant({ created_at: 'March 5' })), /^created_at: expected timestamp/);
});

t.test('with every log type, the samples land on Zendesk.Audit', async (t) => {
  const results = classifyLines(builtinLogTypes, lines);
  t.same(results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), lines.map(() => 'Zendesk.Audit'));
});
