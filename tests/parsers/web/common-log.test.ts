import t from 'tap';
import { parseClfTime, present, scanAccessLine, splitRequest, type AccessLine } from '../../../parsers/web/common-log.js';

const scan = (line: string, start = 0): AccessLine => {
  const a = scanAccessLine(line, start);
  if (typeof a === 'string') throw new Error(`rejected: ${a}`);
  return a;
};
const reasonOf = (line: string): string => {
  const a = scanAccessLine(line);
  return typeof a === 'string' ? a : `accepted with ${a.fields} fields`;
};

const COMMON = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326';
const COMBINED = `${COMMON} "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`;

t.test('CLF times: offsets applied, one-digit days, impossible dates refused', async (t) => {
  t.equal(parseClfTime('10/Oct/2000:13:55:36 -0700'), '2000-10-10 20:55:36.000000000');
  t.equal(parseClfTime('06/Feb/2019:00:00:38 +0000'), '2019-02-06 00:00:38.000000000');
  t.equal(parseClfTime('1/Jan/2020:00:30:00 +0530'), '2019-12-31 19:00:00.000000000', 'one-digit day, half-hour zone');
  t.equal(parseClfTime('29/Feb/2024:12:00:00 +0000'), '2024-02-29 12:00:00.000000000');
  t.equal(parseClfTime('30/Feb/2024:12:00:00 +0000'), null);
  t.equal(parseClfTime('10/Foo/2000:13:55:36 -0700'), null);
  t.equal(parseClfTime('10/Oct/2000:25:55:36 -0700'), null);
  t.equal(parseClfTime('10/Oct/2000 13:55:36 -0700'), null);
  t.equal(parseClfTime('2000-10-10T13:55:36Z'), null);
});

t.test('common and combined lines: fields, quoting and escapes reported', async (t) => {
  const c = scan(COMMON);
  t.match(c, { host: '127.0.0.1', ident: '-', identQuoted: false, user: 'frank', userQuoted: false, request: 'GET /apache_pb.gif HTTP/1.0', status: 200, bytes: '2326', fields: 7 });
  t.equal(c.time, '2000-10-10 20:55:36.000000000');
  t.notOk('referer' in c);

  const b = scan(COMBINED);
  t.equal(b.fields, 9);
  t.equal(b.referer, 'http://www.example.com/start.html');
  t.equal(b.userAgent, 'Mozilla/4.08 [en] (Win98; I ;Nav)');
  t.notOk(b.backslashEscapes || b.hexEscapes);

  const fastly = scan('127.0.0.1 "-" "-" [11/Sep/2020:13:20:27 +0000] "GET / HTTP/1.1" 404 -');
  t.match(fastly, { ident: '-', identQuoted: true, user: '-', userQuoted: true, bytes: '-', fields: 7 });

  const apache = scan('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a\\"b HTTP/1.1" 200 1 "-" "x \\\\ y"');
  t.ok(apache.backslashEscapes, 'an escaped quote does not end the field');
  t.equal(apache.request, 'GET /a\\"b HTTP/1.1', 'escapes are kept as written');
  t.notOk(apache.hexEscapes);

  const nginx = scan('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "\\x22quoted\\x22 and \\x5Cslash"');
  t.ok(nginx.hexEscapes);
  t.notOk(nginx.backslashEscapes);
  t.notOk(scan('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "\\x16\\x03\\x01" 400 0 "-" "-"').hexEscapes, 'other hex escapes are not quote escapes');

  t.equal(scan(`${COMBINED} \r`).fields, 9, 'trailing blanks and a CR are ignored');
  t.equal(scan(`<134>x ${COMMON}`, 7).host, '127.0.0.1', 'scanning can start after a prefix');
  t.equal(scan('h - - [10/Oct/2000:13:55:36 -0700] "" 400 0 "" ""').request, '', 'empty quoted fields');
});

t.test('lines of other formats are refused early with the reason', async (t) => {
  t.equal(reasonOf('{"eventVersion":"1.08"}'), 'a JSON line, not an access log line');
  t.match(reasonOf('<134>2016-07-04T22:37:26Z cache-sjc3128 LogTest[62959]: hi'), /not an access log line: starts with "<134>/);
  t.match(reasonOf('#Version: 1.0'), /starts with "#Version/);
  t.match(reasonOf(''), /not an access log line/);
  t.match(reasonOf('single'), /a single word "single"/);
  t.match(reasonOf('2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK'), /no \[time\] as 4th field/);
  t.match(reasonOf('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 x'), /no \[time\] as 4th field/);
  t.match(reasonOf('1.2.3.4 "- - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1'), /identity \(2nd field\) not followed by a space/, 'an unbalanced quote');
  t.match(reasonOf('1.2.3.4 "-"x - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1'), /identity \(2nd field\) not followed by a space/);
  t.match(reasonOf('1.2.3.4  - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1'), /identity \(2nd field\) missing/);
  t.match(reasonOf('1.2.3.4 - "frank [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1'), /no \[time\]/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700 "GET / HTTP/1.1" 200 1'), /time \(4th field\): (no closing bracket|expected)/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36] "GET / HTTP/1.1" 200 1'), /time \(4th field\): expected \[dd\/Mon\/yyyy:hh:mm:ss \+zzzz\], got "\[10\/Oct\/2000:13:55:36\]"/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] GET / HTTP/1.1 200 1'), /request \(5th field\): expected a quoted request line/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1 200 1'), /request \(5th field\): no closing quote/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1"'), /status \(6th field\) missing/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" OK 1'), /status \(6th field\): expected 3 digits, got "OK 1"/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2000 1'), /status \(6th field\): expected 3 digits/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 12kB'), /size \(7th field\): expected "-" or a number, got "12kB"/);
  t.match(reasonOf('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200  1'), /size \(7th field\)/);
  t.match(reasonOf(`${COMMON} 0.003`), /unexpected "0.003" after the size: neither the common nor the combined format/);
  t.match(reasonOf(`${COMMON} "-"`), /user agent \(9th field\): expected a quoted field after the referer/);
  t.match(reasonOf(`${COMMON} "http://x/`), /referer \(8th field\): no closing quote/);
  t.match(reasonOf(`${COMMON} "-" "curl`), /user agent \(9th field\): no closing quote/);
  t.match(reasonOf(`${COMBINED} 1234 5678`), /unexpected "1234 5678" after the user agent: more fields than the combined format/);
});

t.test('request lines and absent values', async (t) => {
  t.same(splitRequest('GET /a b HTTP/1.1'), { method: 'GET', uri: '/a b', protocol: 'HTTP/1.1' });
  t.same(splitRequest('OPTIONS * HTTP/2.0'), { method: 'OPTIONS', uri: '*', protocol: 'HTTP/2.0' });
  t.equal(splitRequest('GET /'), null, 'HTTP/0.9');
  t.equal(splitRequest('GET  HTTP/1.1'), null, 'no URI');
  t.equal(splitRequest('\\x16\\x03\\x01'), null);
  t.equal(splitRequest('GET / FTP/1.0'), null);
  t.notOk(present('-'));
  t.notOk(present(''));
  t.notOk(present(undefined));
  t.ok(present('x'));
});
