import t from 'tap';
import { Batch } from '../../../parsers/osquery/batch.js';
import { osqueryLogTypes } from '../../../parsers/osquery/index.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/osquery/samples/Osquery.Batch.jsonl', import.meta.url));
const base = JSON.parse(lines[1] as string) as Record<string, unknown>;
const variant = (changes: Record<string, unknown>): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Batch], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('batch samples parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Batch], lines));
  t.equal(events.length, 3);
  const [doc, ports, users] = events as Array<Record<string, unknown>>;

  t.match(doc, {
    name: 'processes',
    hostname: 'hostname.local',
    calendarTime: '2014-09-30 17:37:30.000000000',
    unixTime: '2014-10-01 00:37:30.000000000',
    epoch: 314159265,
    counter: 1,
    p_log_type: 'Osquery.Batch',
    p_event_time: '2014-09-30 17:37:30.000000000',
  });
  t.same(doc?.diffResults, {
    added: [{ name: 'osqueryd', path: '/usr/local/bin/osqueryd', pid: '97830' }],
    removed: [{ name: 'osqueryd', path: '/usr/local/bin/osqueryd', pid: '97650' }],
  });
  t.same(doc?.p_any_domain_names, ['hostname.local']);

  t.match(ports, { hostIdentifier: 'web-02.example.com', counter: 5, numerics: false, diffResults: { added: [{ address: '0.0.0.0', port: '4444' }], removed: [] } });
  t.same(ports?.p_any_ip_addresses, [], 'the wildcard bind address is no indicator');
  t.same(ports?.p_any_usernames, ['deploy']);

  t.match(users, { epoch: 0, counter: 9, numerics: true, unixTime: '2024-03-04 10:00:00.000000000' });
  t.same(users?.diffResults, {
    added: [{ uid: '1002', gid: '1002', username: 'backdoor', shell: '/bin/bash', directory: '/home/backdoor' }],
    removed: [{ uid: '1001', gid: '1001', username: 'olduser', shell: '/bin/bash', directory: '/home/olduser' }],
  }, 'numeric columns become strings');
  t.same(users?.p_any_usernames, ['backdoor', 'olduser'], 'from added and removed rows');
  t.same(users?.p_any_domain_names, [], 'ip-10-0-1-25 is a bare host name');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ diffResults: undefined })), 'diffResults: required field missing');
  t.equal(reasonOf(variant({ action: 'added' })), 'action "added" present: not a batch line');
  t.equal(reasonOf(variant({ hostIdentifier: undefined })), 'hostIdentifier: required field missing (nor hostname)');
  t.equal(reasonOf(variant({ name: undefined })), 'name: required field missing');
  t.match(reasonOf(variant({ diffResults: { added: { a: '1' } } })), /^diffResults\.added: expected array, got object/);
  t.match(reasonOf(variant({ diffResults: [] })), /^diffResults: expected object, got array/);
  t.match(reasonOf(variant({ calendarTime: undefined })), /^calendarTime: required field missing/);
});

t.test('among the osquery types, only batch lines are batch', async (t) => {
  for (const name of ['Differential', 'Snapshot', 'Status']) {
    const other = sampleLines(new URL(`../../../parsers/osquery/samples/Osquery.${name}.jsonl`, import.meta.url));
    t.ok(classifyLines([Batch], other).every((r) => r.kind === 'unclassified'), `${name} lines are rejected`);
  }
  const [r] = classifyLines(osqueryLogTypes, [lines[0] as string]);
  t.equal(r?.kind === 'event' ? r.logType.name : r?.kind, 'Osquery.Batch');
});
