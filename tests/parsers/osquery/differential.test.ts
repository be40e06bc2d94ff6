import t from 'tap';
import { osqueryLogTypes } from '../../../parsers/osquery/index.js';
import { Differential } from '../../../parsers/osquery/differential.js';
import { classifyLines, eventsOf, sampleLines } from '../../helpers/parse.js';

const lines = sampleLines(new URL('../../../parsers/osquery/samples/Osquery.Differential.jsonl', import.meta.url));
const base = JSON.parse(lines[2] as string) as Record<string, unknown>;
const variant = (changes: Record<string, unknown>): string => JSON.stringify({ ...base, ...changes });
const reasonOf = (line: string): string | undefined => {
  const [r] = classifyLines([Differential], [line]);
  return r?.kind === 'unclassified' ? r.reasons[0]?.reason : `accepted as ${r?.kind}`;
};

t.test('differential samples parse with their values and indicators', async (t) => {
  const events = eventsOf(classifyLines([Differential], lines));
  t.equal(events.length, 6);
  const [added, removed, mounts, sockets, users, hashes] = events as Array<Record<string, unknown>>;

  t.same(
    Object.fromEntries(Object.entries(added as object).filter(([k]) => !k.startsWith('p_'))),
    {
      action: 'added',
      columns: { name: 'osqueryd', path: '/usr/local/bin/osqueryd', pid: '97830' },
      name: 'processes',
      hostname: 'hostname.local',
      calendarTime: '2014-09-30 17:37:30.000000000',
      unixTime: '2014-10-01 00:37:30.000000000',
      epoch: 314159265,
      counter: 1,
    },
    'the docs example: numbers from strings, both times normalized',
  );
  t.equal(added?.p_event_time, '2014-09-30 17:37:30.000000000');
  t.same(added?.p_any_domain_names, ['hostname.local']);
  t.match(removed, { action: 'removed', columns: { pid: '97650' } });

  t.match(mounts, {
    hostIdentifier: 'Quans-MacBook-Pro-2.local',
    calendarTime: '2018-11-05 06:08:26.000000000',
    epoch: 0,
    counter: 62,
    logNumericsAsNumbers: false,
    decorations: { host_uuid: 'F919E9BF-0BF1-5456-8F6C-335243AEA537' },
    log_type: 'result',
    p_event_time: '2018-11-05 06:08:26.000000000',
  });

  t.match(sockets, { unixTime: '2024-03-04 09:12:45.000000000', epoch: 0, counter: 17, numerics: true });
  t.same(sockets?.columns, {
    family: '2',
    fd: '7',
    local_address: '10.0.1.25',
    local_port: '51822',
    path: '/usr/bin/curl',
    pid: '31337',
    protocol: '6',
    remote_address: '203.0.113.9',
    remote_port: '443',
    socket: '918273',
    state: 'ESTABLISHED',
  }, 'numeric columns (--logger_numerics) become strings');
  t.same(sockets?.p_any_ip_addresses, ['10.0.1.25', '203.0.113.9']);
  t.same(sockets?.p_any_domain_names, ['web-02.example.com'], 'hostIdentifier and the hostname decoration');
  t.same(sockets?.p_any_usernames, ['deploy'], 'from the decorations');

  t.same(users?.p_any_ip_addresses, ['198.51.100.7'], 'logged_in_users.host');
  t.same(users?.p_any_usernames, ['admin']);
  t.equal(users?.numerics, false);

  t.same(hashes?.p_any_ip_addresses, ['10.0.1.25'], 'an IP host identifier');
  t.same(hashes?.p_any_md5_hashes, ['d41d8cd98f00b204e9800998ecf8427e']);
  t.same(hashes?.p_any_sha1_hashes, ['da39a3ee5e6b4b0d3255bfef95601890afd80709']);
  t.same(hashes?.p_any_sha256_hashes, ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']);
});

t.test('near misses are rejected with a reason', async (t) => {
  t.equal(reasonOf(variant({ action: undefined })), 'action: required field missing');
  t.equal(reasonOf(variant({ action: 'snapshot' })), 'action is "snapshot", not "added" or "removed"');
  t.equal(reasonOf(variant({ columns: undefined })), 'columns: required field missing');
  t.equal(reasonOf(variant({ hostIdentifier: undefined })), 'hostIdentifier: required field missing (nor hostname)');
  t.equal(reasonOf(variant({ log_type: 'status' })), 'log_type is "status", not "result"');
  t.match(reasonOf(variant({ calendarTime: 'Tue Nov 5 06:08:26 2018 PST' })), /^calendarTime: expected timestamp/);
  t.match(reasonOf(variant({ unixTime: 'soon' })), /^unixTime: expected timestamp/);
  t.match(reasonOf(variant({ epoch: 'zero' })), /^epoch: expected integer, got string "zero"/);
  t.match(reasonOf(variant({ columns: { nested: { a: '1' } } })), /^columns\.nested: expected string, got object/);
  t.match(reasonOf((lines[2] as string).slice(0, 120)), /^invalid JSON/);
});

t.test('among the osquery types, other formats are not differential', async (t) => {
  for (const name of ['Batch', 'Snapshot', 'Status']) {
    const other = sampleLines(new URL(`../../../parsers/osquery/samples/Osquery.${name}.jsonl`, import.meta.url));
    const results = classifyLines([Differential], other);
    t.ok(results.every((r) => r.kind === 'unclassified'), `${name} lines are rejected`);
  }
  // Columns with a snapshot action belong to no type.
  const [r] = classifyLines(osqueryLogTypes, [variant({ action: 'snapshot' })]);
  t.equal(r?.kind, 'unclassified');
});
