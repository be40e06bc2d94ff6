import t from 'tap';
import { osqueryLogTypes } from '../../../parsers/osquery/index.js';
import { Snapshot } from '../../../parsers/osquery/snapshot.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/osquery/samples/Osquery.Snapshot.jsonl', import.meta.url));
const base = JSON.parse(lines[0] as string) as Record<string, unknown>;
const variant = (changes: Record<string, unknown>): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Snapshot], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('snapshot samples parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Snapshot], lines));
  t.equal(events.length, 3);
  const [doc, arp, info] = events as Array<Record<string, unknown>>;

  t.match(doc, {
    action: 'snapshot',
    name: 'process_snapshot',
    hostIdentifier: 'hostname.local',
    calendarTime: '2016-05-02 22:27:32.000000000',
    unixTime: '2016-05-02 22:27:32.000000000',
    epoch: 314159265,
    counter: 1,
    p_log_type: 'Osquery.Snapshot',
    p_event_time: '2016-05-02 22:27:32.000000000',
  });
  t.equal((doc?.snapshot as unknown[]).length, 4);
  t.same((doc?.snapshot as unknown[])[1], { parent: '1', path: '/usr/sbin/syslogd', pid: '51' });
  t.same(doc?.p_any_domain_names, ['hostname.local']);

  t.match(arp, { name: 'pack_incident-response_arp_cache', counter: 12, numerics: false, decorations: { host_uuid: '4C4C4544-0051-3810-8052-B2C04F4A4E32' } });
  t.same(arp?.p_any_ip_addresses, ['10.0.1.1', '192.0.2.1']);

  t.match(info, { hostIdentifier: '4ec4d1c2-5b29-4a1f-9d9e-0c8f6a2e3b71', epoch: 0, counter: 0, numerics: true });
  t.equal((info?.snapshot as Array<Record<string, string>>)[0]?.physical_memory, '16624467968', 'a numeric column becomes a string');
  t.same(info?.p_any_domain_names, ['ci-runner-7.example.com'], 'system_info.hostname; a UUID host identifier is no domain');
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ action: 'added' })), 'action is "added", not "snapshot"');
  t.equal(reasonOf(variant({ action: undefined })), 'action: required field missing');
  t.equal(reasonOf(variant({ snapshot: undefined })), 'snapshot: required field missing');
  t.equal(reasonOf(variant({ hostIdentifier: undefined })), 'hostIdentifier: required field missing');
  t.equal(reasonOf(variant({ log_type: 'status' })), 'log_type is "status", not "result"');
  t.match(reasonOf(variant({ snapshot: { pid: '1' } })), /^snapshot: expected array, got object/);
  t.match(reasonOf(variant({ snapshot: [{ pid: ['1'] }] })), /^snapshot\[0\]\.pid: expected string, got array/);
});

t.test('among the osquery types, only snapshot lines are snapshots', async (t) => {
  for (const name of ['Differential', 'Batch', 'Status']) {
    const other = sampleLines(new URL(`../../../parsers/osquery/samples/Osquery.${name}.jsonl`, import.meta.url));
    t.ok(classifyLines([Snapshot], other).every((r) => r.kind === 'unclassified'), `${name} lines are rejected`);
  }
  const [r] = classifyLines(osqueryLogTypes, [lines[1] as string]);
  t.equal(r?.kind === 'event' ? r.logType.name : r?.kind, 'Osquery.Snapshot');
});
