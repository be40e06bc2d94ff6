import t from 'tap';
import { osqueryLogTypes } from '../../../parsers/osquery/index.js';
import { Status } from '../../../parsers/osquery/status.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/osquery/samples/Osquery.Status.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Record<string, unknown>;
const variant = (changes: Record<string, unknown>): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Status], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('status samples parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Status], lines));
  t.equal(events.length, 4);
  const [scheduler, tls, watcher, config] = events as Array<Record<string, unknown>>;

  t.same(
    Object.fromEntries(Object.entries(scheduler as object).filter(([k]) => !k.startsWith('p_'))),
    {
      hostIdentifier: 'jacks-mbp.lan',
      calendarTime: '2018-11-05 06:08:26.000000000',
      unixTime: '2018-08-31 15:57:20.000000000',
      severity: 0,
      filename: 'scheduler.cpp',
      line: 83,
      message: 'Executing scheduled query pack_incident-response_arp_cache: select * from arp_cache;',
      version: '3.2.6',
      decorations: { host_uuid: '37821E12-CC8A-5AA3-A90C-FAB28A5BF8F9', username: 'user' },
      log_type: 'status',
    },
  );
  t.equal(scheduler?.p_event_time, '2018-11-05 06:08:26.000000000');
  t.same(scheduler?.p_any_domain_names, ['jacks-mbp.lan']);
  t.same(scheduler?.p_any_usernames, ['user']);

  t.match(tls, { filename: 'tls.cpp', line: 253, version: '4.1.2' });
  t.notOk('log_type' in (tls as object), 'log_type is optional');
  t.same(tls?.p_any_domain_names, ['jaguar.local'], 'hostIdentifier and the hostname decoration, once');

  t.match(watcher, { severity: 1, line: 338, unixTime: '2024-03-04 09:00:03.000000000', p_event_time: '2024-03-04 09:00:03.000000000' });
  t.match(config, { severity: 2, line: 1141, version: '5.11.0' });
  t.notOk('decorations' in (config as object));
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ action: 'added' })), 'action present: a query result line, not a status line');
  t.equal(reasonOf(variant({ columns: {} })), 'columns present: a query result line, not a status line');
  t.equal(reasonOf(variant({ log_type: 'result' })), 'log_type is "result", not "status"');
  t.equal(reasonOf(variant({ filename: undefined })), 'filename: required field missing');
  t.equal(reasonOf(variant({ version: undefined })), 'version: required field missing');
  t.equal(reasonOf(variant({ hostIdentifier: undefined })), 'hostIdentifier: required field missing');
  t.match(reasonOf(variant({ severity: 'WARNING' })), /^severity: expected integer, got string "WARNING"/);
  t.match(reasonOf(variant({ line: 1.5 })), /^line: expected integer, got number/);
});

t.test('among the osquery types, only status lines are status', async (t) => {
  for (const name of ['Differential', 'Batch', 'Snapshot']) {
    const other = sampleLines(new URL(`../../../parsers/osquery/samples/Osquery.${name}.jsonl`, import.meta.url));
    t.ok(classifyLines([Status], other).every((r) => r.kind === 'unclassified'), `${name} lines are rejected`);
  }
  const results = classifyLines(osqueryLogTypes, lines);
  t.same(results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)), lines.map(() => 'Osquery.Status'));
});
