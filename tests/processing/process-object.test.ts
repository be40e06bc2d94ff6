import t from 'tap';
import { gzipSync } from 'node:zlib';
import { UNCLASSIFIED_COLUMNS } from '../../processing/keys.js';
import { processObject } from '../../processing/process-object.js';
import { chunks, lakeKeys, lakeRows, tempLake } from '../helpers/lake.js';
import { TestJson, TestText } from '../helpers/logtypes.js';

const base = {
  logTypes: [TestJson, TestText],
  source: { sourceId: 'src-1', sourceLabel: 'label-1' },
  objectKey: 'input/a.log',
  objectId: 'abcdef0123456789',
  objectTime: new Date('2024-05-06T07:08:09Z'),
  parseTime: '2024-05-06 07:10:00.000000000',
};

const jsonLine = (time: string, user: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ time, user, ...extra });

t.test('events land in hourly partitions with standard fields; junk is kept with reasons', async (t) => {
  const lake = tempLake();
  const input = [
    jsonLine('2024-05-06T01:59:59.5Z', 'alice', { ip: '10.0.0.1', arns: ['arn:aws:iam::123456789012:user/alice'] }),
    jsonLine('2024-05-06T02:00:00Z', 'bob', { ip: 'not-an-ip', count: 3 }),
    '',
    '   ',
    'KV 7 seven',
    'HDR',
    'garbage line',
    '{"time": "2024-05-06T02:00:00Z"}',
  ].join('\r\n');
  const stats = await processObject(chunks(input), { ...base, lake });
  t.equal(stats.lines, 6, 'blank lines are not lines');
  t.same(stats.classified, { 'Test.Json': 2, 'Test.Text': 1 });
  t.equal(stats.headers, 1);
  t.equal(stats.unclassified, 2);
  t.equal(stats.lines, stats.classified['Test.Json']! + stats.classified['Test.Text']! + stats.unclassified + stats.headers);
  t.same((await lakeKeys(lake)).sort(), [
    'logs/test_json/year=2024/month=05/day=06/hour=01/20240506T070809Z-abcdef0123456789.json.gz',
    'logs/test_json/year=2024/month=05/day=06/hour=02/20240506T070809Z-abcdef0123456789.json.gz',
    'logs/test_text/year=2024/month=05/day=06/hour=07/20240506T070809Z-abcdef0123456789.json.gz',
    'logs/unclassified/year=2024/month=05/day=06/hour=07/20240506T070809Z-abcdef0123456789.json.gz',
  ]);
  const [alice] = await lakeRows(lake, 'logs/test_json/year=2024/month=05/day=06/hour=01/');
  t.match(alice, {
    user: 'alice',
    time: '2024-05-06 01:59:59.500000000',
    p_log_type: 'Test.Json',
    p_event_time: '2024-05-06 01:59:59.500000000',
    p_parse_time: base.parseTime,
    p_source_id: 'src-1',
    p_source_label: 'label-1',
    p_any_ip_addresses: ['10.0.0.1'],
    p_any_usernames: ['alice'],
    p_any_aws_arns: ['arn:aws:iam::123456789012:user/alice'],
    p_any_aws_account_ids: ['123456789012'],
    p_any_emails: [],
  });
  const [bob] = await lakeRows(lake, 'logs/test_json/year=2024/month=05/day=06/hour=02/');
  t.same(bob?.p_any_ip_addresses, [], 'an invalid IP is not an indicator');
  const [text] = await lakeRows(lake, 'logs/test_text/');
  t.equal(text?.p_event_time, base.parseTime, 'no event time field: p_event_time falls back to p_parse_time');
  const junk = await lakeRows(lake, 'logs/unclassified/');
  t.equal(junk.length, 2);
  t.match(junk[0], {
    raw: 'garbage line',
    object_key: 'input/a.log',
    line_number: 5,
    p_source_id: 'src-1',
    reasons: [
      { logType: 'Test.Text', reason: 'not a KV line' },
      { logType: 'Test.Json', reason: /^invalid JSON/ },
    ],
  });
  // Most recently successful parser first: Test.Text matched last.
  t.match(junk[1], { reasons: [{ logType: 'Test.Text' }, { logType: 'Test.Json', reason: 'user: required field missing' }] });
  const ids = new Set([alice?.p_row_id, bob?.p_row_id, text?.p_row_id, junk[0]?.p_row_id, junk[1]?.p_row_id]);
  t.equal(ids.size, 5, 'row ids are unique');
});

t.test('reprocessing the same object replaces its files instead of duplicating', async (t) => {
  const lake = tempLake();
  const input = `${jsonLine('2024-05-06T01:00:00Z', 'a')}\n${jsonLine('2024-05-06T01:30:00Z', 'b')}\n`;
  await processObject(chunks(input), { ...base, lake });
  await processObject(chunks(input), { ...base, lake });
  t.equal((await lakeRows(lake, 'logs/')).length, 2);
});

t.test('malformed input never crashes and every line is accounted for', async (t) => {
  const lake = tempLake();
  const invalidUtf8 = Buffer.from([0x4b, 0x56, 0x20, 0xff, 0xfe, 0x0a]);
  const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256).filter((b) => b !== 0x0a));
  const big = `{"user": "${'x'.repeat(10 * 1024 * 1024)}"\n`;
  const stats = await processObject(
    chunks(invalidUtf8, binary, Buffer.from('\n'), '{"time": "2024-01-01T00:00:00Z", "us', '\n[1,2]\n"str"\nnull\n', big),
    { ...base, lake },
  );
  t.equal(stats.lines, 7);
  t.equal(stats.unclassified, 7);
  const rows = await lakeRows(lake, 'logs/unclassified/');
  t.equal(rows.length, 7);
  t.equal(rows[0]?.raw_base64, Buffer.from([0x4b, 0x56, 0x20, 0xff, 0xfe]).toString('base64'), 'invalid UTF-8 keeps its exact bytes');
  t.match(rows[3], { raw: '[1,2]', reasons: [{ logType: 'Test.Json', reason: 'JSON value is an array, not an object' }] });
  t.match(rows[5], { reasons: [{ logType: 'Test.Json', reason: 'JSON value is null, not an object' }] });
  t.equal((rows[6]?.raw as string).length, big.length - 1, 'a 10 MB line is kept whole');
  // The lake's unclassified table (stacks/data-catalog.ts) has a column for every key written.
  const columns = new Set(UNCLASSIFIED_COLUMNS.map((c) => c.name));
  t.same([...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !columns.has(k)), [], 'no key without a column');
  t.ok(rows.some((r) => 'raw_base64' in r) && rows.every((r) => 'reasons' in r && 'line_number' in r));
});

t.test('empty input and a truncated gzip stream', async (t) => {
  const lake = tempLake();
  const empty = await processObject(chunks(), { ...base, lake });
  t.same([empty.lines, empty.unclassified, empty.keys.length], [0, 0, 0]);

  const lines = Array.from({ length: 2000 }, (_, i) => jsonLine('2024-05-06T03:00:00Z', `user${i}`)).join('\n');
  const gz = gzipSync(lines);
  const cut = gz.subarray(0, Math.floor(gz.length / 2));
  const stats = await processObject(chunks(cut), { ...base, objectId: 'ffff000011112222', lake });
  t.ok(stats.lines > 0 && stats.lines < 2000, `kept the ${stats.lines} lines before the cut`);
  t.equal(stats.lines, (stats.classified['Test.Json'] ?? 0) + stats.unclassified);
  t.equal(stats.warnings.length, 1);
  t.match(stats.warnings[0], /gzip: stream truncated/);
  const junk = await lakeRows(lake, 'logs/unclassified/');
  t.ok(junk.length <= 1, 'at most the cut line is unclassified');
  if (junk.length === 1) t.match(junk[0], { damage: /ended early/ });
});

t.test('CloudTrail-style Records files are split into records, gzip or not', async (t) => {
  const records = Array.from({ length: 50 }, (_, i) => ({ time: '2024-05-06T04:00:00Z', user: `u${i}`, nested: { a: [1, { b: '}]"\\' }] } }));
  const file = JSON.stringify({ Records: records });
  for (const [name, bytes] of [['plain', Buffer.from(file)], ['gzip', gzipSync(file)]] as const) {
    const lake = tempLake();
    // Tiny chunks: records and strings straddle chunk boundaries.
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) parts.push(bytes.subarray(i, i + 7));
    const stats = await processObject(chunks(...parts), { ...base, lake });
    t.equal(stats.lines, 50, `${name}: 50 records`);
    t.same(stats.classified, { 'Test.Json': 50 }, name);
    const rows = await lakeRows(lake, 'logs/test_json/');
    t.same(rows[49]?.nested, { a: [1, { b: '}]"\\' }] }, `${name}: record content intact`);
  }
  const lake = tempLake();
  const truncated = file.slice(0, file.length - 40);
  const stats = await processObject(chunks(truncated), { ...base, lake });
  t.equal(stats.classified['Test.Json'], 49);
  t.equal(stats.unclassified, 1, 'the cut record is kept as unclassified');
  const [cutRecord] = await lakeRows(lake, 'logs/unclassified/');
  t.match(cutRecord, { damage: /truncated/ });
});

t.test('a failing lake write fails the object (so the message is retried) and leaves nothing behind', async (t) => {
  const lake = tempLake();
  const failing = {
    location: 'failing',
    get: lake.get.bind(lake),
    list: lake.list.bind(lake),
    delete: lake.delete.bind(lake),
    upload: (key: string, contentType: string) => {
      const u = lake.upload(key, contentType);
      u.stream.destroy(new Error('SlowDown: please reduce your request rate'));
      return u;
    },
  };
  const lines = Array.from({ length: 20_000 }, (_, i) => jsonLine('2024-05-06T03:00:00Z', `user${i}`)).join('\n');
  await t.rejects(processObject(chunks(lines), { ...base, lake: failing }), /SlowDown/);
  t.same(await lakeKeys(lake), [], 'no partial object is visible');
});

t.test('a source that fails mid-read fails the object (retry), unlike damaged bytes (kept with a warning)', async (t) => {
  async function* broken(gzip: boolean): AsyncGenerator<Uint8Array> {
    const text = Array.from({ length: 5000 }, (_, i) => jsonLine('2024-05-06T03:00:00Z', `user${i}`)).join('\n');
    const bytes = gzip ? gzipSync(text) : Buffer.from(text);
    yield bytes.subarray(0, 1000);
    throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  }
  for (const gzip of [false, true]) {
    const lake = tempLake();
    await t.rejects(processObject(broken(gzip), { ...base, lake }), { name: 'SourceReadError', message: /reading the object failed after 1000 bytes: read ECONNRESET/ }, gzip ? 'gzip' : 'plain');
    t.same(await lakeKeys(lake), [], 'nothing written');
  }
});
