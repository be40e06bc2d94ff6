import t from 'tap';
import { compileFastmatch } from '../../../parsers/custom/fastmatch.js';
import { compileStrftime } from '../../../parsers/custom/strftime.js';
import { inferSchema } from '../../../parsers/custom/infer.js';
import { parseSchema } from '../../../parsers/custom/load.js';
import { stringify } from 'yaml';
import { classifyLines } from '../../helpers/parse.js';

t.test('strftime formats', async (t) => {
  t.equal(compileStrftime('%d/%b/%Y:%H:%M:%S %z')('10/Oct/2000:13:55:36 -0700'), '2000-10-10 20:55:36.000000000');
  t.equal(compileStrftime('%Y-%m-%dT%H:%M:%S.%fZ')('2024-05-06T07:08:09.123456Z'), '2024-05-06 07:08:09.123456000');
  t.equal(compileStrftime('%m/%d/%y %I:%M:%S %p')('05/06/24 07:08:09 PM'), '2024-05-06 19:08:09.000000000');
  t.equal(compileStrftime('%a %b %e %H:%M:%S %Y')('Mon May  6 07:08:09 2024'), '2024-05-06 07:08:09.000000000');
  t.equal(compileStrftime('%Y %j')('2024 060'), '2024-02-29 00:00:00.000000000', 'day of the year');
  t.equal(compileStrftime('%Y-%m-%d')('2024-02-30'), null);
  t.equal(compileStrftime('%Y-%m-%d')(42), null);
  t.throws(() => compileStrftime('%H:%M'), /has no year/);
});

t.test('fastmatch: delimiters, skipped fields, the last field to the end', async (t) => {
  const m = compileFastmatch('<%{pri}>%{_} %{host} %{message}');
  t.same(m.fields, ['pri', 'host', 'message']);
  t.same(m.match('<34>Oct11 web-1 disk full: /var'), { pri: '34', host: 'web-1', message: 'disk full: /var' });
  t.match(m.match('34>x'), /expected the line to start with "<"/);
  const q = compileFastmatch('"%{request}" %{status}');
  t.same(q.match('"GET / HTTP/1.1" 200'), { request: 'GET / HTTP/1.1', status: '200' });
  t.match(q.match('"GET / HTTP/1.1'), /expected "\\" " after %\{request\}/);
  const tail = compileFastmatch('%{a} [%{b}]');
  t.same(tail.match('x [y] z]'), { a: 'x', b: 'y] z' }, 'the final delimiter is found from the end');
  t.match(tail.match('x [y] z'), /unexpected text after the pattern at column 6/);
  t.match(tail.match('x [y z'), /expected "\]" after %\{b\}/);
  t.throws(() => compileFastmatch('no fields'), /has no %\{field\}/);
  t.throws(() => compileFastmatch('%{a} %{a}'), /appears twice/);
});

t.test('infer drafts a schema that loads back and reads the lines it came from', async (t) => {
  const lines = [
    JSON.stringify({ time: '2024-05-06T07:08:09Z', user: 'alice', src: { ip: '10.0.0.1', port: 443 }, ok: true, tags: ['a'], score: 1, arn: 'arn:aws:iam::123456789012:user/a', 'odd key': 1 }),
    JSON.stringify({ time: '2024-05-06T07:08:10Z', user: 'bob', src: { ip: '10.0.0.2', port: 22 }, score: 1.5, mixed: 'x', 'odd key': 2 }),
    JSON.stringify({ time: '2024-05-06T07:08:11Z', user: 'carol', src: { ip: '2001:db8::1' }, score: 3, mixed: 4, big: 2 ** 40 }),
  ];
  const spec = inferSchema(lines, 'Custom.Drafted');
  const byName = Object.fromEntries(spec.fields.map((f) => [f.name, f]));
  t.match(byName.time, { type: 'timestamp', required: true, isEventTime: true });
  t.match(byName.user, { type: 'string', required: true, indicators: ['username'] });
  t.match(byName.src, { type: 'object', required: true, fields: [{ name: 'ip', type: 'string', required: true, indicators: ['ip'] }, { name: 'port', type: 'int' }] });
  t.notOk(byName.src?.fields?.[1]?.required, 'port is missing from one line');
  t.match(byName.ok, { type: 'boolean' });
  t.notOk(byName.ok?.required);
  t.match(byName.score, { type: 'float', required: true });
  t.match(byName.mixed, { type: 'json' });
  t.match(byName.big, { type: 'bigint' });
  t.match(byName.arn, { type: 'string', indicators: ['aws_arn'] });
  t.equal(byName['odd key'], undefined, 'a key no schema can name is left out');
  t.match(spec.description, /left out keys no schema field can name: odd key/);
  const lt = parseSchema(stringify(spec, { version: '1.2' }), 'drafted.yml');
  t.ok(classifyLines([lt], lines).every((r) => r.kind === 'event'), 'the draft reads its own samples');
  t.throws(() => inferSchema(['{"a":1}', 'nope'], 'Custom.X'), /line 2: not JSON/);
  t.throws(() => inferSchema(['[1]'], 'Custom.X'), /line 1: not a JSON object/);
  t.throws(() => inferSchema([''], 'Custom.X'), /no JSON lines/);
});
