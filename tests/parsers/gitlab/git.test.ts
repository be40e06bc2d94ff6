import t from 'tap';
import { Git } from '../../../parsers/gitlab/git.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gitlab/samples/GitLab.Git.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('git_json.log lines parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Git], lines)) as Obj[];
  t.equal(events.length, 3);
  const [doc, mirror, fsck] = events as [Obj, Obj, Obj];
  t.match(doc, { p_log_type: 'GitLab.Git', severity: 'ERROR', time: '2019-07-19 22:16:12.528000000', p_event_time: '2019-07-19 22:16:12.528000000', correlation_id: 'FeGxww5Hj64' });
  t.match(doc.message, /^Command failed \[1\]: \/usr\/bin\/git --git-dir=/);
  t.same(doc.p_any_trace_ids, ['FeGxww5Hj64']);
  t.match(mirror, { message: /couldn't find remote ref/ });
  t.match(fsck, { severity: 'WARN', correlation_id: null });
  t.same(fsck.p_any_trace_ids, []);
  const [withContext] = eventsOf(classifyLines([Git], [variant({ pid: 2211, worker_id: 'sidekiq_0', 'meta.project': 'acme/web' })])) as Obj[];
  t.match(withContext, { pid: 2211, 'meta.project': 'acme/web' }, 'worker and Labkit context keys are allowed');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Git], variant({ message: undefined })), /message: required field missing/);
  t.match(rejection([Git], variant({ service_class: 'Integrations::Jira' })), /service_class present: not a git_json\.log line/);
  t.match(rejection([Git], variant({ class: 'UpdateAllMirrorsWorker', jid: 'x' })), /class present: not a git_json\.log line/);
  t.match(rejection([Git], variant({ severity: 'err' })), /severity "err" is not a GitLab log level/);
  t.match(rejection([Git], variant({ message: { text: 'x' } })), /message: expected string/);
});
