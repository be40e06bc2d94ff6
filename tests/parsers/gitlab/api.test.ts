import t from 'tap';
import { API } from '../../../parsers/gitlab/api.js';
import { Production } from '../../../parsers/gitlab/production.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gitlab/samples/GitLab.API.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('api_json.log lines parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([API], lines)) as Obj[];
  t.equal(events.length, 4);
  const [doc, unauthorized, deployKey, forbidden] = events as [Obj, Obj, Obj, Obj];

  t.match(doc, {
    p_log_type: 'GitLab.API',
    time: '2018-10-29 12:49:42.123000000',
    p_event_time: '2018-10-29 12:49:42.123000000',
    severity: 'INFO',
    status: 200,
    method: 'GET',
    path: '/api/v4/projects',
    route: '/api/:version/projects',
    host: 'localhost',
    user_id: 1,
    duration_s: 709.08,
    gitaly_calls: 30,
    'meta.user': 'testuser',
    'meta.caller_id': '/api/:version/internal/post_receive',
    pid: 81836,
    worker_id: 'puma_0',
  });
  t.same(doc.params, [
    { key: 'action', value: 'git-upload-pack' },
    { key: 'changes', value: '_any' },
    { key: 'key_id', value: 'secret' },
    { key: 'secret_token', value: '[FILTERED]' },
  ]);
  t.same(doc.p_any_ip_addresses, ['::1']);
  t.same(doc.p_any_domain_names, [], 'localhost is a bare name');
  t.same(doc.p_any_usernames, ['root', 'testuser']);
  t.same(doc.p_any_trace_ids, ['895c51dc-96c8-4f18-8be4-65252b17a324']);

  t.match(unauthorized, { status: 401, route: '/api/:version/user', redis_read_bytes: 203, 'meta.client_id': 'ip/198.51.100.7' });
  t.equal(unauthorized.user_id, undefined, 'no user on an unauthenticated request');
  t.same(unauthorized.p_any_usernames, []);
  t.same(unauthorized.p_any_domain_names, ['gitlab.example.com']);

  t.match(deployKey, { method: 'POST', status: 201, token_type: 'PersonalAccessToken', token_id: 17, 'meta.project': 'acme/infra' });
  t.same(deployKey.p_any_usernames, ['alice']);
  t.match(forbidden, { method: 'DELETE', status: 403, username: 'mallory' });
  t.same(forbidden.p_any_ip_addresses, ['2001:db8::2c']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([API], variant({ route: undefined })), /route: required field missing/);
  t.match(rejection([API], variant({ host: undefined })), /host: required field missing/);
  t.match(rejection([API], variant({ controller: 'Projects::IssuesController', action: 'show' })), /controller present: a production_json\.log \(Rails controller\) line/);
  t.match(rejection([API], variant({ severity: 'info' })), /severity "info" is not a GitLab log level/);
  t.match(rejection([API], variant({ duration_s: undefined, duration: 709.08 })), /duration_s: required field missing/, 'the pre-13.0 millisecond keys are not read');
  t.match(rejection([API], variant({ status: '200' })), /status: expected integer, got string/);
  t.match(rejection([API], variant({ params: { key: 'x' } })), /params: expected array/);
  t.match(rejection([API], variant({ params: [{ value: 'x' }] })), /params\[0\]\.key: required field missing/);
});

t.test('API lines are never production lines', async (t) => {
  t.ok(classifyLines([Production], lines).every((r) => r.kind === 'unclassified'));
  t.match(rejection([Production], lines[0] as string), /route present: an api_json\.log \(Grape\) line/);
});
