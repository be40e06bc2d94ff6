import t from 'tap';
import { Integrations } from '../../../parsers/gitlab/integrations.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gitlab/samples/GitLab.Integrations.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('integrations_json.log lines parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Integrations], lines)) as Obj[];
  t.equal(events.length, 3);
  const [error, posted, slack] = events as [Obj, Obj, Obj];
  t.match(error, {
    p_log_type: 'GitLab.Integrations',
    severity: 'ERROR',
    time: '2018-09-06 14:56:20.439000000',
    p_event_time: '2018-09-06 14:56:20.439000000',
    service_class: 'Integrations::Jira',
    project_id: 8,
    project_path: 'h5bp/html5-boilerplate',
    message: 'Error sending message',
    error: 'execution expired',
  });
  t.same(error.p_any_domain_names, ['jira.gitlab.com'], 'the host of the client URL');
  t.match(posted, { severity: 'INFO', message: 'Successfully posted', project_id: 3 });
  t.equal(posted.error, undefined);
  t.match(slack, { service_class: 'Integrations::Slack', project_id: 24 }, 'a string project id becomes a number');
  t.same(slack.p_any_domain_names, ['hooks.slack.com']);
  t.same(slack.p_any_trace_ids, ['01H1W0A2B3C4D5E6F7G8H9J0K1']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Integrations], variant({ service_class: undefined })), /service_class: required field missing/);
  t.match(rejection([Integrations], variant({ message: undefined })), /message: required field missing/);
  t.match(rejection([Integrations], variant({ author_id: 1 })), /author_id present: not an integrations_json\.log line/);
  t.match(rejection([Integrations], variant({ project_id: 'h5bp' })), /project_id: expected integer/);
  t.match(rejection([Integrations], variant({ severity: 'warning' })), /severity "warning" is not a GitLab log level/);
});
