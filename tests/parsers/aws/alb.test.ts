import t from 'tap';
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';
import { ParserOptions } from '@fast-csv/parse';
t.test('x', async (t) => {
  const p = new Parser(new ParserOptions({ delimiter: ' ', quote: '"', escape: '\\' }));
  t.same(p.parse('a "b c" d', false).rows[0], ['a', 'b c', 'd']);
});
