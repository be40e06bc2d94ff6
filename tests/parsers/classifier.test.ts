import t from 'tap';
import { string } from '../../parsers/core/fields.js';
import { defineLogType, type ParseResult } from '../../parsers/core/logtype.js';
import { classifyLines } from '../helpers/parse.js';

/** A text format announced by a "#cols a b" header line; each parser keeps the columns it saw. */
function headerFormat(name: string, marker: string) {
  return defineLogType({
    name,
    description: `test format ${name}`,
    reference: 'https://example.com',
    fields: { a: string({ required: true }), b: string() },
    parser: {
      kind: 'text',
      create: () => {
        let cols: string[] | undefined;
        return (line): ParseResult => {
          if (line.startsWith('#cols ')) {
            cols = line.slice(6).split(' ');
            return { ok: 'header' };
          }
          if (cols === undefined) return { ok: false, reason: 'no #cols header yet' };
          if (!line.startsWith(marker)) return { ok: false, reason: `not a ${marker} line` };
          const values = line.slice(marker.length).split(' ');
          return { ok: true, event: Object.fromEntries(cols.map((c, i) => [c, values[i]])) };
        };
      },
    },
  });
}

const First = headerFormat('Test.First', 'F:');
const Second = headerFormat('Test.Second', 'S:');
const Json = defineLogType({ name: 'Test.Json', description: 'json', reference: 'https://example.com', fields: { a: string({ required: true }) }, parser: { kind: 'json' } });

t.test('a header line is claimed by the first parser and seen by every text parser', async (t) => {
  const rs = classifyLines([First, Second, Json], ['#cols a b', 'S:x y', 'F:p q']);
  t.same(
    rs.map((r) => (r.kind === 'unclassified' ? r.kind : `${r.kind}:${r.logType.name}`)),
    ['header:Test.First', 'event:Test.Second', 'event:Test.First'],
  );
  t.match(rs[1], { event: { a: 'x', b: 'y' } }, 'the second parser read the columns of a header the first claimed');
});

t.test('unclassified lines carry every type\'s reason; the last winner is tried first', async (t) => {
  const [r] = classifyLines([First, Json], ['plain text']);
  t.equal(r?.kind, 'unclassified');
  if (r?.kind === 'unclassified') {
    t.same(r.reasons.map((x) => x.logType), ['Test.First', 'Test.Json']);
    t.equal(r.reasons[0]?.reason, 'no #cols header yet');
    t.match(r.reasons[1]?.reason, /^invalid JSON/);
  }
  const after = classifyLines([First, Json], ['{"a":"1"}', 'nope']);
  t.same(after[1]?.kind === 'unclassified' ? after[1].reasons.map((x) => x.logType) : [], ['Test.Json', 'Test.First'], 'Test.Json moved to the front');
});
