import t from 'tap';
import { array, bigint, boolean, float, int, json, map, object, string, timestamp } from '../../../parsers/core/fields.js';
import { checkFields, defineLogType, finishEvent, normalizeTimestamp, type EventOf } from '../../../parsers/core/logtype.js';
import { glueColumns, glueType } from '../../../parsers/core/glue.js';
import { describeLogType } from '../../../parsers/core/describe.js';

const Demo = defineLogType({
  name: 'Demo.Event',
  description: 'every field kind',
  reference: 'https://example.com/demo',
  fields: {
    at: timestamp({ required: true }),
    epoch: timestamp({ format: 'unix_ms' }),
    name: string({ required: true, indicators: ['username'] }),
    n: int(),
    big: bigint(),
    ratio: float(),
    ok: boolean(),
    blob: json(),
    who: object({ email: string({ indicators: ['email'] }), ip: string({ indicators: ['ip'] }) }),
    ips: array(string(), { indicators: ['ip'] }),
    when: array(timestamp()),
    tags: map(string()),
  },
  eventTime: 'at',
  parser: { kind: 'json' },
});

// The declaration types the event: a compile-time check that fails `npm run typecheck` if derivation breaks.
const typed: EventOf<typeof Demo> = {} as EventOf<typeof Demo>;
void (typed.name satisfies string);
void (typed.n satisfies number | undefined);
void (typed.who?.email satisfies string | undefined);
void (typed.p_any_ip_addresses satisfies string[]);

const source = { sourceId: 'id', sourceLabel: 'label' };

t.test('check: required fields and types, with the path in the reason', async (t) => {
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x' }), null);
  t.equal(checkFields(Demo.fields, { name: 'x' }), 'at: required field missing');
  t.equal(checkFields(Demo.fields, { at: 'soon', name: 'x' }), 'at: expected timestamp, got string "soon"');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', n: 1.5 }), 'n: expected integer, got number');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', ratio: 'a' }), 'ratio: expected number, got string "a"');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', ok: 'true' }), 'ok: expected boolean, got string "true"');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', who: [] }), 'who: expected object, got array');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', who: { ip: 5 } }), 'who.ip: expected string, got number');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', ips: ['a', 7] }), 'ips[1]: expected string, got number');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', ips: 'a' }), 'ips: expected array, got string "a"');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', tags: { a: 1 } }), 'tags.a: expected string, got number');
  t.equal(checkFields(Demo.fields, { at: '2024-01-01T00:00:00Z', name: 'x', tags: null, blob: [1, { x: 2 }] }), null, 'null optional fields and any json pass');
});

t.test('finish: timestamps normalized, indicators collected, standard fields added, unknown keys kept', async (t) => {
  const obj = { at: '2024-01-01T10:00:00.5+01:00', epoch: 1704103200000, name: 'alice', who: { email: 'A@B.io', ip: '198.51.100.1' }, ips: ['203.0.113.9', 'nope'], when: ['2024-01-01T00:00:00Z'], extra: { kept: true } };
  const r = finishEvent(Demo, obj, source, '2024-01-02 00:00:00.000000000', 'row-1');
  t.ok(r.ok);
  if (!r.ok) return;
  t.match(r.event, {
    at: '2024-01-01 09:00:00.500000000',
    epoch: '2024-01-01 10:00:00.000000000',
    when: ['2024-01-01 00:00:00.000000000'],
    extra: { kept: true },
    p_log_type: 'Demo.Event',
    p_row_id: 'row-1',
    p_event_time: '2024-01-01 09:00:00.500000000',
    p_parse_time: '2024-01-02 00:00:00.000000000',
    p_source_id: 'id',
    p_source_label: 'label',
    p_any_ip_addresses: ['198.51.100.1', '203.0.113.9'],
    p_any_emails: ['a@b.io'],
    p_any_usernames: ['alice'],
  });
  const bad = { at: 'x', name: 'n' };
  t.same(finishEvent(Demo, bad, source, 'p', 'r'), { ok: false, reason: 'at: expected timestamp, got string "x"' });
  t.same(bad, { at: 'x', name: 'n' }, 'a rejected object is left untouched for the next candidate');
});

t.test('timestamps: memo and already-normalized values', async (t) => {
  t.equal(normalizeTimestamp('rfc3339', '2024-01-01 00:00:00.123456789'), '2024-01-01 00:00:00.123456789');
  t.equal(normalizeTimestamp('unix', 1704067200), '2024-01-01 00:00:00.000000000');
  t.equal(normalizeTimestamp('unix', 1704067200), '2024-01-01 00:00:00.000000000', 'memoized value is the same');
  t.equal(normalizeTimestamp('rfc3339', 12), null);
  t.equal(normalizeTimestamp((raw) => (raw === 'now' ? '2024-01-01 00:00:00.000000000' : null), 'now'), '2024-01-01 00:00:00.000000000');
});

t.test('declarations are checked when defined', async (t) => {
  t.throws(() => defineLogType({ name: 'lower', description: '', reference: '', fields: {}, parser: { kind: 'json' } }), /must look like Vendor.Type/);
  t.throws(() => defineLogType({ name: 'A.B', description: '', reference: '', fields: { x: string() }, eventTime: 'x', parser: { kind: 'json' } }), /must name a top-level timestamp field/);
});

t.test('eventTimeFallbacks: the first present field gives the event time when eventTime is absent', async (t) => {
  const Two = defineLogType({
    name: 'Demo.TwoSpellings',
    description: 'two spellings of the time',
    reference: 'https://example.com/two',
    fields: { end: timestamp(), when: timestamp(), id: string({ required: true }) },
    eventTime: 'end',
    eventTimeFallbacks: ['when'],
    parser: { kind: 'json' },
  });
  const time = (obj: Record<string, unknown>): unknown => {
    const r = finishEvent(Two, obj, source, '2026-01-01 00:00:00.000000000', 'r');
    return r.ok ? r.event.p_event_time : r.reason;
  };
  t.equal(time({ id: 'a', end: '2024-01-01T00:00:00Z', when: '2023-01-01T00:00:00Z' }), '2024-01-01 00:00:00.000000000', 'eventTime wins');
  t.equal(time({ id: 'a', when: '2023-01-01T00:00:00Z' }), '2023-01-01 00:00:00.000000000');
  t.equal(time({ id: 'a' }), '2026-01-01 00:00:00.000000000', 'neither: the parse time');
  t.same(describeLogType(Two).eventTimeFallbacks, ['when']);
  t.throws(() => defineLogType({ name: 'A.B', description: '', reference: '', fields: { x: timestamp(), y: string() }, eventTime: 'x', eventTimeFallbacks: ['y'], parser: { kind: 'json' } }), /eventTimeFallbacks "y" must name a top-level timestamp field/);
});

t.test('Glue types and descriptions derive from the same declaration', async (t) => {
  t.equal(glueType(Demo.fields.who), 'struct<email:string,ip:string>');
  t.equal(glueType(Demo.fields.tags), 'map<string,string>');
  t.equal(glueType(Demo.fields.big), 'bigint');
  t.equal(glueType(Demo.fields.ratio), 'double');
  t.equal(glueType(Demo.fields.blob), 'string');
  const cols = glueColumns(Demo);
  t.same(cols.slice(0, 3).map((c) => `${c.name}:${c.type}`), ['at:timestamp', 'epoch:timestamp', 'name:string']);
  t.equal(cols.at(-1)?.name, 'p_any_usernames');
  t.equal(cols.length, Object.keys(Demo.fields).length + 18);
  const d = describeLogType(Demo);
  t.match(d, { name: 'Demo.Event', table: 'demo_event', eventTime: 'at', parser: 'json' });
  t.match(d.fields.find((f) => f.name === 'who'), { type: 'object', fields: [{ name: 'email', indicators: ['email'] }, { name: 'ip' }] });
  t.match(d.fields.find((f) => f.name === 'ips'), { type: 'array<string>', glueType: 'array<string>' });
});

t.test('coerce: loosely spelled scalars are accepted and converted, others still rejected', async (t) => {
  const Loose = defineLogType({
    name: 'Demo.Loose',
    description: 'coercion',
    reference: 'https://example.com/loose',
    fields: { n: int({ coerce: true }), f: float({ coerce: true }), b: boolean({ coerce: true }), s: string({ coerce: true }), strict: int() },
    parser: { kind: 'json' },
  });
  const r = finishEvent(Loose, { n: '-42', f: '1.5e3', b: 'false', s: 7 }, source, 'p', 'r');
  t.match(r, { ok: true, event: { n: -42, f: 1500, b: false, s: '7' } });
  t.same(finishEvent(Loose, { n: '4.2' }, source, 'p', 'r'), { ok: false, reason: 'n: expected integer, got string "4.2"' });
  t.same(finishEvent(Loose, { b: 'yes' }, source, 'p', 'r'), { ok: false, reason: 'b: expected boolean, got string "yes"' });
  t.same(finishEvent(Loose, { strict: '1' }, source, 'p', 'r'), { ok: false, reason: 'strict: expected integer, got string "1"' });
  t.same(finishEvent(Loose, { s: { a: 1 } }, source, 'p', 'r'), { ok: false, reason: 's: expected string, got object' });
});
