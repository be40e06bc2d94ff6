import t from 'tap';
import { API } from '../../../parsers/gitlab/api.js';
import { Production } from '../../../parsers/gitlab/production.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gitlab/samples/GitLab.Production.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('production_json.log lines parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Production], lines)) as Obj[];
  t.equal(events.length, 5);
  const [doc, cable, failed, redirect, etag] = events as [Obj, Obj, Obj, Obj, Obj];

  t.match(doc, {
    p_log_type: 'GitLab.Production',
    method: 'GET',
    path: '/gitlab/gitlab-foss/issues/1234',
    format: 'html',
    controller: 'Projects::IssuesController',
    action: 'show',
    status: 200,
    time: '2017-08-08 20:15:54.821000000',
    p_event_time: '2017-08-08 20:15:54.821000000',
    user_id: 1,
    redis_read_bytes: 1507378,
    cpu_s: 17.5,
    duration_s: 20.54,
  });
  t.same(doc.params, [{ key: 'param_key', value: 'param_value' }]);
  t.same(doc.p_any_ip_addresses, ['18.245.0.1']);
  t.same(doc.p_any_usernames, ['admin']);
  t.same(doc.p_any_trace_ids, ['O1SdybnnIq7']);

  t.match(cable, { method: null, path: null, controller: 'IssuesChannel', action: 'subscribe', duration_s: 0.32566 }, 'ActionCable events have no method or path');

  t.match(failed, { status: 500, 'exception.class': 'NameError', queue_duration: 274.35 });
  t.equal((failed['exception.backtrace'] as string[]).length, 8);

  t.match(redirect, { status: 302, action: 'route_not_found', location: 'http://34.222.254.254/users/sign_in', format: null });
  t.same(redirect.params, [{ key: 'vars', value: { 0: 'md5', 1: ['HelloThinkPHP'] } }], 'nested parameter values are kept');
  t.same(redirect.p_any_ip_addresses, ['195.54.254.254', '34.222.254.254'], 'the client and the redirect host');
  t.same(redirect.p_any_usernames, []);

  t.match(etag, { status: 304, controller: null, action: null, etag_route: 'project_pipelines', duration_s: 9e-5 });
  t.same(etag.p_any_trace_ids, []);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Production], variant({ route: '/api/:version/projects' })), /route present: an api_json\.log \(Grape\) line/);
  t.match(rejection([Production], variant({ action: undefined })), /neither action nor etag_route: not a Rails controller request/);
  t.match(rejection([Production], variant({ action: null, etag_route: null })), /neither action nor etag_route/);
  t.match(rejection([Production], variant({ status: undefined })), /status: required field missing/);
  t.match(rejection([Production], variant({ duration_s: undefined })), /duration_s: required field missing/);
  t.match(rejection([Production], variant({ time: '08/Aug/2017:20:15:54 +0000' })), /time: expected timestamp/);
  t.match(rejection([Production], variant({ severity: 'notice' })), /severity "notice" is not a GitLab log level/);
  t.match(rejection([Production], variant({ 'exception.backtrace': 'app/x.rb:1' })), /exception\.backtrace: expected array/);
});

t.test('production lines are never API lines', async (t) => {
  t.ok(classifyLines([API], lines).every((r) => r.kind === 'unclassified'));
});
