import t from 'tap';
import { Audit } from '../../../parsers/gitlab/audit.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gitlab/samples/GitLab.Audit.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('audit_json.log lines parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Audit], lines)) as Obj[];
  t.equal(events.length, 4);
  const [doc, branch, failedLogin, setting] = events as [Obj, Obj, Obj, Obj];

  t.match(doc, {
    p_log_type: 'GitLab.Audit',
    severity: 'INFO',
    time: '2018-10-17 17:38:22.523000000',
    p_event_time: '2018-10-17 17:38:22.523000000',
    author_id: 3,
    entity_id: 2,
    entity_type: 'Project',
    change: 'visibility',
    from: 'Private',
    to: 'Public',
    author_name: 'John Doe4',
    target_id: 2,
    target_type: 'Project',
    target_details: 'namespace2/project2',
  });
  t.same(doc.p_any_usernames, ['John Doe4']);
  t.same(doc.p_any_ip_addresses, []);

  t.match(branch, { event_name: 'protected_branch_created', custom_message: 'Added protected branch', created_at: '2023-08-14 09:12:44.865000000', author_class: 'User', entity_path: 'acme/web' });
  t.equal(branch.p_event_time, '2023-08-14 09:12:44.871000000', 'the log time is the event time');
  t.same(branch.p_any_ip_addresses, ['203.0.113.15']);
  t.same(branch.p_any_usernames, ['Administrator', 'root']);

  t.match(failedLogin, { author_id: -1, entity_id: -1, entity_type: 'User', failed_login: 'STANDARD', author_class: 'Gitlab::Audit::UnauthenticatedAuthor' });
  t.same(failedLogin.p_any_ip_addresses, ['198.51.100.66']);

  t.match(setting, { entity_id: 7, target_id: 7, from: 'true', to: 'false' }, 'string ids become numbers, boolean values text');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Audit], variant({ author_id: undefined })), /author_id: required field missing/);
  t.match(rejection([Audit], variant({ entity_type: undefined })), /entity_type: required field missing/);
  t.match(rejection([Audit], variant({ entity_id: 'two' })), /entity_id: expected integer/);
  t.match(rejection([Audit], variant({ severity: undefined })), /severity: required field missing/);
  t.match(rejection([Audit], variant({ severity: 6 })), /severity 6 is not a GitLab log level/);
  t.match(rejection([Audit], variant({ 'exception.class': 'NoMethodError' })), /exception\.class present: not an audit_json\.log line/);
  t.match(rejection([Audit], variant({ from: { level: 30 } })), /from: expected string, got object/);
});
