import t from 'tap';
import { parsePri, stripBom } from '../../../parsers/syslog/common.js';

t.test('PRI splits into facility and severity', async (t) => {
  t.same(parsePri('<0>x'), { priority: 0, facility: 0, severity: 0, rest: 'x' });
  t.same(parsePri('<191>rest'), { priority: 191, facility: 23, severity: 7, rest: 'rest' });
  t.same(parsePri('<86>1 -'), { priority: 86, facility: 10, severity: 6, rest: '1 -' });
  t.match(parsePri('<192>x'), /invalid PRI "192"/);
  t.match(parsePri('<00>x'), /leading zeros/);
  t.match(parsePri('<1234>x'), /malformed <PRI>/);
  t.match(parsePri('<>x'), /malformed <PRI>/);
  t.match(parsePri('x<13>'), /missing <PRI>/);
});

t.test('only a leading byte order mark is stripped', async (t) => {
  t.equal(stripBom('\ufeffhello'), 'hello');
  t.equal(stripBom('hel\ufefflo'), 'hel\ufefflo');
  t.equal(stripBom(''), '');
});
