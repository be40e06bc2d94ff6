import t from 'tap';
import { AccessCombined } from '../../../parsers/apache/access.js';
import type { LogType } from '../../../parsers/core/logtype.js';
import { Access } from '../../../parsers/nginx/access.js';
import { logTypes } from '../../../parsers/nginx/index.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';
import { builtinLogTypes } from '../../../parsers/registry.js';

type Obj = Record<string, unknown>;
const lines = sampleLines(new URL('../../../parsers/nginx/samples/Nginx.Access.log', import.meta.url));
const names = (types: readonly LogType[], ls: string[]): string[] => classifyLines(types, ls).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));

t.test('combined-format lines with Panther\'s column names', async (t) => {
  const events = eventsOf(classifyLines([Access], lines)) as Obj[];
  t.equal(events.length, 7);
  const [empty, baidu, closed, probe, admin, tls, download] = events as [Obj, Obj, Obj, Obj, Obj, Obj, Obj];
  t.same(
    Object.keys(empty).filter((k) => !k.startsWith('p_')).sort(),
    ['bodyBytesSent', 'remoteAddr', 'status', 'time'],
    'a connection that sent nothing: no request, referer or agent',
  );
  t.match(empty, { status: 400, bodyBytesSent: 0, remoteAddr: '192.0.2.77' });

  t.match(baidu, {
    remoteAddr: '180.76.15.143',
    time: '2019-02-06 00:00:38.000000000',
    request: 'GET / HTTP/1.1',
    status: 301,
    bodyBytesSent: 193,
    httpReferer: 'https://domain1.com/?p=1',
    httpUserAgent: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.htm)',
    p_log_type: 'Nginx.Access',
    p_event_time: '2019-02-06 00:00:38.000000000',
  });
  t.notOk('remoteUser' in baidu);
  t.same(baidu.p_any_ip_addresses, ['180.76.15.143']);
  t.same(baidu.p_any_domain_names, ['domain1.com']);

  t.equal(closed.status, 499);
  t.notOk('httpReferer' in closed);
  t.equal(probe.request, 'GET /item.php?id=1\\x22%20or%20\\x221\\x22=\\x221 HTTP/1.1', 'nginx escapes kept as written');
  t.equal(probe.time, '2019-02-05 23:02:17.000000000', '+0100 is taken off');
  t.match(admin, { remoteUser: 'admin', request: 'POST /admin/login HTTP/2.0', bodyBytesSent: 0 });
  t.same(admin.p_any_usernames, ['admin']);
  t.same(admin.p_any_domain_names, ['intranet.example.com']);
  t.equal(tls.request, '\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\\x00\\xF0\\x03\\x03');
  t.equal(download.bodyBytesSent, 48213765);
  t.equal(download.time, '2019-02-06 05:05:09.000000000', '-0500 is added');
  t.same(download.p_any_ip_addresses, ['2001:db8::2a']);
});

t.test('lines only Apache writes, and other shapes, are rejected with the reason', async (t) => {
  const base = lines[1] as string;
  t.match(rejection([Access], base.replace(' 193 ', ' - ')), /Nginx\.Access: size "-": nginx's \$body_bytes_sent is always a number/);
  t.match(rejection([Access], base.replace('143 - -', '143 ident -')), /second field "ident": nginx's combined format has a literal "-"/);
  t.match(rejection([Access], base.replace('Baiduspider/2.0;', '\\"Baiduspider\\"/2.0;')), /\\" or \\\\ escape: Apache escapes so/);
  t.match(rejection([Access], base.replace('143 - -', '143 "-" "-"')), /identity or user in quotes/);
  t.match(rejection([Access], base.slice(0, base.indexOf(' "https'))), /7 fields: not the combined format/);
  t.match(rejection([Access], `${base} "0.012"`), /more fields than the combined format/);
  t.match(rejection([Access], '{"remoteAddr":"1.2.3.4"}'), /a JSON line/);
});

t.test('nginx vs Apache combined: the order decides a neutral line, a trait decides the file', async (t) => {
  const neutral = lines[1] as string;
  t.same(names([AccessCombined, Access], [neutral]), ['Apache.AccessCombined'], 'valid for both: the first listed');
  t.same(names([AccessCombined, Access], [lines[0] as string, neutral]), ['Nginx.Access', 'Nginx.Access'], 'an nginx-only line first: the file follows it');
  for (const i of [0, 2, 3, 4]) t.match(rejection([AccessCombined], lines[i] as string), /Apache\.AccessCombined: /, `line ${i + 1} is nginx-only`);
});

t.test('with every log type, the sample lands on Nginx.Access', async (t) => {
  t.same(names(builtinLogTypes, lines), Array(lines.length).fill('Nginx.Access'));
  t.equal(logTypes.length, 1);
});
