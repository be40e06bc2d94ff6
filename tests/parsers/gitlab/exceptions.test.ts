import t from 'tap';
import { Exceptions } from '../../../parsers/gitlab/exceptions.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/gitlab/samples/GitLab.Exceptions.jsonl', import.meta.url));
const production = sampleLines(new URL('../../../parsers/gitlab/samples/GitLab.Production.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Obj;
const variant = (changes: Obj): string => JSON.stringify({ ...base, ...changes });

t.test('exceptions_json.log lines parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Exceptions], lines)) as Obj[];
  t.equal(events.length, 3);
  const [doc, gitaly, sql] = events as [Obj, Obj, Obj];

  t.match(doc, {
    p_log_type: 'GitLab.Exceptions',
    severity: 'ERROR',
    time: '2019-12-17 11:49:29.485000000',
    p_event_time: '2019-12-17 11:49:29.485000000',
    'extra.project_id': 55,
    'extra.relation_key': 'milestones',
    'extra.relation_index': 1,
    'exception.class': 'NoMethodError',
  });
  t.equal((doc['exception.backtrace'] as string[])[0], "lib/gitlab/import_export/relation_factory.rb:329:in `unique_relation?'");
  t.same(doc.p_any_trace_ids, ['AbDVUrrTvM1']);

  t.match(gitaly, { 'exception.class': 'Gitlab::Git::CommandError', 'tags.program': 'web', 'user.id': 42, 'extra.server': { os: { name: 'Linux' }, runtime: { name: 'ruby' } } });
  t.same(gitaly.p_any_usernames, ['alice']);
  t.same(gitaly.p_any_ip_addresses, ['203.0.113.15']);

  t.match(sql, { 'exception.class': 'ActiveRecord::QueryCanceled', 'exception.cause_class': 'PG::QueryCanceled', 'extra.project_id': 24 });
  t.match(sql['exception.sql'], /^SELECT "ci_builds"/);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.match(rejection([Exceptions], variant({ 'exception.class': undefined })), /exception\.class: required field missing/);
  t.match(rejection([Exceptions], variant({ 'exception.message': undefined })), /exception\.message: required field missing/);
  t.match(rejection([Exceptions], variant({ jid: 'a1b2c3', class: 'StuckCiJobsWorker' })), /jid present: an exception within another GitLab log/, 'a failed Sidekiq job');
  t.match(rejection([Exceptions], production[2] as string), /controller present: an exception within another GitLab log/, 'a failed controller request');
  t.match(rejection([Exceptions], variant({ 'extra.server': 'linux' })), /extra\.server: expected object/);
  t.match(rejection([Exceptions], variant({ time: undefined })), /time: required field missing/);
});
