import t from 'tap';
import { IndicatorSet } from '../../../parsers/core/indicators.js';
import { builtinLogTypes } from '../../../parsers/registry.js';
import { parseCalendarTime, parseUnixTime, rowIndicators } from '../../../parsers/osquery/common.js';
import { Differential } from '../../../parsers/osquery/differential.js';
import { eventsOf } from '../../helpers/parse.js';
import { classifyLines, sampleLines } from '../../helpers/parse.js';

t.test('calendarTime in its osquery forms', async (t) => {
  t.equal(parseCalendarTime('Tue Sep 22 18:23:51 2020 UTC'), '2020-09-22 18:23:51.000000000');
  t.equal(parseCalendarTime('Mon May  2 22:27:32 2016 UTC'), '2016-05-02 22:27:32.000000000', 'space-padded day');
  t.equal(parseCalendarTime('Tue Nov 5 06:08:26 2018 UTC'), '2018-11-05 06:08:26.000000000', 'unpadded day, wrong weekday');
  t.equal(parseCalendarTime('Tue Sep 30 17:37:30 2014'), '2014-09-30 17:37:30.000000000', 'no zone (the docs, old agents)');
  t.equal(parseCalendarTime('Tue Sep 31 17:37:30 2014 UTC'), null, 'September 31st');
  t.equal(parseCalendarTime('Tue Sep 22 18:23:51 2020 PDT'), null, 'zones other than UTC are not guessed');
  t.equal(parseCalendarTime('2020-09-22T18:23:51Z'), null);
  t.equal(parseCalendarTime(1600799031), null);
});

t.test('unixTime as a number or a numeric string', async (t) => {
  t.equal(parseUnixTime(1600799031), '2020-09-22 18:23:51.000000000');
  t.equal(parseUnixTime('1600799031'), '2020-09-22 18:23:51.000000000');
  t.equal(parseUnixTime('soon'), null);
});

t.test('numbers and flags written as strings become numbers and booleans, column values strings', async (t) => {
  const line = JSON.stringify({
    name: 'pack_x_processes',
    hostIdentifier: 'host-1',
    calendarTime: 'Tue Sep 22 18:23:51 2020 UTC',
    unixTime: '1600799031',
    epoch: '314159265',
    counter: '0',
    numerics: 'false',
    logNumericsAsNumbers: 'true',
    action: 'added',
    columns: { pid: 97830, ok: true, name: 'osqueryd' },
    decorations: { uptime: 12 },
  });
  const [e] = eventsOf(classifyLines([Differential], [line]));
  t.match(e, { epoch: 314159265, counter: 0, numerics: false, logNumericsAsNumbers: true, columns: { pid: '97830', ok: 'true', name: 'osqueryd' }, decorations: { uptime: '12' } });
  const [r] = classifyLines([Differential], [line.replace('"counter":"0"', '"counter":"0x1"')]);
  t.match(r, { kind: 'unclassified', reasons: [{ reason: 'counter: expected integer, got string "0x1"' }] });
});

t.test('well-known column names are indicators', async (t) => {
  const set = new IndicatorSet();
  rowIndicators(
    {
      remote_address: '203.0.113.9',
      local_address: '0.0.0.0',
      address: '::',
      host: 'evil.example.com',
      user: 'root',
      username: 'deploy',
      md5: 'D41D8CD98F00B204E9800998ECF8427E',
      sha256: 'not-a-hash',
      path: '/tmp/x',
      constructor: 'x',
    },
    set,
  );
  const f = set.toFields();
  t.same(f.p_any_ip_addresses, ['203.0.113.9'], 'wildcard addresses are skipped');
  t.same(f.p_any_domain_names, ['evil.example.com']);
  t.same(f.p_any_usernames, ['deploy', 'root']);
  t.same(f.p_any_md5_hashes, ['d41d8cd98f00b204e9800998ecf8427e']);
  t.same(f.p_any_sha256_hashes, []);
});

t.test('with every log type, each osquery sample lands on its own type', async (t) => {
  for (const name of ['Differential', 'Batch', 'Snapshot', 'Status']) {
    const lines = sampleLines(new URL(`../../../parsers/osquery/samples/Osquery.${name}.jsonl`, import.meta.url));
    const results = classifyLines(builtinLogTypes, lines);
    t.same(
      results.map((r) => (r.kind === 'event' ? r.logType.name : r.kind)),
      lines.map(() => `Osquery.${name}`),
      name,
    );
  }
});
