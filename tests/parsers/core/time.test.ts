import t from 'tap';
import { parseRfc3339, parseEpoch, fromParts, formatEpochMs, partitionOf } from '../../../parsers/core/time.js';

t.test('RFC 3339 keeps sub-second precision and converts offsets to UTC', async (t) => {
  t.equal(parseRfc3339('2019-11-07T22:31:49Z'), '2019-11-07 22:31:49.000000000');
  t.equal(parseRfc3339('2018-07-02T22:23:00.186641Z'), '2018-07-02 22:23:00.186641000');
  t.equal(parseRfc3339('2020-01-01T01:30:00.123456789+02:00'), '2019-12-31 23:30:00.123456789');
  t.equal(parseRfc3339('2020-01-01 00:00:00'), '2020-01-01 00:00:00.000000000');
  t.equal(parseRfc3339('2021-02-30T00:00:00Z'), null, 'February 30th is not a date');
  t.equal(parseRfc3339('yesterday'), null);
});

t.test('epoch numbers in each unit', async (t) => {
  t.equal(parseEpoch(1600000000, 'unix'), '2020-09-13 12:26:40.000000000');
  t.equal(parseEpoch('1600000000.123456', 'unix'), '2020-09-13 12:26:40.123456000');
  t.equal(parseEpoch(1600000000123, 'unix_ms'), '2020-09-13 12:26:40.123000000');
  t.equal(parseEpoch('abc', 'unix'), null);
  t.equal(formatEpochMs(Number.NaN), null);
});

t.test('parts and partitions', async (t) => {
  const ts = fromParts(2019, 2, 6, 0, 0, 38, '', -60);
  t.equal(ts, '2019-02-06 01:00:38.000000000', 'a -01:00 offset moves the time forward');
  t.same(partitionOf('2019-02-06 01:00:38.000000000'), ['2019', '02', '06', '01']);
  t.equal(fromParts(2019, 13, 1, 0, 0, 0), null);
});
